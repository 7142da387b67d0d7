package org.sepsisiql.sim;

/**
 * The expected discounted return of one rolled-out stay given everything but its two outcome draws
 * (conditional Monte Carlo). A sampled rollout ends at step t with death (probability d_t) or
 * discharge (q_t, 0.3 where a recovered patient may leave), else at the window's end with death
 * probability p; the reward is gamma^t (-R or +R) at the last step. The outcome draws change
 * nothing else (the physiology, charting and treatment streams do not depend on them), so the
 * stay's expected return given its path is
 *
 * <pre>
 * E = sum_t A_t gamma^t [ d_t (-R) + (1 - d_t) q_t (+R) ] + A_H gamma^(H-1) (1 - 2p) R,
 * A_0 = 1,  A_{t+1} = A_t (1 - d_t)(1 - q_t)
 * </pre>
 *
 * Same mean as the sampled return, much smaller variance: the +-R coin flip, which dominates the
 * spread of a sampled return, is averaged out exactly (Rao-Blackwellization).
 */
final class ExpectedReturn {
  private final double gamma;
  private final double reward;
  private double stillThere = 1;
  private double value;

  ExpectedReturn(double gamma, double reward) {
    this.gamma = gamma;
    this.reward = reward;
  }

  /** Adds step {@code step}'s chances of ending. */
  void add(int step, StayRollout.StepRisk risk) {
    double discount = Math.pow(gamma, step);
    double death = risk.deathChance();
    double leave = risk.dischargeChance();
    value += stillThere * discount * (-death * reward + (1 - death) * leave * reward);
    stillThere *= (1 - death) * (1 - leave);
  }

  /** The expected return, after {@code steps} steps in the window and the post-window risk. */
  double finish(int steps, double postWindowDeath) {
    return value + stillThere * Math.pow(gamma, steps - 1) * (1 - 2 * postWindowDeath) * reward;
  }
}
