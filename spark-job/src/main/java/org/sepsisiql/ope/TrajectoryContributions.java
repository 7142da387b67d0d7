package org.sepsisiql.ope;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each trajectory's share of every estimator, so each estimate is the sum of a column and a user
 * can see which patients drive it. Computed per trajectory from its rows and the grid's per-step
 * normalizations ({@link ImportanceWeightGrid}), map-only; the result has one row per trajectory
 * and also carries the per-step arrays the bootstrap re-weights ({@link BootstrapSums}).
 *
 * <p>Per grid row (terms are 0 after the trajectory's end, {@code g = gamma^t}):
 *
 * <pre>
 * wdr   = g * ( w_t r_t - w_t Qhat_t + w_{t-1} Vhat_t )
 * pdwis = g * w_t r_t
 * dr    = g * ( rho_t r_t - rho_t Qhat_t + rho_{t-1} Vhat_t )      (divided by n per trajectory)
 * </pre>
 *
 * WIS: {@code w_{i,H-1} * discounted_return}; at the last step every trajectory is frozen at its
 * final rho, so {@code w_{i,H-1}} is the trajectory-wise normalized weight. DM: {@code
 * Vhat(s_0)/n}.
 */
final class TrajectoryContributions {
  /** Columns of the per-trajectory output, in order. */
  static final String[] OUTPUT_COLUMNS = {
    "stay_id",
    "length",
    "discounted_return",
    "rho_final",
    "wdr_contribution",
    "wis_contribution",
    "pdwis_contribution",
    "dr_contribution",
    "dm_contribution"
  };

  private TrajectoryContributions() {}

  /**
   * One row per trajectory: the output columns, {@code w_final}, {@code log_rho_final} (for the
   * weight-tail diagnostic), and for the bootstrap {@code boot_d} (shifted rho for every step
   * 0..H-1), {@code boot_r}, {@code boot_q}, {@code boot_v} (shifted rho_t r_t, rho_t Qhat_t,
   * rho_{t-1} Vhat_t for steps 0..T-1), {@code rho_final_shifted}, {@code dr_sum} (n times the DR
   * contribution) and {@code v_first}.
   */
  static Dataset<Row> compute(ImportanceWeightGrid grid, double gamma) {
    ImportanceWeightGrid.Weights weights = grid.weights();
    int horizon = grid.horizon();
    SparkSession spark = SparkSession.active();
    return spark.createDataFrame(
        grid.trajectories().map(trajectory -> row(trajectory, weights, horizon, gamma)), SCHEMA);
  }

  private static final StructType SCHEMA = schema();

  private static StructType schema() {
    StructType schema =
        new StructType()
            .add("stay_id", DataTypes.LongType, false)
            .add("length", DataTypes.IntegerType, false);
    List<String> doubles =
        new ArrayList<>(List.of(OUTPUT_COLUMNS).subList(2, OUTPUT_COLUMNS.length));
    doubles.addAll(List.of("w_final", "log_rho_final", "rho_final_shifted", "dr_sum", "v_first"));
    for (String name : doubles) {
      schema = schema.add(name, DataTypes.DoubleType, false);
    }
    for (String name : List.of("boot_d", "boot_r", "boot_q", "boot_v")) {
      schema = schema.add(name, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    }
    return schema;
  }

  private static Row row(
      ImportanceWeightGrid.Trajectory trajectory,
      ImportanceWeightGrid.Weights weights,
      int horizon,
      double gamma) {
    int length = trajectory.length();
    double n = weights.n();
    double discountedReturn = 0;
    double wdr = 0;
    double pdwis = 0;
    double dr = 0;
    List<Double> bootD = new ArrayList<>(horizon);
    List<Double> bootR = new ArrayList<>(length);
    List<Double> bootQ = new ArrayList<>(length);
    List<Double> bootV = new ArrayList<>(length);
    double finalWeight = 0;
    double finalShifted = 0;
    for (int t = 0; t < horizon; t++) {
      double shifted = weights.shifted(trajectory, t);
      bootD.add(shifted);
      if (t == horizon - 1) {
        finalShifted = shifted;
        finalWeight = weights.weight(shifted, t);
      }
      if (t >= length) {
        continue;
      }
      double g = Math.pow(gamma, t);
      double reward = trajectory.reward()[t];
      double q = trajectory.qTaken()[t];
      double v = trajectory.vHat()[t];
      double shiftedBefore = weights.shiftedBefore(trajectory, t);
      double w = weights.weight(shifted, t);
      double wPrev = weights.weightBefore(shiftedBefore, t);
      double rho = Math.exp(trajectory.logRhoAt(t));
      double rhoPrev = Math.exp(trajectory.logRhoBefore(t));
      discountedReturn += g * reward;
      wdr += g * (w * (reward - q) + wPrev * v);
      pdwis += g * w * reward;
      dr += g * (rho * reward - rho * q + rhoPrev * v);
      bootR.add(shifted * reward);
      bootQ.add(shifted * q);
      bootV.add(shiftedBefore * v);
    }
    double logRhoFinal = trajectory.logRhoAt(horizon - 1);
    double vFirst = trajectory.vHat()[0];
    return RowFactory.create(
        trajectory.stayId(),
        length,
        discountedReturn,
        Math.exp(logRhoFinal),
        wdr,
        finalWeight * discountedReturn,
        pdwis,
        dr / n,
        vFirst / n,
        finalWeight,
        logRhoFinal,
        finalShifted,
        dr,
        vFirst,
        bootD.toArray(new Double[0]),
        bootR.toArray(new Double[0]),
        bootQ.toArray(new Double[0]),
        bootV.toArray(new Double[0]));
  }
}
