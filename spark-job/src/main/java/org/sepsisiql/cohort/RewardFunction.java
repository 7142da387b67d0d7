package org.sepsisiql.cohort;

import java.io.Serializable;
import java.util.List;
import org.sepsisiql.data.Feature;

/**
 * The reward of each step of one stay (DESIGN.md section 4): at the last step {@code +terminal} if
 * the patient survived and {@code -terminal} if they died (by the configured mortality); before it,
 * 0 plus the optional shaping {@code sofaShaping * (SOFA_t - SOFA_t+1) + lactateShaping *
 * (lactate_t - lactate_t+1)} on the raw held values (a term whose values are missing adds 0), so an
 * improvement is rewarded. Both weights are 0 by default.
 */
final class RewardFunction implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double terminal;
  private final double sofaShaping;
  private final double lactateShaping;

  RewardFunction(CohortSettings settings) {
    this.terminal = settings.terminalReward();
    this.sofaShaping = settings.sofaShaping();
    this.lactateShaping = settings.lactateShaping();
  }

  /** Rewards per step for the raw features of the stay's steps, in order. */
  double[] rewards(List<double[]> steps, boolean died) {
    double[] rewards = new double[steps.size()];
    for (int t = 0; t + 1 < steps.size(); t++) {
      rewards[t] =
          sofaShaping * decrease(steps.get(t), steps.get(t + 1), Feature.SOFA)
              + lactateShaping * decrease(steps.get(t), steps.get(t + 1), Feature.LACTATE);
    }
    if (rewards.length > 0) {
      rewards[rewards.length - 1] = died ? -terminal : terminal;
    }
    return rewards;
  }

  private static double decrease(double[] now, double[] next, Feature feature) {
    double change = now[feature.index()] - next[feature.index()];
    return Double.isFinite(change) ? change : 0.0;
  }
}
