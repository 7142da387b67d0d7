package org.sepsisiql.sim;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
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
 * one batched policy call per step and block. Each task returns {@code 5 P} sums; the driver adds
 * them in task order, so the Spark path and the in-JVM path give identical results. Rounds of
 * further stays roll out the policies whose value is not yet precise enough ({@link Precision}).
 * Cost: {@code P x n x steps} simulated bins per round, no shuffle, nothing data-sized collected.
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

  /**
   * How precise the truth must be: after the population's first {@code stays}, further rounds of as
   * many stays roll out again only the policies whose standard error is still above {@code
   * maxStandardError} (with the reference, for their paired differences), until none is or {@code
   * maxStays} stays were used. A policy's value is then a mean over more stays than another's; both
   * are unbiased for the same population.
   */
  public record Precision(double maxStandardError, long maxStays) implements Serializable {
    /** One round of the population's stays, whatever the error. */
    public static final Precision ONE_ROUND = new Precision(Double.POSITIVE_INFINITY, 0);
  }

  /** One policy's value, in this JVM; for small numbers of stays (tests). */
  public Result evaluateLocally(ObservationPolicy policy, long stays, long seed) {
    return compareLocally(List.of(policy), 0, Population.wholeRange(seed, stays)).values().get(0);
  }

  /** One policy's value, rolled out on the executors. */
  public Result evaluate(SparkSession spark, ObservationPolicy policy, long stays, long seed) {
    return compare(
            spark, List.of(policy), 0, Population.wholeRange(seed, stays), Precision.ONE_ROUND)
        .values()
        .get(0);
  }

  /** {@link #compare} in this JVM, one round: the same tasks, in order. */
  public Comparison compareLocally(
      List<ObservationPolicy> policies, int reference, Population population) {
    return compareLocally(policies, reference, population, Precision.ONE_ROUND);
  }

  /** {@link #compare} in this JVM: the same rounds and tasks, in order. */
  public Comparison compareLocally(
      List<ObservationPolicy> policies, int reference, Population population, Precision precision) {
    check(policies, reference, population);
    return rounds(
        policies.size(),
        reference,
        population,
        precision,
        (active, first) -> {
          double[] total = new double[SLOTS * policies.size()];
          for (int task = 0; task < tasks(population); task++) {
            add(total, task(policies, active, reference, population, first, task));
          }
          return total;
        });
  }

  /** One round of stays from {@code first}, for the active policies: the summed task sums. */
  private interface Round {
    double[] run(boolean[] active, long first);
  }

  private Comparison rounds(
      int policies, int reference, Population population, Precision precision, Round round) {
    boolean[] active = new boolean[policies];
    Arrays.fill(active, true);
    double[] total = new double[SLOTS * policies];
    long first = 0;
    while (true) {
      add(total, round.run(active.clone(), first));
      first += population.stays();
      Comparison comparison = summarize(total, policies);
      boolean any = false;
      for (int k = 0; k < policies; k++) {
        active[k] = comparison.values().get(k).standardError() > precision.maxStandardError();
        any |= active[k];
      }
      if (!any || first + population.stays() > precision.maxStays()) {
        return comparison;
      }
      active[reference] = true;
    }
  }

  /**
   * Rolls every policy out on the executors, one task per {@code staysPerTask} stays, in rounds
   * until {@code precision} holds.
   *
   * @param reference index of the policy the paired differences are taken from
   */
  public Comparison compare(
      SparkSession spark,
      List<ObservationPolicy> policies,
      int reference,
      Population population,
      Precision precision) {
    check(policies, reference, population);
    List<ObservationPolicy> shipped = List.copyOf(policies);
    return rounds(
        policies.size(),
        reference,
        population,
        precision,
        (active, first) -> round(spark, shipped, active, reference, population, first));
  }

  private double[] round(
      SparkSession spark,
      List<ObservationPolicy> policies,
      boolean[] active,
      int reference,
      Population population,
      long first) {
    int tasks = tasks(population);
    List<Integer> taskIds = new ArrayList<>();
    for (int task = 0; task < tasks; task++) {
      taskIds.add(task);
    }
    List<Tuple2<Integer, double[]>> sums =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(taskIds, tasks)
            .map(
                task ->
                    new Tuple2<>(task, task(policies, active, reference, population, first, task)))
            .collect();
    double[] total = new double[SLOTS * policies.size()];
    sums.stream().sorted(Comparator.comparing(Tuple2::_1)).forEach(t -> add(total, t._2()));
    return total;
  }

  private int tasks(Population population) {
    return (int) ((population.stays() + staysPerTask - 1) / staysPerTask);
  }

  /** Sums per policy, stays from {@code first}: n, sum, squares, paired sum, paired squares. */
  private double[] task(
      List<ObservationPolicy> policies,
      boolean[] active,
      int reference,
      Population population,
      long first,
      int task) {
    StaySimulator simulator =
        new StaySimulator(settings, population.seed(), population.admittedFromMillis());
    long from = first + (long) task * staysPerTask;
    long end = Math.min(first + population.stays(), from + staysPerTask);
    int p = policies.size();
    double[] sums = new double[SLOTS * p];
    for (long start = from; start < end; start += blockSize) {
      long[] indices = range(start, Math.min(end, start + blockSize));
      double[][] values = new double[p][];
      for (int k = 0; k < p; k++) {
        values[k] = active[k] ? simulator.expectedReturns(indices, policies.get(k)) : null;
      }
      for (int k = 0; k < p; k++) {
        if (values[k] == null) {
          continue;
        }
        for (int i = 0; i < indices.length; i++) {
          double v = values[k][i];
          double d = v - values[reference][i];
          sums[SLOTS * k] += 1;
          sums[SLOTS * k + 1] += v;
          sums[SLOTS * k + 2] += v * v;
          sums[SLOTS * k + 3] += d;
          sums[SLOTS * k + 4] += d * d;
        }
      }
    }
    return sums;
  }

  private static final int SLOTS = 5;

  private static void add(double[] total, double[] part) {
    for (int i = 0; i < total.length; i++) {
      total[i] += part[i];
    }
  }

  private static long[] range(long start, long end) {
    long[] indices = new long[(int) (end - start)];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = start + i;
    }
    return indices;
  }

  private static Comparison summarize(double[] total, int policies) {
    List<Result> values = new ArrayList<>();
    List<Result> differences = new ArrayList<>();
    for (int k = 0; k < policies; k++) {
      long n = (long) total[SLOTS * k];
      values.add(meanAndError(total[SLOTS * k + 1], total[SLOTS * k + 2], n));
      differences.add(meanAndError(total[SLOTS * k + 3], total[SLOTS * k + 4], n));
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
