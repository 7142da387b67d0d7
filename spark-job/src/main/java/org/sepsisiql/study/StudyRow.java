package org.sepsisiql.study;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One estimate of one policy on one simulator seed, beside its truth.
 *
 * @param value the raw estimate (also when withheld)
 * @param lower the raw interval's lower bound (also when withheld); NaN when there is none
 * @param upper the raw interval's upper bound (also when withheld); NaN when there is none
 * @param covered whether the interval covers the truth within the truth's own error (null when the
 *     estimate is withheld or has no interval)
 * @param rawCovered the same for the raw interval, also when the estimate is withheld (null when it
 *     has no finite interval): what coverage would be if the estimate were shown
 * @param ess the policy's trajectory-wise effective sample size
 */
public record StudyRow(
    long seed,
    String policy,
    String estimator,
    boolean valid,
    String reason,
    double value,
    double lower,
    double upper,
    double truth,
    double truthError,
    Boolean covered,
    Boolean rawCovered,
    double ess) {

  /** The Parquet schema of {@code ope-study/estimates}. */
  public static final StructType SCHEMA =
      new StructType()
          .add("seed", DataTypes.LongType, false)
          .add("policy", DataTypes.StringType, false)
          .add("estimator", DataTypes.StringType, false)
          .add("valid", DataTypes.BooleanType, false)
          .add("reason", DataTypes.StringType, true)
          .add("value", DataTypes.DoubleType, false)
          .add("lower", DataTypes.DoubleType, false)
          .add("upper", DataTypes.DoubleType, false)
          .add("truth", DataTypes.DoubleType, false)
          .add("truth_standard_error", DataTypes.DoubleType, false)
          .add("covered", DataTypes.BooleanType, true)
          .add("raw_covered", DataTypes.BooleanType, true)
          .add("ess", DataTypes.DoubleType, false);

  /** Estimate minus truth. */
  public double error() {
    return value - truth;
  }
}
