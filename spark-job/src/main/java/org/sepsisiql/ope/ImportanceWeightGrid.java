package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The (trajectory x step) grid of importance weights with the absorbing-state extension, and the
 * per-step normalizations of the self-normalized estimators.
 *
 * <p>Algorithm. (1) Per row: the log ratio {@code log pi_e(a|s) - log pi_b(a|s)} ({@code -inf} when
 * pi_e(a|s) = 0; capped at {@code log ratio-clip} when clipping is on), {@code Qhat(s,a)} and
 * {@code Vhat(s) = sum_a pi_e(a|s) Qhat(s,a)}. (2) One groupBy(stay_id) gathers each trajectory's
 * rows in step order ({@link Trajectory}), which sums the log ratios: {@code log rho_{i,t}} and
 * {@code log rho_{i,t-1}} (0 at t = 0). Products of up to H ratios overflow or underflow a double
 * when H is long or the policies disagree; sums of logs do not. (3) A trajectory shorter than H
 * reads as if it had steps {@code t = T_i..H-1} with log rho frozen and reward, Q and V zero, so
 * every per-step sum runs over all n trajectories. (4) Per step, two passes over the trajectories
 * (tree aggregations, H values each): {@code M_t = max_i log rho_{i,t}}, then {@code D_t = sum_i
 * exp(log rho_{i,t} - M_t)}, the sum of squares and the count of trajectories ending at t. Shifting
 * by M_t is the log-sum-exp trick: {@code w_{i,t} = exp(log rho_{i,t} - M_t) / D_t} equals {@code
 * rho_{i,t} / sum_j rho_{j,t}} exactly, and no term exceeds 1.
 *
 * <p>Cost: one shuffle by stay_id, the n trajectories persisted (their rows as arrays), two
 * aggregations that return H values each. Nothing of size n reaches the driver.
 */
final class ImportanceWeightGrid {
  /** One trajectory's rows in step order; {@code logRho[t]} is the cumulative log ratio. */
  record Trajectory(long stayId, double[] logRho, double[] reward, double[] qTaken, double[] vHat)
      implements Serializable {
    int length() {
      return logRho.length;
    }

    /** log rho at grid step t, frozen after the last step. */
    double logRhoAt(int t) {
      return logRho[Math.min(t, logRho.length - 1)];
    }

    /** log rho at grid step t - 1: 0 at t = 0, frozen after the last step. */
    double logRhoBefore(int t) {
      return t == 0 ? 0 : logRho[Math.min(t - 1, logRho.length - 1)];
    }

    static Trajectory of(Row row) {
      List<Row> steps = row.getList(1);
      int length = steps.size();
      double[] logRho = new double[length];
      double[] reward = new double[length];
      double[] q = new double[length];
      double[] v = new double[length];
      double sum = 0;
      for (int t = 0; t < length; t++) {
        Row step = steps.get(t);
        sum += step.getDouble(1);
        logRho[t] = sum;
        reward[t] = step.getDouble(2);
        q[t] = step.getDouble(3);
        v[t] = step.getDouble(4);
      }
      return new Trajectory(row.getLong(0), logRho, reward, q, v);
    }
  }

  private final JavaRDD<Trajectory> trajectories;
  private final double[] shift;
  private final double[] denominator;
  private final double[] sumOfSquares;
  private final long[] endings;
  private final long count;

  private ImportanceWeightGrid(
      JavaRDD<Trajectory> trajectories,
      double[] shift,
      double[] denominator,
      double[] squares,
      long[] endings,
      long n) {
    this.trajectories = trajectories;
    this.shift = shift;
    this.denominator = denominator;
    this.sumOfSquares = squares;
    this.endings = endings;
    this.count = n;
  }

  /**
   * @param ratioClip 0, or the cap of every per-step ratio: {@code log ratio} becomes {@code
   *     min(log ratio, log ratioClip)} before the cumulative sums
   */
  static ImportanceWeightGrid build(OpeInputValidator.Validated input, double ratioClip) {
    int horizon = input.horizon();
    JavaRDD<Trajectory> trajectories =
        steps(input.transitions(), ratioClip)
            .groupBy("stay_id")
            .agg(expr("sort_array(collect_list(struct(step, log_ratio, reward, q_taken, v_hat)))"))
            .toJavaRDD()
            .map(Trajectory::of)
            .persist(StorageLevel.MEMORY_AND_DISK());
    double[] shift =
        shifts(
            trajectories.treeAggregate(
                initialMax(horizon),
                (max, trajectory) -> foldMax(max, trajectory),
                ImportanceWeightGrid::mergeMax));
    double[] sums =
        trajectories.treeAggregate(
            new double[3 * horizon],
            (acc, trajectory) -> foldSums(acc, trajectory, shift),
            ImportanceWeightGrid::mergeSums);
    return new ImportanceWeightGrid(
        trajectories,
        shift,
        denominators(sums),
        squares(sums),
        endings(sums),
        input.trajectories());
  }

  /**
   * The same grid's per-step figures from trajectories held on the driver ({@link
   * LocalWeightTail}): the same folds as the tree aggregations, in one JVM.
   */
  static ImportanceWeightGrid local(List<Trajectory> trajectories, int horizon) {
    double[] max = initialMax(horizon);
    for (Trajectory trajectory : trajectories) {
      foldMax(max, trajectory);
    }
    double[] shift = shifts(max);
    double[] sums = new double[3 * horizon];
    for (Trajectory trajectory : trajectories) {
      foldSums(sums, trajectory, shift);
    }
    return new ImportanceWeightGrid(
        null, shift, denominators(sums), squares(sums), endings(sums), trajectories.size());
  }

