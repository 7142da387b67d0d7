package org.sepsisiql.agent;

/**
 * A policy over normalized states, for batch use by the evaluation stage: probabilities of the 9
 * actions for each state. Policies that reweight the clinicians' behavior (advantage-weighted) need
 * the behavior policy's probabilities {@code pi_b(.|s)} of the same rows; others ignore them.
 */
public interface Policy {
  /**
   * @param normalizedStates [n][features], normalized as in the trajectories' {@code state}
   * @param behaviorProbabilities [n][9], or null when {@link #needsBehaviorProbabilities()} is
   *     false
   * @return [n][9] probabilities, each row non-negative and summing to 1
   */
  double[][] probabilities(double[][] normalizedStates, double[][] behaviorProbabilities);

  boolean needsBehaviorProbabilities();
}
