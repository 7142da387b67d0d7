package org.sepsisiql.clinical;

import java.io.Serializable;

/**
 * A policy as the evaluation applies it on the executors: a batch of normalized states to
 * probabilities of the 9 actions ({@code action = 3 * iv + vaso}). Any behavior probabilities a
 * policy needs are its own business (the evaluate stage closes over the behavior model).
 */
@FunctionalInterface
public interface StatePolicy extends Serializable {
  /**
   * @param normalizedStates [n][features]
   * @return [n][9] probabilities, each row summing to 1
   */
  double[][] probabilities(double[][] normalizedStates);
}
