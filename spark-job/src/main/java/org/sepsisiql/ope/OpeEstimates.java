package org.sepsisiql.ope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.run.StageResult;

/**
 * Every estimator's verdict for one evaluated policy, with the sample it came from.
 *
 * @param trajectories n, the number of test trajectories
 * @param horizon H, the longest trajectory
 * @param gamma the discount used
 * @param resamples bootstrap resamples asked for
 * @param effectiveSampleSize {@code 1 / sum_i w_i^2} with the trajectory-wise normalized weights
 * @param effectiveSampleSizePerStep the same with the per-step weights w_{i,t}, t = 0..H-1 (the
 *     last equals the trajectory-wise one: at t = H-1 every rho is frozen at its final value)
 * @param flooredRows rows whose pi_b of the taken action was raised to the floor
 * @param results one per {@link Estimator}, in its order
 */
public record OpeEstimates(
    long trajectories,
    int horizon,
    double gamma,
    int resamples,
    double effectiveSampleSize,
    List<Double> effectiveSampleSizePerStep,
    long flooredRows,
    List<EstimateResult> results)
    implements StageResult {

  /** Schema of {@link #toFrame}: one row per estimator. */
  public static final StructType SCHEMA =
      new StructType()
          .add("estimator", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, true)
          .add("lower", DataTypes.DoubleType, true)
          .add("upper", DataTypes.DoubleType, true)
          .add("valid", DataTypes.BooleanType, false)
          .add("reason", DataTypes.StringType, false)
          .add("raw_value", DataTypes.DoubleType, false)
          .add("raw_lower", DataTypes.DoubleType, false)
          .add("raw_upper", DataTypes.DoubleType, false)
          .add("usable_resamples", DataTypes.IntegerType, false)
          .add("ess", DataTypes.DoubleType, false)
          .add("ess_final_step", DataTypes.DoubleType, false)
          .add("n", DataTypes.LongType, false);

  public EstimateResult result(Estimator estimator) {
    return results.get(estimator.ordinal());
  }

  /** The effective sample size of the per-step weights at the last step H-1. */
  public double effectiveSampleSizeFinalStep() {
    return effectiveSampleSizePerStep.get(horizon - 1);
  }

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("trajectories", trajectories);
    counts.put("horizon", horizon);
    counts.put("resamples", resamples);
    counts.put("floored_pi_b_rows", flooredRows);
    counts.put("valid_estimates", results.stream().filter(EstimateResult::valid).count());
    return counts;
  }

  /** One row per estimator; value, lower and upper are null when the estimate is invalid. */
  public Dataset<Row> toFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (EstimateResult r : results) {
      rows.add(
          RowFactory.create(
              r.estimator().name(),
              r.valid() ? r.rawValue() : null,
              r.lower().isPresent() ? r.rawLower() : null,
              r.upper().isPresent() ? r.rawUpper() : null,
              r.valid(),
              r.reason(),
              r.rawValue(),
              r.rawLower(),
              r.rawUpper(),
              r.usableResamples(),
              effectiveSampleSize,
              effectiveSampleSizeFinalStep(),
              trajectories));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
