package org.sepsisiql.ope;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What off-policy evaluation of one policy produces. It owns the per-trajectory table that {@link
 * SparkOpeEstimator} persisted: {@link #perTrajectory()} is a projection of it, so unpersisting the
 * projection would release nothing. Call {@link #release()} (or use try-with-resources) once the
 * per-trajectory rows are written; the estimates stay usable afterwards.
 */
public final class OpeResult implements AutoCloseable {
  private final Dataset<Row> persisted;
  private final Dataset<Row> perTrajectory;
  private final OpeEstimates estimates;

  OpeResult(Dataset<Row> persisted, Dataset<Row> perTrajectory, OpeEstimates estimates) {
    this.persisted = persisted;
    this.perTrajectory = perTrajectory;
    this.estimates = estimates;
  }

  /**
   * One row per test trajectory: {@code stay_id} long, {@code length} int, {@code
   * discounted_return}, {@code rho_final}, {@code wdr_contribution}, {@code wis_contribution},
   * {@code pdwis_contribution}, {@code dr_contribution}, {@code dm_contribution} (doubles); each
   * estimate is the sum of its contribution column. Backed by the cached table until {@link
   * #release()}; recomputed from the input if read after it.
   */
  public Dataset<Row> perTrajectory() {
    return perTrajectory;
  }

  /** The estimates, intervals, weight diagnostics and plausibility verdicts. */
  public OpeEstimates estimates() {
    return estimates;
  }

  /** Drops the cached per-trajectory table (blocking until its blocks are removed). */
  public void release() {
    persisted.unpersist(true);
  }

  @Override
  public void close() {
    release();
  }
}
