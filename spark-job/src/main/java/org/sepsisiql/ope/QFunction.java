package org.sepsisiql.ope;

import java.io.Serializable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;

/**
 * Q(s, t, a) of one FQE iterate for the 9 actions, where t is the step (4-hour bin) in the stay.
 * Steps are clamped to {@code [0, horizon - 1]}: a next state at t = H (after the longest train
 * stay's last decision) is valued as at H - 1, and so is any later step of a longer test stay. Each
 * implementation also defines the feature vector its regression is trained on, so training and
 * scoring cannot disagree.
 */
public sealed interface QFunction extends Serializable permits QFunction.Linear, QFunction.Boosted {

  /** Q(s, t, .) for the 9 actions. */
  double[] q(double[] state, int step);

  /** Length of the states this function reads. */
  int stateSize();

  static int clamp(int step, int horizon) {
    return Math.max(0, Math.min(step, horizon - 1));
  }

  /** The training row of (s, t, a) for a model kind. */
  static Vector features(FqeSettings.Model model, double[] state, int step, int action, int h) {
    return switch (model) {
      case LINEAR -> Linear.features(state, clamp(step, h), action, h);
      case GBT -> Boosted.features(state, clamp(step, h), action);
    };
  }

  /**
   * {@code Q(s, t, a) = beta_a . s + b_a + d_a t / H + c_t}: per action a linear function of the
   * state with its own intercept and slope in time, plus one value per step shared by all actions.
   * Design: 9 blocks of {@code stateSize + 2} columns (block a holds (s, 1, t/H), the others are
   * zero), then a one-hot of t in {@code horizon} columns.
   */
  record Linear(int stateSize, int horizon, double[] coefficients) implements QFunction {
    static Vector features(double[] state, int step, int action, int horizon) {
      int block = state.length + 2;
      int[] indices = new int[state.length + 3];
      double[] values = new double[state.length + 3];
      for (int j = 0; j < state.length; j++) {
        indices[j] = action * block + j;
        values[j] = state[j];
      }
      indices[state.length] = action * block + state.length;
      values[state.length] = 1;
      indices[state.length + 1] = action * block + state.length + 1;
      values[state.length + 1] = (double) step / horizon;
      indices[state.length + 2] = OpeInputValidator.ACTIONS * block + step;
      values[state.length + 2] = 1;
      return Vectors.sparse(OpeInputValidator.ACTIONS * block + horizon, indices, values);
    }

    static int size(int stateSize, int horizon) {
      return OpeInputValidator.ACTIONS * (stateSize + 2) + horizon;
    }

    @Override
    public double[] q(double[] state, int step) {
      double[] q = new double[OpeInputValidator.ACTIONS];
      q(state, step, q);
      return q;
    }

    /** {@link #q(double[], int)} into {@code q} (9 values), allocating nothing. */
    void q(double[] state, int step, double[] q) {
      int t = clamp(step, horizon);
      int block = stateSize + 2;
      for (int a = 0; a < q.length; a++) {
        double sum =
            coefficients[OpeInputValidator.ACTIONS * block + t]
                + coefficients[a * block + stateSize]
                + coefficients[a * block + stateSize + 1] * t / horizon;
        for (int j = 0; j < stateSize; j++) {
          sum += coefficients[a * block + j] * state[j];
        }
        q[a] = sum;
      }
    }
  }

  /**
   * Boosted regression trees on (s, t, one-hot of a): one model for all actions, evaluated 9 times
   * per state (the trees' own {@code predict}, no Spark job).
   */
  record Boosted(int stateSize, int horizon, GBTRegressionModel model) implements QFunction {
    static Vector features(double[] state, int step, int action) {
      double[] row = new double[state.length + 1 + OpeInputValidator.ACTIONS];
      System.arraycopy(state, 0, row, 0, state.length);
      row[state.length] = step;
      row[state.length + 1 + action] = 1;
      return Vectors.dense(row);
    }

    @Override
    public double[] q(double[] state, int step) {
      int t = clamp(step, horizon);
      double[] q = new double[OpeInputValidator.ACTIONS];
      for (int a = 0; a < q.length; a++) {
        q[a] = model.predict(features(state, t, a));
      }
      return q;
    }
  }
}
