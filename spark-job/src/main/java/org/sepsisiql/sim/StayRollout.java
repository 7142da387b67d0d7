package org.sepsisiql.sim;

import java.util.SplittableRandom;
import org.sepsisiql.data.StayFeaturizer;

/**
 * One stay in motion, step by step: {@link #observe} charts the bin and returns its features, then
 * {@link #treat} samples the action from the policy's probabilities, gives the doses, advances the
 * physiology and returns the step's risks. The random streams come from (seed, stay index) only, so
 * two rollouts of one stay under different policies share the patient, the physiology noise, the
 * charting noise and the dose draws as far as their actions agree (common random numbers).
 *
 * <p>The caller decides what the risks mean: {@link StaySimulator} samples death and discharge from
 * the draws (the observed cohort), {@link ExpectedReturn} keeps the probabilities instead (the
 * ground truth). Both draw the same numbers, so the physiology follows the same path.
 */
final class StayRollout {
  private final SimulatorSettings settings;
  private final PatientProfile profile;
  private final SplittableRandom physiologyRandom;
  private final SplittableRandom chartRandom;
  private final SplittableRandom treatRandom;
  private final PatientPhysiology patient;
  private final StayFeaturizer featurizer;
  private final BinCollector collector;
  private final ObservationModel observation;
  private final DoseSampler doses;
  private final EventSink sink;
  private final long binMillis;

  /** What one step risked: the death probability and whether discharge was possible. */
  record StepRisk(double deathChance, double dischargeChance, double deathDraw, double leaveDraw) {}

  StayRollout(
      SimulatorSettings settings, long seed, long index, PatientProfile profile, EventSink sink) {
    this.settings = settings;
    this.profile = profile;
    this.physiologyRandom = StayRandom.stream(seed, index, StayRandom.PHYSIOLOGY);
    this.chartRandom = StayRandom.stream(seed, index, StayRandom.CHARTING);
    this.treatRandom = StayRandom.stream(seed, index, StayRandom.TREATMENT);
    this.patient = new PatientPhysiology(profile, physiologyRandom, settings.mortalityLogitShift());
    this.featurizer = new StayFeaturizer(profile.statics(), settings.binHours());
    this.collector = new BinCollector(sink);
    this.observation = new ObservationModel(settings);
    this.doses = new DoseSampler(settings);
    this.sink = sink;
    this.binMillis = settings.binHours() * 3_600_000L;
  }

  PatientProfile profile() {
    return profile;
  }

  /** Charts bin {@code step} and returns its raw features (the policy's input). */
  double[] observe(int step) {
    observation.chartBin(patient, profile, binStart(step), chartRandom, collector);
    double hoursSinceOnset = (step - settings.onsetStep()) * (double) settings.binHours();
    return featurizer.observe(collector.finishBin(), hoursSinceOnset);
  }

  /** Samples an action from {@code probabilities}, treats, advances one step. */
  StepRisk treat(int step, double[] probabilities) {
    int action = StaySimulator.sampleAction(probabilities, treatRandom);
    double fluidMl = doses.fluidMl(action / 3, treatRandom);
    double vasoDose = doses.vasopressorDose(action % 3, treatRandom);
    featurizer.recordTreatment(fluidMl, vasoDose);
    doses.chartFluid(fluidMl, binStart(step), treatRandom, sink);
    doses.chartVasopressor(vasoDose, profile, binStart(step), treatRandom, sink);
    boolean beforeOnset = step < settings.onsetStep();
    double deathChance = patient.advance(fluidMl, vasoDose, beforeOnset, physiologyRandom);
    double deathDraw = physiologyRandom.nextDouble();
    double leaveDraw = physiologyRandom.nextDouble();
    boolean mayLeave = step >= settings.onsetStep() + StaySimulator.DISCHARGE_AFTER_ONSET_STEPS;
    double dischargeChance = mayLeave && patient.recovered() ? StaySimulator.DISCHARGE_CHANCE : 0.0;
    return new StepRisk(deathChance, dischargeChance, deathDraw, leaveDraw);
  }

  /** Probability of in-hospital death after the window, from the state now. */
  double postWindowDeathProbability() {
    return patient.postWindowDeathProbability();
  }

  /** The draw that decides in-hospital death after the window (taken once, at the end). */
  double postWindowDraw() {
    return physiologyRandom.nextDouble();
  }

  private long binStart(int step) {
    return profile.admitMillis() + step * binMillis;
  }
}
