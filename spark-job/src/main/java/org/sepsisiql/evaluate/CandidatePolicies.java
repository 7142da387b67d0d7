package org.sepsisiql.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.sepsisiql.agent.FittedStateNormalizer;
import org.sepsisiql.agent.StateNormalizer;
import org.sepsisiql.agent.TrainedPolicy;
import org.sepsisiql.clinical.StatePolicy;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.ObservationPolicy;

/**
 * The policies evaluated side by side (DESIGN.md section 7), each a {@link StatePolicy} over
 * normalized states and, for the simulator's ground truth, an {@link ObservationPolicy} over raw
 * observations (normalized with the run's {@link FeatureNormalization} first):
 *
 * <ul>
 *   <li>{@code learned}: the trained agent ({@link TrainedPolicy}; pi_b from the behavior model
 *       when it is advantage-weighted);
 *   <li>{@code clinicians}: the behavior policy pi_b ({@link BehaviorModel});
 *   <li>{@code random}: 1/9 on every action;
 *   <li>{@code no_treatment}: action 0 ({@code no-treatment-epsilon} spread over the others);
 *   <li>{@code most_frequent}: the most frequent train action, deterministic;
 *   <li>{@code behavior_cloning}: argmax of pi_b softened to {@code (1 - s) onehot + s / 9}.
 * </ul>
 */
public final class CandidatePolicies {
  private CandidatePolicies() {}

  /** One evaluated policy. */
  public record Candidate(String name, String description, StatePolicy policy) {
    /** The same policy over raw observations, for rollouts in the simulator. */
    public ObservationPolicy observed(FeatureNormalization normalization) {
      StatePolicy states = policy;
      return raw -> states.probabilities(new double[][] {normalization.normalize(raw)})[0];
    }
  }

  static List<Candidate> all(
      TrainedPolicy learned, BehaviorModel behavior, int mostFrequent, EvaluateSettings settings) {
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(
        new Candidate(
            "learned",
            "IQL agent ("
                + (learned.needsBehaviorProbabilities() ? "advantage-weighted" : "softmax")
                + " policy)",
            learnedPolicy(learned, behavior)));
    candidates.add(
        new Candidate("clinicians", "behavior policy pi_b (logistic regression)", behavior));
    candidates.add(new Candidate("random", "uniform over the 9 actions", uniform()));
    candidates.add(
        new Candidate(
            "no_treatment",
            "no fluid, no vasopressor (epsilon " + settings.noTreatmentEpsilon() + ")",
            constant(0, settings.noTreatmentEpsilon())));
    candidates.add(
        new Candidate(
            "most_frequent",
            "always the most frequent train action (" + mostFrequent + ")",
            constant(mostFrequent, 0)));
    candidates.add(
        new Candidate(
            "behavior_cloning",
            "argmax of pi_b, softened by " + settings.cloningSoftening(),
            cloning(behavior, settings.cloningSoftening())));
    return candidates;
  }

  static StatePolicy learnedPolicy(TrainedPolicy learned, BehaviorModel behavior) {
    boolean needsBehavior = learned.needsBehaviorProbabilities();
    return states ->
        learned.probabilities(states, needsBehavior ? behavior.probabilities(states) : null);
  }

  /** Loads the trained policy; its own raw-observation path normalizes with the run's fit. */
  static TrainedPolicy loadLearned(
      String modelFolder,
      Configuration hadoop,
      FeatureNormalization normalization,
      BehaviorModel behavior) {
    StateNormalizer normalizer = new FittedStateNormalizer(normalization);
    ObservationPolicy observedBehavior =
        raw -> behavior.probabilities(normalization.normalize(raw));
    return TrainedPolicy.load(modelFolder, hadoop, normalizer, observedBehavior);
  }

  /** Uniform over the 9 actions. */
  public static StatePolicy uniform() {
    return states -> fill(states.length, uniformRow());
  }

  /** {@code 1 - epsilon} on {@code action}, {@code epsilon / 8} on each other action. */
  public static StatePolicy constant(int action, double epsilon) {
    double[] row = new double[9];
    Arrays.fill(row, epsilon / 8);
    row[action] = 1 - epsilon;
    return states -> fill(states.length, row);
  }

  /** {@code (1 - softening)} on the argmax of pi_b (first on ties) plus {@code softening / 9}. */
  public static StatePolicy cloning(StatePolicy behavior, double softening) {
    return states -> {
      double[][] pi = behavior.probabilities(states);
      double[][] result = new double[pi.length][9];
      for (int i = 0; i < pi.length; i++) {
        int best = 0;
        for (int a = 1; a < 9; a++) {
          if (pi[i][a] > pi[i][best]) {
            best = a;
          }
        }
        Arrays.fill(result[i], softening / 9);
        result[i][best] += 1 - softening;
      }
      return result;
    };
  }

  private static double[] uniformRow() {
    double[] row = new double[9];
    Arrays.fill(row, 1.0 / 9);
    return row;
  }

  private static double[][] fill(int n, double[] row) {
    double[][] result = new double[n][];
    for (int i = 0; i < n; i++) {
      result[i] = row.clone();
    }
    return result;
  }
}
