package org.sepsisiql.ope;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Seq;

/**
 * The linear ridge FQE of {@link FittedQEvaluation} on the driver, for cohorts that fit in its
 * memory: the same design ({@link QFunction.Linear#features}), targets, stopping rule and normal
 * equations as MLlib's {@code LinearRegression} with the normal solver (no intercept, no feature
 * standardization, ridge {@code regParam} divided by the label's standard deviation as MLlib does),
 * but the Gram matrix {@code X^T X}, which no iteration changes, is accumulated once from the
 * sparse design rows (47 non-zeros each) instead of once per iteration from dense ones. An
 * iteration costs one pass for the targets and {@code X^T y} and one Cholesky solve of the small
 * system ({@link RidgeSystem}; the ridge shift {@code lambda} follows the labels' spread, so the
 * factor changes every iteration). On the default cohort: about 10 ms per iteration instead of
 * about a second of Spark jobs.
 */
final class LocalLinearFqe {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLinearFqe.class);

  private final FqeSettings settings;

  LocalLinearFqe(FqeSettings settings) {
    this.settings = settings;
  }

  /** The transitions of one split, collected: state, step, action, reward, done, s', pi_e(s'). */
  record Rows(
      double[][] states,
      int[] steps,
      int[] actions,
      double[] rewards,
      double[] done,
      double[][] nextStates,
      double[][] nextPolicy) {
    /**
     * |s| and H = max(step) + 1 of collected train rows.
     *
     * @throws InvalidOpeInputException when there are none or their states differ in size
     */
    static int[] shape(List<Row> rows) {
      if (rows.isEmpty()) {
        throw new InvalidOpeInputException("FQE: the train transitions are empty");
      }
      int smallest = Integer.MAX_VALUE;
      int largest = 0;
      int lastStep = 0;
      for (Row row : rows) {
        int size = row.getSeq(0).size();
        smallest = Math.min(smallest, size);
        largest = Math.max(largest, size);
        lastStep = Math.max(lastStep, row.getInt(1));
      }
      if (smallest != largest) {
        throw new InvalidOpeInputException(
            "FQE: train states differ in size, from " + smallest + " to " + largest);
      }
      return new int[] {largest, lastStep + 1};
    }

    /** The prepared rows (state, step, action, reward, done, s', pi_e(s')), as arrays. */
    static Rows of(List<Row> rows, int stateSize) {
      int n = rows.size();
      Rows out =
          new Rows(
              new double[n][],
              new int[n],
              new int[n],
              new double[n],
              new double[n],
              new double[n][],
              new double[n][]);
      for (int i = 0; i < n; i++) {
        Row row = rows.get(i);
        out.states[i] = FqeModel.values(row.<Object>getSeq(0), stateSize);
        out.steps[i] = row.getInt(1);
        out.actions[i] = row.getInt(2);
        out.rewards[i] = row.getDouble(3);
        out.done[i] = row.getDouble(4);
        out.nextStates[i] = FqeModel.values(row.<Object>getSeq(5), stateSize);
        out.nextPolicy[i] = row.size() > 6 ? doubles(row.<Object>getSeq(6)) : null;
      }
      return out;
    }

    int size() {
      return actions.length;
    }

    /** The same transitions with another policy's {@code pi_e(s')}. */
    Rows withNextPolicy(double[][] policy) {
      return new Rows(states, steps, actions, rewards, done, nextStates, policy);
    }
  }

  /**
   * The train rows' design and Gram matrix, which no policy and no iteration changes: built once
   * for all the policies fitted on the same collected rows.
   */
  static final class Design {
    private final SparseVector[] rows;
    private final RidgeSystem system;
    private final int stateSize;
    private final int horizon;

    Design(Rows train, int stateSize, int horizon) {
      int columns = QFunction.Linear.size(stateSize, horizon);
      rows = new SparseVector[train.size()];
      double[][] gram = new double[columns][columns];
      for (int i = 0; i < rows.length; i++) {
        rows[i] =
            (SparseVector)
                QFunction.Linear.features(
                    train.states[i],
                    QFunction.clamp(train.steps[i], horizon),
                    train.actions[i],
                    horizon);
        addOuter(gram, rows[i]);
      }
      system = new RidgeSystem(gram);
      this.stateSize = stateSize;
      this.horizon = horizon;
    }
  }

  FqeModel iterate(Rows train, Rows validation, int stateSize, int horizon) {
    return iterate(new Design(train, stateSize, horizon), train, validation);
  }

  /** The fit on {@code train}, whose design is {@code prepared}, checked on validation. */
  FqeModel iterate(Design prepared, Rows train, Rows validation) {
    int stateSize = prepared.stateSize;
    int horizon = prepared.horizon;
    int columns = QFunction.Linear.size(stateSize, horizon);
    SparseVector[] design = prepared.rows;
    RidgeSystem system = prepared.system;
    FqeStoppingRule rule = new FqeStoppingRule(horizon, settings);
    QFunction.Linear current = new QFunction.Linear(stateSize, horizon, new double[columns]);
    QFunction best = current;
    List<Double> errors = new ArrayList<>();
    FqeModel.StopReason reason = null;
    double[] labels = new double[design.length];
    for (int k = 1; reason == null; k++) {
      targets(train, current, labels);
      current = new QFunction.Linear(stateSize, horizon, solve(system, design, labels));
      double error = tdError(validation, current);
      errors.add(error);
      if (rule.record(k, error)) {
        best = current;
      }
      reason = rule.stopAfter(k);
      LOG.info(
          "FQE iteration {} (driver, horizon {}, at least {}, at most {}): validation Bellman"
              + " residual {}",
          k,
          horizon,
          rule.floor(),
          rule.ceiling(),
          error);
    }
    return new FqeModel(best, horizon, rule.bestIteration(), reason, List.copyOf(errors));
  }

  /**
   * {@code r + gamma (1 - done) V(s')}, with {@code V(s') = sum_a pi_e(a|s') Q(s', a)} when the
   * rows carry pi_e of their next states (evaluation), or {@code max_a Q(s', a)} when they carry
   * none (fitted Q iteration, {@link FittedQEvaluation#iteration}).
   */
  private void targets(Rows rows, QFunction.Linear q, double[] out) {
    double[] values = new double[OpeInputValidator.ACTIONS];
    for (int i = 0; i < rows.size(); i++) {
      double next = 0;
      if (rows.done[i] < 1) {
        q.q(rows.nextStates[i], rows.steps[i] + 1, values);
        double[] policy = rows.nextPolicy == null ? null : rows.nextPolicy[i];
        if (policy == null) {
          next = Double.NEGATIVE_INFINITY;
          for (double value : values) {
            next = Math.max(next, value);
          }
        } else {
          for (int a = 0; a < values.length; a++) {
            next += policy[a] * values[a];
          }
        }
      }
      out[i] = rows.rewards[i] + settings.gamma() * (1 - rows.done[i]) * next;
    }
  }

  private double tdError(Rows rows, QFunction.Linear q) {
    if (rows.size() == 0) {
      throw new InvalidOpeInputException("FQE: the validation transitions are empty");
    }
    double[] targets = new double[rows.size()];
    targets(rows, q, targets);
    double[] values = new double[OpeInputValidator.ACTIONS];
    double sum = 0;
    for (int i = 0; i < rows.size(); i++) {
      q.q(rows.states[i], rows.steps[i], values);
      double error = targets[i] - values[rows.actions[i]];
      sum += error * error;
    }
    return sum / rows.size();
  }

  /**
   * The normal equations {@code (X^T X / n + lambda I) beta = X^T y / n} with {@code lambda =
   * regParam / std(y)} (population standard deviation; lambda = regParam when y is constant), as
   * MLlib's normal solver sets them up without intercept or feature standardization.
   */
  private double[] solve(RidgeSystem system, SparseVector[] design, double[] labels) {
    int n = labels.length;
    double[] xty = new double[system.size()];
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      int[] indices = design[i].indices();
      double[] values = design[i].values();
      for (int p = 0; p < indices.length; p++) {
        xty[indices[p]] += values[p] * labels[i];
      }
      sum += labels[i];
      squares += labels[i] * labels[i];
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(0, squares / n - mean * mean));
    double lambda = std > 0 ? settings.regParam() / std : settings.regParam();
    for (int r = 0; r < xty.length; r++) {
      xty[r] /= n;
    }
    return system.solve(xty, 1.0 / n, lambda);
  }

  /**
   * The ridge system {@code (scale G + shift I) x = b} of a fixed Gram matrix {@code G}, solved by
   * a Cholesky factorization into a reused buffer (row-major, so the inner products run over
   * contiguous rows).
   */
  static final class RidgeSystem {
    private final double[] gram;
    private final double[] factor;
    private final int size;

    RidgeSystem(double[][] gram) {
      size = gram.length;
      this.gram = new double[size * size];
      for (int r = 0; r < size; r++) {
        System.arraycopy(gram[r], 0, this.gram, r * size, size);
      }
      factor = new double[size * size];
    }

    int size() {
      return size;
    }

    double[] solve(double[] b, double scale, double shift) {
      int n = size;
      for (int i = 0; i < n; i++) {
        int ri = i * n;
        for (int j = 0; j <= i; j++) {
          int rj = j * n;
          double sum = scale * gram[ri + j] + (i == j ? shift : 0);
          for (int k = 0; k < j; k++) {
            sum -= factor[ri + k] * factor[rj + k];
          }
          if (i == j) {
            if (!(sum > 0)) {
              throw new InvalidOpeInputException(
                  "FQE: the ridge system is not positive definite (column "
                      + i
                      + "); set sepsis-iql.evaluate.fqe.reg-param above 0");
            }
            factor[ri + i] = Math.sqrt(sum);
          } else {
            factor[ri + j] = sum / factor[rj + j];
          }
        }
      }
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double sum = b[i];
        int ri = i * n;
        for (int k = 0; k < i; k++) {
          sum -= factor[ri + k] * y[k];
        }
        y[i] = sum / factor[ri + i];
      }
      double[] x = new double[n];
      for (int i = n - 1; i >= 0; i--) {
        double sum = y[i];
        for (int k = i + 1; k < n; k++) {
          sum -= factor[k * n + i] * x[k];
        }
        x[i] = sum / factor[i * n + i];
      }
      return x;
    }
  }

  private static void addOuter(double[][] gram, SparseVector row) {
    int[] indices = row.indices();
    double[] values = row.values();
    for (int p = 0; p < indices.length; p++) {
      double[] target = gram[indices[p]];
      double value = values[p];
      for (int q = 0; q < indices.length; q++) {
        target[indices[q]] += value * values[q];
      }
    }
  }

  private static double[] doubles(Seq<Object> values) {
    double[] out = new double[values.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = (Double) values.apply(j);
    }
    return out;
  }
}
