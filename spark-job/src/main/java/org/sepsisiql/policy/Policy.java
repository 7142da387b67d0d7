package org.sepsisiql.policy;

import java.io.Serializable;

/**
 * The one interface through which the evaluation sees a policy: a batch of normalized states (as in
 * the trajectories' {@code state}) to probabilities of the 9 actions ({@code action = 3 * iv +
 * vaso}). Every evaluated candidate implements it: the learned agent, the fitted behavior model,
 * the fixed baselines and any later baseline. Whatever else a policy needs (the behavior
 * probabilities of an advantage-weighted policy, a network) is its own business: the caller that
 * builds it closes over it ({@link PolicySources}). Serializable, so Spark ships it to executors.
 */
@FunctionalInterface
public interface Policy extends Serializable {
  /**
   * @param normalizedStates [n][features]
   * @return [n][9] probabilities, each row summing to 1 (for a Q head: [n][9] values)
   */
  double[][] probabilities(double[][] normalizedStates);
}
