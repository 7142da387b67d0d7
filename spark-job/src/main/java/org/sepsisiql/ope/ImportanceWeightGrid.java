package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The dense (trajectory x step) grid of importance weights with the absorbing-state extension, and
 * the per-step normalizations of the self-normalized estimators.
 *
 * <p>Algorithm. (1) Per row: the log ratio {@code log pi_e(a|s) - log pi_b(a|s)} ({@code -inf} when
 * pi_e(a|s) = 0; capped at {@code log ratio-clip} when clipping is on), {@code Qhat(s,a)} and
 * {@code Vhat(s) = sum_a pi_e(a|s) Qhat(s,a)}. (2) A window over {@code step} within {@code
 * stay_id} sums the log ratios: {@code log rho_{i,t}} and {@code log rho_{i,t-1}} (0 at t = 0).
 * Products of up to H ratios overflow or underflow a double when H is long or the policies
 * disagree; sums of logs do not. (3) Trajectories shorter than H get rows {@code t = T_i..H-1} (an
 * explode of {@code sequence(T_i, H-1)} of the last row) with log rho frozen, reward, Q and V zero,
 * so every per-step sum runs over all n trajectories. (4) Per step: {@code M_t = max_i log
 * rho_{i,t}} (groupBy(step), H values collected), then {@code D_t = sum_i exp(log rho_{i,t} - M_t)}
 * , the sum of squares and the count of trajectories ending at t (groupBy(step), H values
 * collected). Shifting by M_t is the log-sum-exp trick: {@code w_{i,t} = exp(log rho_{i,t} - M_t) /
 * D_t} equals {@code rho_{i,t} / sum_j rho_{j,t}} exactly, and no term exceeds 1. The H-row table
 * of shifts and sums is broadcast-joined back onto the grid.
 *
 * <p>Cost: one shuffle by stay_id (the window), n*H grid rows persisted, two groupBy(step)
 * aggregations of H rows each, broadcast joins of H rows.
 */
final class ImportanceWeightGrid {
  private final Dataset<Row> grid;
  private final double[] shift;
  private final double[] denominator;
  private final double[] sumOfSquares;
  private final long[] endings;
  private final long trajectories;

  private ImportanceWeightGrid(
      Dataset<Row> grid,
      double[] shift,
      double[] denominator,
      double[] squares,
      long[] endings,
      long n) {
    this.grid = grid;
    this.shift = shift;
    this.denominator = denominator;
    this.sumOfSquares = squares;
    this.endings = endings;
    this.trajectories = n;
  }

  /**
   * @param ratioClip 0, or the cap of every per-step ratio: {@code log ratio} becomes {@code
   *     min(log ratio, log ratioClip)} before the cumulative sums
   */
  static ImportanceWeightGrid build(OpeInputValidator.Validated input, double ratioClip) {
    int horizon = input.horizon();
    Dataset<Row> grid = denseGrid(steps(input.transitions(), ratioClip), horizon);
    grid.persist(StorageLevel.MEMORY_AND_DISK());
    double[] shift = new double[horizon];
    for (Row row : grid.groupBy("step").agg(max("log_rho")).collectAsList()) {
      double m = row.getDouble(1);
      shift[row.getInt(0)] = m == Double.NEGATIVE_INFINITY ? 0 : m;
    }
    SparkSession spark = grid.sparkSession();
    Dataset<Row> shifted =
        grid.join(broadcast(shiftTable(spark, shift)), "step")
            .withColumn("rho_shifted", exp(col("log_rho").minus(col("shift"))));
    double[] denominator = new double[horizon];
    double[] squares = new double[horizon];
    long[] endings = new long[horizon];
    Column ends = when(col("step").equalTo(col("length").minus(1)), 1L).otherwise(0L);
    for (Row row :
        shifted
            .groupBy("step")
            .agg(
                sum("rho_shifted"), sum(col("rho_shifted").multiply(col("rho_shifted"))), sum(ends))
            .collectAsList()) {
      denominator[row.getInt(0)] = row.getDouble(1);
      squares[row.getInt(0)] = row.getDouble(2);
      endings[row.getInt(0)] = row.getLong(3);
    }
    return new ImportanceWeightGrid(
        grid, shift, denominator, squares, endings, input.trajectories());
  }

