package org.sepsisiql.ope;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What off-policy evaluation of one policy produces.
 *
 * @param perTrajectory one row per test trajectory: {@code stay_id} long, {@code length} int,
 *     {@code discounted_return}, {@code rho_final}, {@code wdr_contribution}, {@code
 *     wis_contribution}, {@code pdwis_contribution}, {@code dr_contribution}, {@code
 *     dm_contribution} (doubles); each estimate is the sum of its contribution column. Persisted;
 *     call {@code unpersist()} when written.
 * @param estimates the estimates, intervals and plausibility verdicts
 */
public record OpeResult(Dataset<Row> perTrajectory, OpeEstimates estimates) {}
