package org.sepsisiql.data;

import java.io.Serializable;
import java.util.Arrays;
import org.sepsisiql.udfs.Scores;

/**
 * Turns one stay's bins, in time order, into raw (unnormalized) state features: sample-and-hold of
 * each measured variable within its {@link ClinicalVariable#holdHours()}, the derived scores from
 * the held values, the cumulative fluid balance, the previous bin's doses, and the time features
 * (bin index, hours since onset).
 *
 * <p>Call {@link #observe} once per bin, then {@link #recordTreatment} with that bin's doses. A
 * feature still missing after the hold is NaN here; imputation with the train median and
 * normalization come later (they are fitted on the train split). The cohort stage runs this per
 * stay on the executors and the simulator's rollouts run it step by step, so the features a policy
 * sees in a rollout are computed exactly as in training. Cost: O(features) per bin.
 */
public final class StayFeaturizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int VARIABLES = ClinicalVariable.values().length;

  private final StayStatics statics;
  private final int binHours;
  private final double[] held = new double[VARIABLES];
  private final int[] binsSinceSeen = new int[VARIABLES];
  private double cumulativeFluidMl;
  private double cumulativeUrineMl;
  private double previousFluidMl;
  private double previousVasoDose;
  private boolean awaitingTreatment;
  private int binIndex;

  public StayFeaturizer(StayStatics statics, int binHours) {
    if (binHours < 1) {
      throw new IllegalArgumentException("bin hours must be at least 1, cannot be: " + binHours);
    }
    this.statics = statics;
    this.binHours = binHours;
    Arrays.fill(held, Double.NaN);
    Arrays.fill(binsSinceSeen, Integer.MAX_VALUE / 2);
  }

  /**
   * Features of the next bin from what was observed in it; {@code hoursSinceOnset} is the bin's
   * start minus the sepsis onset time, in hours.
   */
  public double[] observe(BinObservation bin, double hoursSinceOnset) {
    if (awaitingTreatment) {
      throw new IllegalStateException("recordTreatment must follow each observe");
    }
    awaitingTreatment = true;
    holdValues(bin);
    cumulativeUrineMl += bin.urineMl();
    double[] features = new double[Feature.COUNT];
    fillDemographics(features);
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      features[Feature.of(variable).index()] = held[variable.ordinal()];
    }
    fillDerived(features, bin.urineMl());
    features[Feature.FLUID_BALANCE_ML.index()] = cumulativeFluidMl - cumulativeUrineMl;
    features[Feature.URINE_OUTPUT_ML.index()] = bin.urineMl();
    features[Feature.PREV_IV_FLUID_ML.index()] = previousFluidMl;
    features[Feature.PREV_VASO_DOSE.index()] = previousVasoDose;
    features[Feature.STEP_INDEX.index()] = binIndex++;
    features[Feature.HOURS_SINCE_ONSET.index()] = hoursSinceOnset;
    return features;
  }

  /**
   * Records the doses given during the bin just observed: total IV fluid in mL and maximum
   * vasopressor rate in norepinephrine-equivalent mcg/kg/min.
   */
  public void recordTreatment(double fluidMl, double vasoDose) {
    if (!awaitingTreatment) {
      throw new IllegalStateException("observe must precede recordTreatment");
    }
    awaitingTreatment = false;
    previousFluidMl = nonNegative(fluidMl);
    previousVasoDose = nonNegative(vasoDose);
    cumulativeFluidMl += previousFluidMl;
  }

  private void holdValues(BinObservation bin) {
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      int i = variable.ordinal();
      double value = bin.mean(variable);
      if (Double.isFinite(value)) {
        held[i] = value;
        binsSinceSeen[i] = 0;
      } else {
        binsSinceSeen[i]++;
        if ((long) binsSinceSeen[i] * binHours > variable.holdHours()) {
          held[i] = Double.NaN;
        }
      }
    }
  }

  private void fillDemographics(double[] features) {
    features[Feature.AGE_YEARS.index()] = statics.ageYears();
    features[Feature.SEX_FEMALE.index()] = statics.female() ? 1 : 0;
    features[Feature.WEIGHT_KG.index()] = statics.weightKg();
    features[Feature.READMISSION.index()] = statics.readmission() ? 1 : 0;
    features[Feature.ELIXHAUSER.index()] = statics.elixhauser();
  }

  private void fillDerived(double[] features, double urineMl) {
    double pf = Scores.pfRatio(value(ClinicalVariable.PAO2), value(ClinicalVariable.FIO2));
    boolean ventilated = value(ClinicalVariable.MECH_VENT) >= 0.5;
    double urinePer24h = urineMl * 24.0 / binHours;
    features[Feature.PF_RATIO.index()] = pf;
    features[Feature.SHOCK_INDEX.index()] =
        Scores.shockIndex(value(ClinicalVariable.HEART_RATE), value(ClinicalVariable.SBP));
    features[Feature.SOFA.index()] =
        Scores.sofa(
            pf,
            ventilated,
            value(ClinicalVariable.PLATELETS),
            value(ClinicalVariable.BILIRUBIN),
            value(ClinicalVariable.MAP),
            previousVasoDose,
            value(ClinicalVariable.GCS),
            value(ClinicalVariable.CREATININE),
            urinePer24h);
    features[Feature.SIRS.index()] =
        Scores.sirs(
            value(ClinicalVariable.TEMP_C),
            value(ClinicalVariable.HEART_RATE),
            value(ClinicalVariable.RESP_RATE),
            value(ClinicalVariable.PACO2),
            value(ClinicalVariable.WBC));
  }

  private double value(ClinicalVariable variable) {
    return held[variable.ordinal()];
  }

  private static double nonNegative(double dose) {
    return Double.isFinite(dose) && dose > 0 ? dose : 0.0;
  }
}
