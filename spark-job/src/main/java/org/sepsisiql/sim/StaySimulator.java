package org.sepsisiql.sim;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.sepsisiql.data.ObservationPolicy;
import org.sepsisiql.data.StayFeaturizer;

/**
 * Simulates one stay step by step, the same way for the observed cohort and for rollouts: chart the
 * bin from the hidden state, aggregate it with the shared {@link StayFeaturizer}, let the policy
 * choose one of the 9 actions from the features, sample doses within the levels, record them, then
 * advance the physiology; the stay ends at death, at discharge of a recovered patient (from 24 h
 * after onset, probability 0.3 per step), or at the window's end, where in-hospital death is drawn
 * from the end state. Cost: O(steps x charted events), about 400 events per stay. Serializable; a
 * stay's result depends only on (seed, index, policy).
 */
public final class StaySimulator implements Serializable {
  private static final long serialVersionUID = 1L;
  static final double DISCHARGE_CHANCE = 0.3;
  static final int DISCHARGE_AFTER_ONSET_STEPS = 6;

  private final SimulatorSettings settings;
  private final long seed;
  private final PatientRoster roster;

  public StaySimulator(SimulatorSettings settings, long seed) {
    this.settings = settings;
    this.seed = seed;
    this.roster = new PatientRoster(settings, seed);
  }

  /** The observed stay of the cohort: treated by its own clinician, every event kept. */
  StayEvents generate(long index) {
    PatientProfile profile = profile(index);
    StayEvents events = new StayEvents(profile, settings);
    StayOutcome outcome = run(profile, index, clinicianOf(profile), events);
    events.finish(
        outcome,
        StayRandom.stream(seed, index, StayRandom.OUTCOME),
        settings.binHours() * 3_600_000L);
    return events;
  }

  /** Rolls stay {@code index} out under {@code policy} (the same patient as in the cohort). */
  public StayOutcome rollout(long index, ObservationPolicy policy) {
    return run(profile(index), index, policy, BinCollector.DISCARD);
  }

  PatientProfile profile(long index) {
    if (roster.pairedWithPrevious(index)) {
      PatientProfile first = roster.draw(index - 1);
      if (!run(first, index - 1, clinicianOf(first), BinCollector.DISCARD).died()) {
        return roster.readmissionOf(first, index);
      }
    }
    return roster.draw(index);
  }

  private ClinicianPolicy clinicianOf(PatientProfile profile) {
    return ClinicianPolicy.forStay(settings, seed, profile);
  }

  private StayOutcome run(
      PatientProfile profile, long index, ObservationPolicy policy, EventSink sink) {
    SplittableRandom physiologyRandom = StayRandom.stream(seed, index, StayRandom.PHYSIOLOGY);
    SplittableRandom chartRandom = StayRandom.stream(seed, index, StayRandom.CHARTING);
    SplittableRandom treatRandom = StayRandom.stream(seed, index, StayRandom.TREATMENT);
    PatientPhysiology patient =
        new PatientPhysiology(profile, physiologyRandom, settings.mortalityLogitShift());
    StayFeaturizer featurizer = new StayFeaturizer(profile.statics(), settings.binHours());
    BinCollector collector = new BinCollector(sink);
    ObservationModel observation = new ObservationModel(settings);
    DoseSampler doses = new DoseSampler(settings);
    long binMillis = settings.binHours() * 3_600_000L;
    for (int step = 0; step < settings.maxSteps(); step++) {
      long binStart = profile.admitMillis() + step * binMillis;
      observation.chartBin(patient, profile, binStart, chartRandom, collector);
      double[] features = featurizer.observe(collector.finishBin());
      int action = sampleAction(policy.actionProbabilities(features), treatRandom);
      double fluidMl = doses.fluidMl(action / 3, treatRandom);
      double vasoDose = doses.vasopressorDose(action % 3, treatRandom);
      featurizer.recordTreatment(fluidMl, vasoDose);
      doses.chartFluid(fluidMl, binStart, treatRandom, sink);
      doses.chartVasopressor(vasoDose, profile, binStart, treatRandom, sink);
      boolean beforeOnset = step < settings.onsetStep();
      double deathChance = patient.advance(fluidMl, vasoDose, beforeOnset, physiologyRandom);
      double deathDraw = physiologyRandom.nextDouble();
      double dischargeDraw = physiologyRandom.nextDouble();
      if (deathDraw < deathChance) {
        return new StayOutcome(step + 1, true, true);
      }
      boolean mayLeave = step >= settings.onsetStep() + DISCHARGE_AFTER_ONSET_STEPS;
      if (mayLeave && patient.recovered() && dischargeDraw < DISCHARGE_CHANCE) {
        return new StayOutcome(step + 1, false, true);
      }
    }
    boolean died = physiologyRandom.nextDouble() < patient.postWindowDeathProbability();
    return new StayOutcome(settings.maxSteps(), died, false);
  }

  static int sampleAction(double[] probabilities, SplittableRandom random) {
    if (probabilities == null || probabilities.length != ObservationPolicy.ACTIONS) {
      throw new IllegalArgumentException("a policy must return 9 action probabilities");
    }
    double total = 0;
    for (double p : probabilities) {
      if (!(p >= 0 && Double.isFinite(p))) {
        throw new IllegalArgumentException("action probabilities must be finite and >= 0: " + p);
      }
      total += p;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("action probabilities must not all be 0");
    }
    double u = random.nextDouble() * total;
    for (int action = 0; action < probabilities.length - 1; action++) {
      u -= probabilities[action];
      if (u < 0) {
        return action;
      }
    }
    return probabilities.length - 1;
  }
}
