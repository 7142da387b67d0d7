package org.sepsisiql.data;

import java.io.Serializable;

/**
 * A treatment policy as seen from the bedside: from one bin's raw features (the 43 {@link Feature}
 * values in state order, unnormalized, NaN where missing after sample-and-hold) to probabilities of
 * the 9 actions ({@code action = 3 * ivLevel + vasoLevel}). A trained policy applies its own saved
 * imputation and normalization; the simulator's ground truth rolls out any implementation.
 */
@FunctionalInterface
public interface ObservationPolicy extends Serializable {
  /** Number of discrete actions: 3 fluid levels times 3 vasopressor levels. */
  int ACTIONS = 9;

  /** Probabilities of the 9 actions; non-negative, summing to 1. */
  double[] actionProbabilities(double[] rawFeatures);

  /**
   * Probabilities for a block of bins at once (rows of raw features). The default calls {@link
   * #actionProbabilities(double[])} per row; a policy with a batched model (a network, a matrix
   * product) overrides it so that rollouts pay one call per step of a block of stays.
   */
  default double[][] actionProbabilities(double[][] rawFeatures) {
    double[][] result = new double[rawFeatures.length][];
    for (int i = 0; i < rawFeatures.length; i++) {
      result[i] = actionProbabilities(rawFeatures[i]);
    }
    return result;
  }
}
