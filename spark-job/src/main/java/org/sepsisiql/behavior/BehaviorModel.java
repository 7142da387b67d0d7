package org.sepsisiql.behavior;

import java.io.Serializable;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.sepsisiql.policy.Policy;

/**
 * The clinicians' policy pi_b as the behavior stage fitted it ({@code <run>/behavior/model/}, an
 * MLlib multinomial {@code LogisticRegressionModel}), evaluated without Spark on any normalized
 * state: {@code softmax(W s + b)}, then the stage's probability floor ({@link ProbabilityFloor}),
 * exactly as the stored {@code pi_b} column was made. Plain arrays, so it travels to executors
 * cheaply; it is both a policy to evaluate and the pi_b that advantage-weighted policies need.
 */
public final class BehaviorModel implements Policy, Serializable {
  private static final long serialVersionUID = 1L;
  private final double[][] weights;
  private final double[] intercepts;
  private final ProbabilityFloor floor;

  BehaviorModel(double[][] weights, double[] intercepts, double floor) {
    this.weights = weights;
    this.intercepts = intercepts;
    this.floor = floor > 0 ? new ProbabilityFloor(floor) : null;
  }

  /** Reads the saved model (a Spark session must be active). */
  public static BehaviorModel load(String modelFolder, double floor, int features) {
    LogisticRegressionModel model = LogisticRegressionModel.load(modelFolder);
    Matrix coefficients = model.coefficientMatrix();
    if (coefficients.numRows() != 9 || coefficients.numCols() != features) {
      throw new IllegalArgumentException(
          "the behavior model at "
              + modelFolder
              + " has "
              + coefficients.numRows()
              + " classes x "
              + coefficients.numCols()
              + " features, the trajectories need 9 x "
              + features);
    }
    double[][] weights = new double[9][features];
    for (int a = 0; a < 9; a++) {
      for (int j = 0; j < features; j++) {
        weights[a][j] = coefficients.apply(a, j);
      }
    }
    return new BehaviorModel(weights, model.interceptVector().toArray(), floor);
  }

  /** pi_b(.|s) of one normalized state. */
  public double[] probabilities(double[] state) {
    double[] margins = new double[9];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < 9; a++) {
      double margin = intercepts[a];
      for (int j = 0; j < state.length; j++) {
        margin += weights[a][j] * state[j];
      }
      margins[a] = margin;
      max = Math.max(max, margin);
    }
    double sum = 0;
    for (int a = 0; a < 9; a++) {
      margins[a] = Math.exp(margins[a] - max);
      sum += margins[a];
    }
    for (int a = 0; a < 9; a++) {
      margins[a] /= sum;
    }
    return floor == null ? margins : floor.apply(margins);
  }

  @Override
  public double[][] probabilities(double[][] states) {
    double[][] result = new double[states.length][];
    for (int i = 0; i < states.length; i++) {
      result[i] = probabilities(states[i]);
    }
    return result;
  }
}
