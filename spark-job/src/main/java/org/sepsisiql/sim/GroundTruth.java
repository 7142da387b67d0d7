package org.sepsisiql.sim;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.data.ObservationPolicy;

/**
 * The true value of any {@link ObservationPolicy}: Monte Carlo rollouts of stays 0..n-1 of a seed's
 * cohort (the same patients as the observed data) under the policy, each stay's discounted return
 * gamma^(T-1) * (+reward on survival, -reward on in-hospital death). Rollouts count (died, T)
 * pairs, so the Spark path (one partition per {@code stays-per-partition} stays, one small
 * histogram per partition reduced to the driver) and the in-JVM path give bit-identical results.
 * Cost: one simulated stay per index, no shuffle, nothing data-sized collected.
 */
public final class GroundTruth implements Serializable {
  private static final long serialVersionUID = 1L;
  private final SimulatorSettings settings;

  public GroundTruth(SimulatorSettings settings) {
    this.settings = settings;
  }

  /** Mean discounted return over {@code stays} rollouts with its standard error. */
  public record Result(double mean, double standardError, long stays) implements Serializable {}

  /** Rolls out in this JVM; for small numbers of stays (tests). */
  public Result evaluateLocally(ObservationPolicy policy, long stays, long seed) {
    requirePositive(stays);
    StaySimulator simulator = new StaySimulator(settings, seed);
    long[] counts = new long[2 * settings.maxSteps()];
    for (long index = 0; index < stays; index++) {
      count(counts, simulator.rollout(index, policy));
    }
    return summarize(counts);
  }

  /** Rolls out on the executors, in parallel over ranges of stay indices. */
  public Result evaluate(SparkSession spark, ObservationPolicy policy, long stays, long seed) {
    requirePositive(stays);
    int partitions =
        (int)
            Math.max(1, (stays + settings.staysPerPartition() - 1) / settings.staysPerPartition());
    spark.sparkContext().setJobGroup("GROUND-TRUTH", "roll out " + stays + " stays", false);
    try {
      StaySimulator simulator = new StaySimulator(settings, seed);
      int cells = 2 * settings.maxSteps();
      JavaRDD<Long> indices = spark.range(0, stays, 1, partitions).javaRDD();
      long[] counts =
          indices
              .mapPartitions(it -> List.of(countPartition(simulator, policy, it, cells)).iterator())
              .reduce(GroundTruth::add);
      return summarize(counts);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private static long[] countPartition(
      StaySimulator simulator, ObservationPolicy policy, Iterator<Long> indices, int cells) {
    long[] counts = new long[cells];
    while (indices.hasNext()) {
      count(counts, simulator.rollout(indices.next(), policy));
    }
    return counts;
  }

  private static void count(long[] counts, StayOutcome outcome) {
    int maxSteps = counts.length / 2;
    counts[(outcome.died() ? maxSteps : 0) + outcome.steps() - 1]++;
  }

  private static long[] add(long[] a, long[] b) {
    long[] sum = a.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += b[i];
    }
    return sum;
  }

  private Result summarize(long[] counts) {
    int maxSteps = counts.length / 2;
    long n = 0;
    double total = 0;
    for (int i = 0; i < counts.length; i++) {
      n += counts[i];
      total += counts[i] * returnOf(i, maxSteps);
    }
    double mean = total / n;
    double squares = 0;
    for (int i = 0; i < counts.length; i++) {
      double deviation = returnOf(i, maxSteps) - mean;
      squares += counts[i] * deviation * deviation;
    }
    double variance = n > 1 ? squares / (n - 1) : 0;
    return new Result(mean, Math.sqrt(variance / n), n);
  }

  private double returnOf(int cell, int maxSteps) {
    boolean died = cell >= maxSteps;
    int steps = cell % maxSteps + 1;
    return new StayOutcome(steps, died, false)
        .discountedReturn(settings.gamma(), settings.terminalReward());
  }

  private static void requirePositive(long stays) {
    if (stays < 1) {
      throw new IllegalArgumentException("stays must be at least 1, cannot be: " + stays);
    }
  }
}
