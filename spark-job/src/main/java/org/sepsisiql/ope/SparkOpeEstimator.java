package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.spark.JobGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Off-policy evaluation of one policy on the test transitions, in parallel on Spark: WDR, WIS,
 * per-decision WIS, DR and DM, each with a bootstrap percentile interval and a plausibility verdict
 * (OPE.md has the formulas).
 *
 * <p>Phases, each a Spark job group: {@code OPE-VALIDATE} ({@link OpeInputValidator}: two
 * aggregations), {@code OPE-WEIGHTS} ({@link ImportanceWeightGrid}: one groupBy(stay_id) into
 * per-trajectory arrays, persisted, and two tree aggregations of H per-step values; {@link
 * TrajectoryContributions}: map-only, persisted; a one-row sum of the contributions; the M + 1
 * largest final log ratios for {@link ParetoTail}, a top-k of M + 1 rows), {@code OPE-BOOTSTRAP}
 * ({@link BootstrapSums}: one pass over the per-trajectory rows that accumulates every resample's
 * per-step sums, merged by treeAggregate; the driver receives B x (4H + 4) doubles). Nothing of
 * size n reaches the driver. The result does not depend on partitioning beyond floating-point
 * summation order (about 1e-15 relative).
 */
public final class SparkOpeEstimator {
  private static final Logger LOG = LoggerFactory.getLogger(SparkOpeEstimator.class);

  private final OpeSettings settings;

  public SparkOpeEstimator(OpeSettings settings) {
    this.settings = settings;
  }

  /**
   * Evaluates the policy whose probabilities are in {@code pi_e}.
   *
   * @param transitions test transitions: {@code stay_id}, {@code step}, {@code action}, {@code
   *     reward}, {@code pi_e}, {@code pi_b}, {@code q_hat} (see {@link OpeInputValidator})
   * @throws InvalidOpeInputException when the input breaks its contract
   */
  public OpeResult evaluate(Dataset<Row> transitions) {
    SparkContext context = transitions.sparkSession().sparkContext();
    try (JobGroup group =
        JobGroup.open(context, "OPE-VALIDATE", "OPE: check the test transitions")) {
      OpeInputValidator.Validated input = OpeInputValidator.validate(transitions, settings);
      group.next("OPE-WEIGHTS", "OPE: importance weights and contributions");
      ImportanceWeightGrid grid = ImportanceWeightGrid.build(input, settings.ratioClip());
      Dataset<Row> trajectories = TrajectoryContributions.compute(grid, settings.gamma());
      trajectories.persist(StorageLevel.MEMORY_AND_DISK());
      try {
        return result(input, grid, trajectories, group);
      } catch (RuntimeException e) {
        trajectories.unpersist();
        grid.release();
        throw e;
      }
    }
  }

  /** The importance weights' tail and spread, known before any estimate. */
  public record WeightTail(double paretoK, double effectiveSampleSizePerDecision) {}

  /**
   * The Pareto k-hat of the final trajectory ratios and the per-decision ESS of {@code transitions}
   * (same contract as {@link #evaluate}; {@code q_hat} is not read): the half of an evaluation the
   * reliability gate's tail rule needs, without FQE or the bootstrap.
   */
  public WeightTail weightTail(Dataset<Row> transitions) {
    SparkContext context = transitions.sparkSession().sparkContext();
    try (JobGroup group =
        JobGroup.open(context, "OPE-WEIGHT-TAIL", "OPE: importance weight tail")) {
      OpeInputValidator.Validated input = OpeInputValidator.validate(transitions, settings);
      ImportanceWeightGrid grid = ImportanceWeightGrid.build(input, settings.ratioClip());
      try {
        int tail = ParetoTail.tailLength(input.trajectories());
        int last = grid.horizon() - 1;
        double k = Double.NaN;
        if (tail >= ParetoTail.MIN_TAIL) {
          List<Double> largest = grid.trajectories().map(t -> t.logRhoAt(last)).top(tail + 1);
          k =
              ParetoTail.khat(
                  largest.stream().mapToDouble(Double::doubleValue).toArray(),
                  input.trajectories());
        }
        return new WeightTail(k, grid.effectiveSampleSizePerDecision());
      } finally {
        grid.release();
      }
    }
  }

