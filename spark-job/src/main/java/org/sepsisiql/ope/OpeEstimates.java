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
 * Every estimator's verdict for one evaluated policy, with the sample it came from and the
 * diagnostics of its importance weights (OPE.md, Reliability).
 *
 * @param trajectories n, the number of test trajectories
 * @param horizon H, the longest trajectory
 * @param gamma the discount used
 * @param resamples bootstrap resamples asked for (B)
 * @param bootstrapSeed seed of the Poisson resample counts: with the same seed and trajectories,
 *     resample b holds the same trajectories for every policy
 * @param effectiveSampleSize {@code 1 / sum_i w_i^2} with the trajectory-wise normalized weights
 * @param effectiveSampleSizePerStep the same with the per-step weights w_{i,t}, t = 0..H-1 (the
 *     last equals the trajectory-wise one: at t = H-1 every rho is frozen at its final value)
 * @param effectiveSampleSizePerDecision {@code sum_t (n_t / n) ESS_t}, n_t the trajectories whose
 *     last step is t: the per-step ESS where the terminal rewards are weighted
 * @param paretoK PSIS k-hat of the final trajectory ratios ({@link ParetoTail}); NaN when undefined
 * @param maxWeightShare the largest final ratio's share of their sum, {@code max_i w_i}
 * @param flooredRows rows whose pi_b of the taken action was raised to the floor
 * @param results one per {@link Estimator}, in its order
 * @param resampleValues {@code [estimator ordinal][b]}: every estimator on every bootstrap
 *     resample, NaN where undefined; B columns, none without a bootstrap. Not copied: do not modify
 */
public record OpeEstimates(
    long trajectories,
    int horizon,
    double gamma,
    int resamples,
    long bootstrapSeed,
    double effectiveSampleSize,
    List<Double> effectiveSampleSizePerStep,
    double effectiveSampleSizePerDecision,
    double paretoK,
    double maxWeightShare,
    long flooredRows,
    List<EstimateResult> results,
    double[][] resampleValues)
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
          .add("n", DataTypes.LongType, false)
          .add("flag", DataTypes.StringType, false)
          .add("pareto_k", DataTypes.DoubleType, true)
          .add("ess_used", DataTypes.DoubleType, true);

  public OpeEstimates {
    if (resampleValues.length != Estimator.values().length) {
      throw new IllegalArgumentException(
          "resampleValues needs one row per estimator, cannot be: " + resampleValues.length);
    }
  }

  public EstimateResult result(Estimator estimator) {
    return results.get(estimator.ordinal());
  }

  /** The estimator on every bootstrap resample (NaN where undefined). */
  public double[] resampleValues(Estimator estimator) {
    return resampleValues[estimator.ordinal()];
  }

  /** The effective sample size of the per-step weights at the last step H-1. */
  public double effectiveSampleSizeFinalStep() {
    return effectiveSampleSizePerStep.get(horizon - 1);
  }

  /**
   * The ESS that governs an estimator: trajectory-wise for WIS and DR, per-decision for PDWIS and
   * WDR, NaN for DM (no weights).
   */
  public double effectiveSampleSizeFor(Estimator estimator) {
    return switch (estimator.weighting()) {
      case TRAJECTORY_WISE -> effectiveSampleSize;
      case PER_DECISION -> effectiveSampleSizePerDecision;
      case NONE -> Double.NaN;
    };
  }

  /** The same estimates with other verdicts (reliability rules, flags). */
  public OpeEstimates withResults(List<EstimateResult> verdicts) {
    return new OpeEstimates(
        trajectories,
        horizon,
        gamma,
        resamples,
        bootstrapSeed,
        effectiveSampleSize,
        effectiveSampleSizePerStep,
        effectiveSampleSizePerDecision,
        paretoK,
        maxWeightShare,
        flooredRows,
        List.copyOf(verdicts),
        resampleValues);
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

  /**
   * One row per estimator; value, lower and upper are null when the estimate is invalid, {@code
   * pareto_k} when undefined, {@code ess_used} for DM.
   */
  public Dataset<Row> toFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (EstimateResult r : results) {
      double essUsed = effectiveSampleSizeFor(r.estimator());
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
              trajectories,
              r.flag(),
              Double.isNaN(paretoK) ? null : paretoK,
              Double.isNaN(essUsed) ? null : essUsed));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
