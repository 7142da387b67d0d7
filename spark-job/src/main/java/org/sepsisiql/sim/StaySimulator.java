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
 * from the end state. Cost: O(steps x charted events), about 600 events per stay. Serializable; a
 * stay's result depends only on (seed, index, policy).
 */
public final class StaySimulator implements Serializable {
  private static final long serialVersionUID = 1L;
  static final double DISCHARGE_CHANCE = 0.3;
  static final int DISCHARGE_AFTER_ONSET_STEPS = 6;

  private final SimulatorSettings settings;
  private final long seed;
  private final PatientRoster roster;

  /**
   * Marks "the simulator's own clinicians" in {@link #expectedReturns}: each stay is treated by its
   * clinician (personal biases, the drift of its admission year), the process that generated the
   * observed cohort. Not a policy of its own: calling it is an error. An enum constant, so it stays
   * the same instance when Spark ships it to an executor.
   */
  public static final ObservationPolicy SIMULATED_CLINICIANS = SimulatedClinicians.INSTANCE;

  private enum SimulatedClinicians implements ObservationPolicy {
    INSTANCE;

    @Override
    public double[] actionProbabilities(double[] rawFeatures) {
      throw new UnsupportedOperationException(
          "SIMULATED_CLINICIANS marks each stay's own clinician; it is not callable");
    }
  }

  /**
   * Each stay's own clinician (as {@link #SIMULATED_CLINICIANS}) with its probabilities multiplied
   * by {@code factors} of the same raw observations and renormalized. Not callable on its own.
   */
  public static ObservationPolicy reweightedClinicians(ObservationPolicy factors) {
    return new ReweightedClinicians(factors);
  }

  private record ReweightedClinicians(ObservationPolicy factors) implements ObservationPolicy {
    @Override
    public double[] actionProbabilities(double[] rawFeatures) {
      throw new UnsupportedOperationException(
          "reweighted clinicians need each stay's own clinician; only the simulator runs them");
    }
  }

  public StaySimulator(SimulatorSettings settings, long seed) {
    this(settings, seed, Long.MIN_VALUE);
  }

  /**
   * A simulator whose first admissions are drawn from {@code admittedFromMillis} (epoch ms) to the
   * last admission date instead of the whole year range: the patients of a later period (the test
   * split's), with every other draw as in the full cohort.
   */
  public StaySimulator(SimulatorSettings settings, long seed, long admittedFromMillis) {
    this.settings = settings;
    this.seed = seed;
    this.roster = new PatientRoster(settings, seed, admittedFromMillis);
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

  /** How stay {@code index} of the observed cohort ends (its own clinician; no events kept). */
  StayOutcome observedOutcome(long index) {
    PatientProfile profile = profile(index);
    return run(profile, index, clinicianOf(profile), BinCollector.DISCARD);
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
    StayRollout stay = new StayRollout(settings, seed, index, profile, sink);
    for (int step = 0; step < settings.maxSteps(); step++) {
      StayRollout.StepRisk risk = stay.treat(step, policy.actionProbabilities(stay.observe(step)));
      if (risk.deathDraw() < risk.deathChance()) {
        return new StayOutcome(step + 1, true, true);
      }
      if (risk.leaveDraw() < risk.dischargeChance()) {
        return new StayOutcome(step + 1, false, true);
      }
    }
    boolean died = stay.postWindowDraw() < stay.postWindowDeathProbability();
    return new StayOutcome(settings.maxSteps(), died, false);
  }

  /**
   * The expected discounted return of each stay in {@code indices} under {@code policy}: the stays
   * move in lockstep, one batched policy call per step ({@link
   * ObservationPolicy#actionProbabilities(double[][])}), and death and discharge are kept as
   * probabilities instead of being drawn ({@link ExpectedReturn}). {@link #SIMULATED_CLINICIANS}
   * treats each stay by its own clinician, as in the observed cohort.
   */
  double[] expectedReturns(long[] indices, ObservationPolicy policy) {
    StayRollout[] stays = new StayRollout[indices.length];
    ExpectedReturn[] returns = new ExpectedReturn[indices.length];
    ObservationPolicy[] own = new ObservationPolicy[indices.length];
    for (int i = 0; i < indices.length; i++) {
      PatientProfile profile = profile(indices[i]);
      stays[i] = new StayRollout(settings, seed, indices[i], profile, BinCollector.DISCARD);
      returns[i] = new ExpectedReturn(settings.gamma(), settings.terminalReward());
      own[i] =
          policy == SIMULATED_CLINICIANS || policy instanceof ReweightedClinicians
              ? clinicianOf(profile)
              : null;
    }
    double[][] features = new double[indices.length][];
    for (int step = 0; step < settings.maxSteps(); step++) {
      for (int i = 0; i < stays.length; i++) {
        features[i] = stays[i].observe(step);
      }
      double[][] probabilities =
          policy == SIMULATED_CLINICIANS
              ? ownChoices(own, features)
              : policy instanceof ReweightedClinicians reweighted
                  ? reweighted(
                      ownChoices(own, features), reweighted.factors().actionProbabilities(features))
                  : policy.actionProbabilities(features);
      for (int i = 0; i < stays.length; i++) {
        returns[i].add(step, stays[i].treat(step, probabilities[i]));
      }
    }
    double[] result = new double[indices.length];
    for (int i = 0; i < stays.length; i++) {
      stays[i].postWindowDraw();
      result[i] = returns[i].finish(settings.maxSteps(), stays[i].postWindowDeathProbability());
    }
    return result;
  }

  private static double[][] reweighted(double[][] own, double[][] factors) {
    for (int i = 0; i < own.length; i++) {
      double sum = 0;
      double[] row = new double[own[i].length];
      for (int a = 0; a < row.length; a++) {
        row[a] = own[i][a] * factors[i][a];
        sum += row[a];
      }
      if (!(sum > 0) || Double.isInfinite(sum)) {
        continue;
      }
      for (int a = 0; a < row.length; a++) {
        row[a] /= sum;
      }
      own[i] = row;
    }
    return own;
  }

  private static double[][] ownChoices(ObservationPolicy[] own, double[][] features) {
    double[][] result = new double[features.length][];
    for (int i = 0; i < features.length; i++) {
      result[i] = own[i].actionProbabilities(features[i]);
    }
    return result;
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
