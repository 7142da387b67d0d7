package org.sepsisiql.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.ObservationPolicy;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.policy.PolicySources;
import org.sepsisiql.policy.TruthSource;

/**
 * The policies evaluated side by side (DESIGN.md section 7), each one {@link Policy} over
 * normalized states and, for the simulator's ground truth, an {@link ObservationPolicy} over raw
 * observations (normalized with the run's {@link FeatureNormalization} first):
 *
 * <ul>
 *   <li>{@code learned}: the trained agent's advantage-weighted extraction {@code pi_b exp(beta A)}
 *       with beta chosen on the validation split ({@link AdvantageBetaSelection});
 *   <li>{@code clinicians}: on-policy, the clinicians who generated the test split (pi_e = the
 *       stored pi_b; truth: the simulator's own clinicians);
 *   <li>{@code behavior_model}: the fitted pi_b as a policy ({@link PolicySources#behavior});
 *   <li>{@code random}: 1/9 on every action;
 *   <li>{@code no_treatment}: action 0 ({@code no-treatment-epsilon} spread over the others);
 *   <li>{@code most_frequent}: the most frequent train action, deterministic;
 *   <li>{@code behavior_cloning}: argmax of pi_b softened to {@code (1 - s) onehot + s / 9};
 *   <li>{@code iql_softmax}: the same network as {@code learned} through {@code softmax(Q / T)},
 *       the seed's extraction, side by side.
 * </ul>
 */
public final class CandidatePolicies {
  private CandidatePolicies() {}

  /**
   * One evaluated policy.
   *
   * @param policy its probabilities for any normalized state (pi_e, the clinical tests)
   * @param onPolicy the estimators evaluate the clinicians who generated the data: pi_e is the
   *     stored pi_b of each test transition, so every importance weight is 1
   * @param dataGenerating the true value rolls out the process that generated the data (the
   *     simulator's own clinicians) instead of {@code policy} itself
   * @param estimand one sentence: what this row's estimates and true value are the value of
   * @param withheld when not null, the importance-weighted estimates are withheld with this reason
   *     (the estimators cannot see what this row's truth measures)
   * @param tiltOf when not null, {@code policy} is this fitted pi_b reweighted per action; the
   *     estimators then measure the clinicians who generated the data reweighted the same way (the
   *     fitted pi_b cancels from every importance ratio), so the truth rolls out exactly that: the
   *     simulator's clinicians' own probabilities times {@code policy / tiltOf}, renormalized
   */
  public record Candidate(
      String name,
      String description,
      Policy policy,
      boolean onPolicy,
      boolean dataGenerating,
      String estimand,
      String withheld,
      Policy tiltOf) {
    /** An ordinary policy: estimated through its own pi_e, its truth its own rollouts. */
    public static Candidate of(String name, String description, Policy policy, String estimand) {
      return new Candidate(name, description, policy, false, false, estimand, null, null);
    }

    /** What the simulator rolls out for this row's true value, over raw observations. */
    public ObservationPolicy observed(FeatureNormalization normalization, TruthSource truth) {
      if (dataGenerating) {
        return truth.dataGenerating();
      }
      if (tiltOf != null) {
        return truth.dataGeneratingReweighted(
            new NormalizedPolicy(new TiltFactors(policy, tiltOf), normalization));
      }
      return new NormalizedPolicy(policy, normalization);
    }
  }

  /**
   * Per action, {@code policy / base}: for {@code policy = pi_b exp(beta A) / Z} and {@code base =
   * pi_b}, the agent's reweighting {@code exp(beta A) / Z} (0 where the base is 0).
   */
  private record TiltFactors(Policy policy, Policy base) implements Policy {
    @Override
    public double[][] probabilities(double[][] states) {
      double[][] tilted = policy.probabilities(states);
      double[][] fitted = base.probabilities(states);
      double[][] out = new double[states.length][];
      for (int i = 0; i < states.length; i++) {
        out[i] = new double[tilted[i].length];
        for (int a = 0; a < out[i].length; a++) {
          out[i][a] = fitted[i][a] > 0 ? tilted[i][a] / fitted[i][a] : 0;
        }
      }
      return out;
    }
  }

  /** A state policy on raw observations: normalize every row, then one batched call. */
  private record NormalizedPolicy(Policy policy, FeatureNormalization normalization)
      implements ObservationPolicy {
    @Override
    public double[] actionProbabilities(double[] raw) {
      return actionProbabilities(new double[][] {raw})[0];
    }

    @Override
    public double[][] actionProbabilities(double[][] raw) {
      double[][] states = new double[raw.length][];
      for (int i = 0; i < raw.length; i++) {
        states[i] = normalization.normalize(raw[i]);
      }
      return policy.probabilities(states);
    }
  }

