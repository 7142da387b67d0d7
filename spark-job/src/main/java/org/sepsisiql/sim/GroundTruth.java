package org.sepsisiql.sim;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.data.ObservationPolicy;
import scala.Tuple2;

/**
 * The true value of {@link ObservationPolicy}s: every policy is rolled out on the same simulated
 * stays 0..n-1 of a seed (common random numbers: the same patients, physiology, charting and dose
 * draws), and each stay contributes its expected discounted return given its path ({@link
 * ExpectedReturn}: death and discharge kept as probabilities, which removes the +-reward coin flip
 * from the variance). Besides each policy's mean and standard error, the paired differences from a
 * reference policy are measured stay by stay, so their standard errors are far smaller than those
 * of the values themselves.
 *
 * <p>The stays are cut into tasks of {@code staysPerTask} (one Spark partition each, so the result
 * does not depend on the cluster) and rolled out in blocks of {@code blockSize} stays in lockstep,
 * one batched policy call per step and block. Each task returns {@code 1 + 4 P} sums; the driver
 * adds them in task order, so the Spark path and the in-JVM path give identical results. Cost:
 * {@code P x n x steps} simulated bins, no shuffle, nothing data-sized collected.
 */
public final class GroundTruth implements Serializable {
  private static final long serialVersionUID = 2L;
  private static final int DEFAULT_STAYS_PER_TASK = 500;
  private static final int DEFAULT_BLOCK = 256;

  private final SimulatorSettings settings;
  private final int staysPerTask;
  private final int blockSize;

  public GroundTruth(SimulatorSettings settings) {
    this(settings, DEFAULT_STAYS_PER_TASK, DEFAULT_BLOCK);
  }

  /**
   * @param staysPerTask stays per Spark task (fixes the summation order, so results do not depend
   *     on the cluster)
   * @param blockSize stays rolled out together, one policy call per step
   */
  public GroundTruth(SimulatorSettings settings, int staysPerTask, int blockSize) {
    if (staysPerTask < 1 || blockSize < 1) {
      throw new IllegalArgumentException(
          "stays per task and block size must be at least 1, cannot be: "
              + staysPerTask
              + ", "
              + blockSize);
    }
    this.settings = settings;
    this.staysPerTask = staysPerTask;
    this.blockSize = blockSize;
  }

  /** Mean expected discounted return over {@code stays} rollouts with its standard error. */
  public record Result(double mean, double standardError, long stays) implements Serializable {}

  /**
   * The values of several policies on the same stays, and each one's paired difference from the
   * reference policy (value minus the reference's; the reference's own difference is 0).
   */
  public record Comparison(List<Result> values, List<Result> differences) {}

  /** Where the rolled-out patients come from. */
  public record Population(long seed, long stays, long admittedFromMillis) implements Serializable {
    /** Stays 0..n-1 of the whole year range of {@code seed}'s cohort. */
    public static Population wholeRange(long seed, long stays) {
      return new Population(seed, stays, Long.MIN_VALUE);
    }
  }

  /** One policy's value, in this JVM; for small numbers of stays (tests). */
  public Result evaluateLocally(ObservationPolicy policy, long stays, long seed) {
    return compareLocally(List.of(policy), 0, Population.wholeRange(seed, stays)).values().get(0);
  }

  /** One policy's value, rolled out on the executors. */
  public Result evaluate(SparkSession spark, ObservationPolicy policy, long stays, long seed) {
    return compare(spark, List.of(policy), 0, Population.wholeRange(seed, stays)).values().get(0);
  }

  /** {@link #compare} in this JVM: the same tasks, in order. */
  public Comparison compareLocally(
      List<ObservationPolicy> policies, int reference, Population population) {
    check(policies, reference, population);
    List<double[]> tasks = new ArrayList<>();
    for (int task = 0; task < tasks(population); task++) {
      tasks.add(task(policies, reference, population, task));
    }
    return summarize(tasks, policies.size());
  }

  /**
   * Rolls every policy out on the executors, one task per {@code staysPerTask} stays.
   *
   * @param reference index of the policy the paired differences are taken from
   */
  public Comparison compare(
      SparkSession spark, List<ObservationPolicy> policies, int reference, Population population) {
    check(policies, reference, population);
    int tasks = tasks(population);
    List<ObservationPolicy> shipped = List.copyOf(policies);
    List<Integer> taskIds = new ArrayList<>();
    for (int task = 0; task < tasks; task++) {
      taskIds.add(task);
    }
    List<Tuple2<Integer, double[]>> sums =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(taskIds, tasks)
            .map(task -> new Tuple2<>(task, task(shipped, reference, population, task)))
            .collect();
    List<double[]> ordered =
        sums.stream().sorted(Comparator.comparing(Tuple2::_1)).map(Tuple2::_2).toList();
    return summarize(ordered, policies.size());
  }

  private int tasks(Population population) {
    return (int) ((population.stays() + staysPerTask - 1) / staysPerTask);
  }

  /** Sums of one task: n, then per policy sum, sum of squares, paired sum, paired squares. */
  private double[] task(
      List<ObservationPolicy> policies, int reference, Population population, int task) {
    StaySimulator simulator =
        new StaySimulator(settings, population.seed(), population.admittedFromMillis());
    long first = (long) task * staysPerTask;
    long end = Math.min(population.stays(), first + staysPerTask);
    int p = policies.size();
    double[] sums = new double[1 + 4 * p];
    for (long start = first; start < end; start += blockSize) {
      long[] indices = range(start, Math.min(end, start + blockSize));
      double[][] values = new double[p][];
      for (int k = 0; k < p; k++) {
        values[k] = simulator.expectedReturns(indices, policies.get(k));
      }
      for (int i = 0; i < indices.length; i++) {
        sums[0]++;
        for (int k = 0; k < p; k++) {
          double v = values[k][i];
          double d = v - values[reference][i];
          sums[1 + 4 * k] += v;
          sums[2 + 4 * k] += v * v;
          sums[3 + 4 * k] += d;
          sums[4 + 4 * k] += d * d;
        }
      }
    }
    return sums;
  }

  private static long[] range(long start, long end) {
    long[] indices = new long[(int) (end - start)];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = start + i;
    }
    return indices;
  }

  private static Comparison summarize(List<double[]> tasks, int policies) {
    double[] total = new double[1 + 4 * policies];
    for (double[] task : tasks) {
      for (int i = 0; i < total.length; i++) {
        total[i] += task[i];
      }
    }
    long n = (long) total[0];
    List<Result> values = new ArrayList<>();
    List<Result> differences = new ArrayList<>();
    for (int k = 0; k < policies; k++) {
      values.add(meanAndError(total[1 + 4 * k], total[2 + 4 * k], n));
      differences.add(meanAndError(total[3 + 4 * k], total[4 + 4 * k], n));
    }
    return new Comparison(values, differences);
  }

  private static Result meanAndError(double sum, double squares, long n) {
    double mean = sum / n;
    double variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0;
    return new Result(mean, Math.sqrt(variance / n), n);
  }

  private static void check(
      List<ObservationPolicy> policies, int reference, Population population) {
    if (population.stays() < 1) {
      throw new IllegalArgumentException(
          "stays must be at least 1, cannot be: " + population.stays());
    }
    if (policies.isEmpty() || reference < 0 || reference >= policies.size()) {
      throw new IllegalArgumentException(
          "reference must index one of " + policies.size() + " policies, cannot be: " + reference);
    }
  }
}