  private static double[] initialMax(int horizon) {
    double[] initial = new double[horizon];
    Arrays.fill(initial, Double.NEGATIVE_INFINITY);
    return initial;
  }

  /** {@code M_t = max_i log rho_{i,t}}, folded over trajectories. */
  private static double[] foldMax(double[] max, Trajectory trajectory) {
    for (int t = 0; t < max.length; t++) {
      max[t] = Math.max(max[t], trajectory.logRhoAt(t));
    }
    return max;
  }

  private static double[] mergeMax(double[] a, double[] b) {
    for (int t = 0; t < a.length; t++) {
      a[t] = Math.max(a[t], b[t]);
    }
    return a;
  }

  /** The shifts: M_t, or 0 at a step where every log rho is -inf. */
  private static double[] shifts(double[] max) {
    for (int t = 0; t < max.length; t++) {
      if (max[t] == Double.NEGATIVE_INFINITY) {
        max[t] = 0;
      }
    }
    return max;
  }

  /** {@code D_t}, the sums of squares and the trajectories ending at t, folded. */
  private static double[] foldSums(double[] acc, Trajectory trajectory, double[] shift) {
    int horizon = shift.length;
    for (int t = 0; t < horizon; t++) {
      double rho = Math.exp(trajectory.logRhoAt(t) - shift[t]);
      acc[t] += rho;
      acc[horizon + t] += rho * rho;
    }
    acc[2 * horizon + trajectory.length() - 1] += 1;
    return acc;
  }

  private static double[] mergeSums(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static double[] denominators(double[] sums) {
    return Arrays.copyOfRange(sums, 0, sums.length / 3);
  }

  private static double[] squares(double[] sums) {
    return Arrays.copyOfRange(sums, sums.length / 3, 2 * sums.length / 3);
  }

  private static long[] endings(double[] sums) {
    int horizon = sums.length / 3;
    long[] endings = new long[horizon];
    for (int t = 0; t < horizon; t++) {
      endings[t] = (long) sums[2 * horizon + t];
    }
    return endings;
  }

  /** Per row: stay, step, log ratio, reward, Qhat of the taken action and Vhat. */
  private static Dataset<Row> steps(Dataset<Row> transitions, double ratioClip) {
    Column piE = expr("pi_e[action]");
    Column logRatio =
        when(piE.gt(0), log(piE))
            .otherwise(lit(Double.NEGATIVE_INFINITY))
            .minus(log(col("pi_b_taken")));
    if (ratioClip > 0) {
      logRatio = least(logRatio, lit(Math.log(ratioClip)));
    }
    return transitions.select(
        col("stay_id"),
        col("step"),
        logRatio.as("log_ratio"),
        col("reward"),
        expr("q_hat[action]").as("q_taken"),
        expr("aggregate(zip_with(pi_e, q_hat, (p, q) -> p * q), 0D, (a, x) -> a + x)").as("v_hat"));
  }

  /** The trajectories, each with the grid's per-step shifts and sums ({@link #weights}). */
  JavaRDD<Trajectory> trajectories() {
    return trajectories;
  }

  /** The normalizations of every step, for computing one trajectory's weights on the executors. */
  Weights weights() {
    return new Weights(shift, denominator, count);
  }

  /**
   * Per step t: the shift {@code M_t} and the sum {@code D_t}; {@code n} trajectories. A step whose
   * weights are all zero has w = 0.
   */
  record Weights(double[] shift, double[] denominator, long n) implements Serializable {
    /** The shifted numerator {@code exp(log rho_{i,t} - M_t)}. */
    double shifted(Trajectory trajectory, int t) {
      return Math.exp(trajectory.logRhoAt(t) - shift[t]);
    }

    /** The shifted numerator of step t - 1 (1 at t = 0). */
    double shiftedBefore(Trajectory trajectory, int t) {
      return Math.exp(trajectory.logRhoBefore(t) - (t == 0 ? 0 : shift[t - 1]));
    }

    /** {@code w_{i,t}}. */
    double weight(double shifted, int t) {
      return normalized(shifted, denominator[t]);
    }

    /** {@code w_{i,t-1}}, 1/n at t = 0. */
    double weightBefore(double shiftedBefore, int t) {
      return normalized(shiftedBefore, t == 0 ? n : denominator[t - 1]);
    }

    private static double normalized(double numerator, double denominator) {
      return denominator > 0 ? numerator / denominator : 0.0;
    }
  }

  /**
   * True when every trajectory's final weight is 0: the self-normalized estimators are undefined.
   */
  boolean allWeightsZero() {
    return !(denominator[denominator.length - 1] > 0);
  }

  /** Effective sample size per step, {@code (sum_i w_{i,t})^2 / sum_i w_{i,t}^2}. */
  double[] effectiveSampleSizePerStep() {
    double[] ess = new double[denominator.length];
    for (int t = 0; t < ess.length; t++) {
      ess[t] = sumOfSquares[t] > 0 ? denominator[t] * denominator[t] / sumOfSquares[t] : 0;
    }
    return ess;
  }

  /**
   * The per-step ESS averaged with weights n_t / n, n_t the trajectories whose last step is t:
   * where their terminal reward, which dominates the return, is weighted.
   */
  double effectiveSampleSizePerDecision() {
    double[] ess = effectiveSampleSizePerStep();
    double total = 0;
    for (int t = 0; t < ess.length; t++) {
      total += ess[t] * endings[t];
    }
    return total / count;
  }

  int horizon() {
    return denominator.length;
  }

  void release() {
    if (trajectories != null) {
      trajectories.unpersist(false);
    }
  }
}