  private OpeResult result(
      OpeInputValidator.Validated input,
      ImportanceWeightGrid grid,
      Dataset<Row> trajectories,
      JobGroup group) {
    Row totals = totals(trajectories);
    double paretoK = paretoK(trajectories, input.trajectories());
    grid.release();
    group.next("OPE-BOOTSTRAP", "OPE: " + settings.resamples() + " resamples");
    BootstrapSums resampled = bootstrap(trajectories, input.horizon());
    OpeEstimates estimates = estimates(input, grid, totals, paretoK, resampled);
    LOG.info(
        "OPE of {} trajectories, horizon {}, {} resamples: {} of {} estimates valid",
        input.trajectories(),
        input.horizon(),
        settings.resamples(),
        estimates.counts().get("valid_estimates"),
        Estimator.values().length);
    Dataset<Row> output =
        trajectories.select(
            Arrays.stream(TrajectoryContributions.OUTPUT_COLUMNS)
                .map(c -> col(c))
                .toArray(Column[]::new));
    return new OpeResult(trajectories, output, estimates);
  }

  private static Row totals(Dataset<Row> trajectories) {
    List<Column> sums = new ArrayList<>();
    for (Estimator estimator : Estimator.values()) {
      sums.add(sum(estimator.contributionColumn()));
    }
    sums.add(sum(col("w_final").multiply(col("w_final"))));
    sums.add(max("w_final"));
    return trajectories
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new))
        .first();
  }

  private BootstrapSums bootstrap(Dataset<Row> trajectories, int horizon) {
    if (settings.resamples() == 0) {
      return null;
    }
    int resamples = settings.resamples();
    long seed = settings.bootstrapSeed();
    return trajectories
        .select(
            "stay_id",
            "boot_d",
            "boot_r",
            "boot_q",
            "boot_v",
            "discounted_return",
            "dr_sum",
            "v_first")
        .javaRDD()
        .treeAggregate(
            new BootstrapSums(resamples, horizon, seed),
            SparkOpeEstimator::addTrajectory,
            BootstrapSums::merge);
  }

  private static BootstrapSums addTrajectory(BootstrapSums sums, Row row) {
    return sums.add(
        row.getLong(0),
        doubles(row.getList(1)),
        doubles(row.getList(2)),
        doubles(row.getList(3)),
        doubles(row.getList(4)),
        row.getDouble(5),
        row.getDouble(6),
        row.getDouble(7));
  }

  private static double[] doubles(List<Double> values) {
    double[] array = new double[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  /** k-hat of the final log ratios: only the M + 1 largest reach the driver (a top-k, no sort). */
  private static double paretoK(Dataset<Row> trajectories, long n) {
    int tail = ParetoTail.tailLength(n);
    if (tail < ParetoTail.MIN_TAIL) {
      return Double.NaN;
    }
    double[] largest =
        trajectories
            .select("log_rho_final")
            .orderBy(desc("log_rho_final"))
            .limit(tail + 1)
            .collectAsList()
            .stream()
            .mapToDouble(row -> row.getDouble(0))
            .toArray();
    return ParetoTail.khat(largest, n);
  }

  private OpeEstimates estimates(
      OpeInputValidator.Validated input,
      ImportanceWeightGrid grid,
      Row totals,
      double paretoK,
      BootstrapSums resampled) {
    int count = Estimator.values().length;
    List<EstimateResult> results = new ArrayList<>();
    double[][] resampleValues = new double[count][];
    for (Estimator estimator : Estimator.values()) {
      resampleValues[estimator.ordinal()] =
          resampled == null ? new double[0] : resampled.values(estimator, settings.gamma());
      PercentileInterval interval =
          resampled == null
              ? null
              : PercentileInterval.of(resampleValues[estimator.ordinal()], settings.confidence());
      double value = totals.getDouble(estimator.ordinal());
      results.add(Plausibility.judge(estimator, value, interval, grid.allWeightsZero(), settings));
    }
    double squares = totals.getDouble(count);
    double maxWeight = totals.isNullAt(count + 1) ? 0 : totals.getDouble(count + 1);
    List<Double> perStep = Arrays.stream(grid.effectiveSampleSizePerStep()).boxed().toList();
    return new OpeEstimates(
        input.trajectories(),
        input.horizon(),
        settings.gamma(),
        settings.resamples(),
        settings.bootstrapSeed(),
        squares > 0 ? 1 / squares : 0,
        perStep,
        grid.effectiveSampleSizePerDecision(),
        paretoK,
        maxWeight,
        input.flooredRows(),
        results,
        resampleValues);
  }
}
