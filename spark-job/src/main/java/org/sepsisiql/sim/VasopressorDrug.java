package org.sepsisiql.sim;

/**
 * The vasopressors the simulated wards use, with the charted rate unit and the
 * norepinephrine-equivalent factor of the udfs ({@code Vasopressors.norepinephrineEquivalent}), so
 * a charted rate converts back exactly to the dose the clinician intended.
 */
enum VasopressorDrug {
  NOREPINEPHRINE("norepinephrine", "mcg/kg/min", 1.0, true, 0.65),
  EPINEPHRINE("epinephrine", "mcg/min", 1.0, false, 0.08),
  PHENYLEPHRINE("phenylephrine", "mcg/min", 0.1, false, 0.12),
  VASOPRESSIN("vasopressin", "units/min", 2.5, true, 0.08),
  DOPAMINE("dopamine", "mcg/kg/min", 0.01, true, 0.07);

  private final String drugName;
  private final String rateUnit;
  private final double factor;
  private final boolean rateIgnoresWeight;
  private final double share;

  VasopressorDrug(
      String drugName, String rateUnit, double factor, boolean rateIgnoresWeight, double share) {
    this.drugName = drugName;
    this.rateUnit = rateUnit;
    this.factor = factor;
    this.rateIgnoresWeight = rateIgnoresWeight;
    this.share = share;
  }

  String drugName() {
    return drugName;
  }

  String rateUnit() {
    return rateUnit;
  }

  /** The charted rate that gives {@code noradrenalineEquivalent} mcg/kg/min through the udfs. */
  double rate(double noradrenalineEquivalent, double weightKg) {
    double rate = noradrenalineEquivalent / factor;
    return rateIgnoresWeight ? rate : rate * weightKg;
  }

  /** The drug at a uniform draw u in [0, 1), by the documented shares. */
  static VasopressorDrug at(double u) {
    double cumulative = 0;
    for (VasopressorDrug drug : values()) {
      cumulative += drug.share;
      if (u < cumulative) {
        return drug;
      }
    }
    return NOREPINEPHRINE;
  }
}