  /** The name of the on-policy row: the clinicians who generated the data. */
  public static final String CLINICIANS = "clinicians";

  /** The name of the row whose extraction was selected on validation: the product's verdict. */
  public static final String LEARNED = "learned";

  /**
   * @param network the chosen network's name
   * @param chosen the advantage-weighted extraction at {@code beta} (one instance, so the rows
   *     {@code learned} and {@code learned_standalone} share its FQE fit)
   */
  static List<Candidate> all(
      PolicySources.Learned learned,
      String network,
      double beta,
      Policy chosen,
      Policy behavior,
      int mostFrequent,
      EvaluateSettings settings) {
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(
        new Candidate(
            LEARNED,
            "IQL, advantage-weighted pi_b exp(beta A), beta "
                + beta
                + ", "
                + network
                + ", chosen on validation",
            chosen,
            false,
            false,
            "The clinicians of the test period with each choice reweighted by the agent's"
                + " advantages, pi_b exp(beta A) (beta "
                + beta
                + ", "
                + network
                + ": the best validation WDR of the grid): what the estimators measure, since the"
                + " fitted pi_b cancels from their ratios; truth: the simulator's clinicians so"
                + " reweighted.",
            null,
            behavior));
    candidates.add(
        new Candidate(
            CLINICIANS,
            "the clinicians who treated the test split (on-policy: pi_e = pi_b, every weight 1)",
            behavior,
            true,
            true,
            "The clinicians of the test period as they acted (the data-generating process);"
                + " truth: the simulator's own clinicians of those admission years; clinical"
                + " tests and agreement use the fitted behavior model.",
            null,
            null));
    candidates.add(
        new Candidate(
            "behavior_model",
            "the fitted behavior policy pi_b (MLlib logistic regression) as a policy",
            behavior,
            false,
            false,
            "The fitted behavior model used as a policy; truth: rollouts of that model, so its"
                + " gap to the clinicians' truth is what misspecifying pi_b costs.",
            "pi_e is the fitted pi_b, so every weight is 1 and these estimates measure the"
                + " clinicians, not the model",
            null));
    candidates.add(
        Candidate.of(
            "random", "uniform over the 9 actions", uniform(), "Uniformly random treatment."));
    candidates.add(
        Candidate.of(
            "no_treatment",
            "no fluid, no vasopressor (epsilon " + settings.noTreatmentEpsilon() + ")",
            constant(0, settings.noTreatmentEpsilon()),
            "Never any fluid or vasopressor."));
    candidates.add(
        Candidate.of(
            "most_frequent",
            "always the most frequent train action (" + mostFrequent + ")",
            constant(mostFrequent, 0),
            "Always the train split's most frequent action."));
    candidates.add(
        Candidate.of(
            "behavior_cloning",
            "argmax of pi_b, softened by " + settings.cloningSoftening(),
            cloning(behavior, settings.cloningSoftening()),
            "The fitted behavior model's most likely action, softened toward uniform."));
    candidates.add(
        Candidate.of(
            "iql_softmax",
            "IQL, the seed's extraction softmax(Q / " + learned.temperature() + ")",
            learned.softmax(),
            "The same network's softmax(Q / T) policy, the seed's extraction, for comparison."));
    candidates.add(
        new Candidate(
            "learned_standalone",
            "the learned extraction with the fitted pi_b in place of the clinicians (autonomous)",
            chosen,
            false,
            false,
            "The advantage-weighted policy run on its own, the fitted behavior model standing in"
                + " for the clinicians; truth: its own rollouts.",
            "pi_e / pi_b is the agent's reweighting alone, so these estimates measure the"
                + " clinicians so reweighted (row learned), not this autonomous policy",
            null));
    return candidates;
  }

  /** Uniform over the 9 actions. */
  public static Policy uniform() {
    return states -> fill(states.length, uniformRow());
  }

  /** {@code 1 - epsilon} on {@code action}, {@code epsilon / 8} on each other action. */
  public static Policy constant(int action, double epsilon) {
    double[] row = new double[9];
    Arrays.fill(row, epsilon / 8);
    row[action] = 1 - epsilon;
    return states -> fill(states.length, row);
  }

  /** {@code (1 - softening)} on the argmax of pi_b (first on ties) plus {@code softening / 9}. */
  public static Policy cloning(Policy behavior, double softening) {
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