  /** Alive rows with cumulative log ratios, Qhat of the taken action and Vhat. */
  private static Dataset<Row> steps(Dataset<Row> transitions, double ratioClip) {
    WindowSpec byStep = Window.partitionBy("stay_id").orderBy("step");
    Column piE = expr("pi_e[action]");
    Column logRatio =
        when(piE.gt(0), log(piE))
            .otherwise(lit(Double.NEGATIVE_INFINITY))
            .minus(log(col("pi_b_taken")));
    if (ratioClip > 0) {
      logRatio = least(logRatio, lit(Math.log(ratioClip)));
    }
    return transitions
        .withColumn("log_ratio", logRatio)
        .select(
            col("stay_id"),
            col("step"),
            col("reward"),
            expr("q_hat[action]").as("q_taken"),
            expr("aggregate(zip_with(pi_e, q_hat, (p, q) -> p * q), 0D, (a, x) -> a + x)")
                .as("v_hat"),
            sum("log_ratio")
                .over(byStep.rowsBetween(Window.unboundedPreceding(), Window.currentRow()))
                .as("log_rho"),
            coalesce(
                    sum("log_ratio").over(byStep.rowsBetween(Window.unboundedPreceding(), -1)),
                    lit(0.0))
                .as("log_rho_prev"),
            max("step").over(Window.partitionBy("stay_id")).plus(1).as("length"));
  }

  private static Dataset<Row> denseGrid(Dataset<Row> alive, int horizon) {
    Dataset<Row> frozen =
        alive
            .filter(col("step").equalTo(col("length").minus(1)).and(col("length").lt(horizon)))
            .select(
                col("stay_id"),
                explode(sequence(col("length"), lit(horizon - 1))).as("step"),
                lit(0.0).as("reward"),
                lit(0.0).as("q_taken"),
                lit(0.0).as("v_hat"),
                col("log_rho"),
                col("log_rho").as("log_rho_prev"),
                col("length"));
    return alive.unionByName(frozen);
  }

  private static Dataset<Row> shiftTable(SparkSession spark, double[] shift) {
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < shift.length; t++) {
      rows.add(RowFactory.create(t, shift[t]));
    }
    StructType schema =
        new StructType().add("step", DataTypes.IntegerType).add("shift", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * The grid with the normalized weights {@code w} (w_{i,t}), {@code w_prev} (w_{i,t-1}, 1/n at t =
   * 0), their shifted numerators {@code rho_shifted}, {@code rho_prev_shifted}, the raw {@code
   * rho}, {@code rho_prev} and the discount {@code discount} = gamma^t. A step whose weights are
   * all zero has w = 0.
   */
  Dataset<Row> weighted(double gamma) {
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < shift.length; t++) {
      double prevShift = t == 0 ? 0 : shift[t - 1];
      double prevDenominator = t == 0 ? trajectories : denominator[t - 1];
      rows.add(RowFactory.create(t, shift[t], denominator[t], prevShift, prevDenominator));
    }
    StructType schema =
        new StructType()
            .add("step", DataTypes.IntegerType)
            .add("shift", DataTypes.DoubleType)
            .add("denominator", DataTypes.DoubleType)
            .add("prev_shift", DataTypes.DoubleType)
            .add("prev_denominator", DataTypes.DoubleType);
    Dataset<Row> stats = grid.sparkSession().createDataFrame(rows, schema);
    Column rhoShifted = exp(col("log_rho").minus(col("shift")));
    Column prevShifted = exp(col("log_rho_prev").minus(col("prev_shift")));
    return grid.join(broadcast(stats), "step")
        .withColumn("rho_shifted", rhoShifted)
        .withColumn("rho_prev_shifted", prevShifted)
        .withColumn("w", normalized(col("rho_shifted"), col("denominator")))
        .withColumn("w_prev", normalized(col("rho_prev_shifted"), col("prev_denominator")))
        .withColumn("rho", exp(col("log_rho")))
        .withColumn("rho_prev", exp(col("log_rho_prev")))
        .withColumn("discount", pow(lit(gamma), col("step")));
  }

  private static Column normalized(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.divide(denominator)).otherwise(lit(0.0));
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
    return total / trajectories;
  }

  long trajectories() {
    return trajectories;
  }

  int horizon() {
    return denominator.length;
  }

  void release() {
    grid.unpersist();
  }
}
