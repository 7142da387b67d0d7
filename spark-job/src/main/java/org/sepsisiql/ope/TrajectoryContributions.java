package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Each trajectory's share of every estimator, so each estimate is the sum of a column and a user
 * can see which patients drive it. One groupBy(stay_id) over the weighted grid (a shuffle of n*H
 * rows); the result has one row per trajectory and also carries the per-step arrays the bootstrap
 * re-weights ({@link BootstrapSums}).
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
  static Dataset<Row> compute(Dataset<Row> weighted, long n) {
    Column alive = col("step").lt(col("length"));
    Column g = col("discount");
    Column wdr =
        g.multiply(
            col("w")
                .multiply(col("reward").minus(col("q_taken")))
                .plus(col("w_prev").multiply(col("v_hat"))));
    Column dr =
        g.multiply(
            col("rho")
                .multiply(col("reward"))
                .minus(col("rho").multiply(col("q_taken")))
                .plus(col("rho_prev").multiply(col("v_hat"))));
    Column bootTerms =
        when(
            alive,
            struct(
                col("step"),
                col("rho_shifted").multiply(col("reward")).as("r"),
                col("rho_shifted").multiply(col("q_taken")).as("q"),
                col("rho_prev_shifted").multiply(col("v_hat")).as("v")));
    Dataset<Row> grouped =
        weighted
            .groupBy("stay_id")
            .agg(
                max("length").as("length"),
                sum(g.multiply(col("reward"))).as("discounted_return"),
                max_by(col("log_rho"), col("step")).as("log_rho_final"),
                max_by(col("w"), col("step")).as("w_final"),
                max_by(col("rho_shifted"), col("step")).as("rho_final_shifted"),
                sum(when(alive, wdr).otherwise(0.0)).as("wdr_sum"),
                sum(when(alive, g.multiply(col("w")).multiply(col("reward"))).otherwise(0.0))
                    .as("pdwis_sum"),
                sum(when(alive, dr).otherwise(0.0)).as("dr_sum"),
                min_by(col("v_hat"), col("step")).as("v_first"),
                expr("sort_array(collect_list(struct(step, rho_shifted)))").as("d_sorted"),
                collect_list(bootTerms).as("terms"));
    return grouped.select(
        col("stay_id"),
        col("length").cast("int").as("length"),
        col("discounted_return"),
        exp(col("log_rho_final")).as("rho_final"),
        col("wdr_sum").as("wdr_contribution"),
        col("w_final").multiply(col("discounted_return")).as("wis_contribution"),
        col("pdwis_sum").as("pdwis_contribution"),
        col("dr_sum").divide(lit((double) n)).as("dr_contribution"),
        col("v_first").divide(lit((double) n)).as("dm_contribution"),
        col("w_final"),
        col("log_rho_final"),
        col("rho_final_shifted"),
        col("dr_sum"),
        col("v_first"),
        expr("transform(d_sorted, x -> x.rho_shifted)").as("boot_d"),
        expr("transform(sort_array(terms), x -> x.r)").as("boot_r"),
        expr("transform(sort_array(terms), x -> x.q)").as("boot_q"),
        expr("transform(sort_array(terms), x -> x.v)").as("boot_v"));
  }
}
