package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.testing.TestSpark;

/**
 * Times off-policy evaluation (all five estimators, B bootstrap resamples) on N synthetic
 * trajectories (lengths 1..18, random policies) in {@code local[2]}. Not a test; run it with {@code
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) <java 17 flags>
 * org.sepsisiql.ope.WdrBenchmark N B}. Prints the wall time without and with the bootstrap.
 */
public final class WdrBenchmark {
  private WdrBenchmark() {}

  public static void main(String[] args) {
    long trajectories = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    SparkSession spark =
        TestSpark.builder("WdrBenchmark")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.memory", "6g")
            .getOrCreate();
    try {
      Dataset<Row> input = synthetic(spark, trajectories).persist(StorageLevel.MEMORY_AND_DISK());
      long rows = input.count();
      System.out.printf("N=%d trajectories, %d transitions%n", trajectories, rows);
      time(spark, input, OpeFixtures.settings(0), "without bootstrap");
      time(spark, input, OpeFixtures.settings(resamples), "with " + resamples + " resamples");
    } finally {
      spark.stop();
    }
  }

  private static void time(
      SparkSession spark, Dataset<Row> input, OpeSettings settings, String what) {
    long start = System.nanoTime();
    OpeResult result = new SparkOpeEstimator(settings).evaluate(input);
    double seconds = (System.nanoTime() - start) / 1e9;
    EstimateResult wdr = result.estimates().result(Estimator.WDR);
    System.out.printf(
        "%s: %.1f s (WDR %.4f [%.4f, %.4f], ESS %.1f)%n",
        what,
        seconds,
        wdr.rawValue(),
        wdr.rawLower(),
        wdr.rawUpper(),
        result.estimates().effectiveSampleSize());
    result.release();
  }

  /** Trajectories generated in Spark from hashes of (id, step, action), so no driver data. */
  static Dataset<Row> synthetic(SparkSession spark, long n) {
    String unit = "(pmod(hash(id, step, k, %d), 1000003) + 1) / 1000004D";
    String raw = "transform(sequence(0, 8), k -> -ln(" + unit + "))";
    return spark
        .range(n)
        .withColumn("length", expr("1 + pmod(hash(id, 99), 18)"))
        .withColumn("step", expr("explode(sequence(0, length - 1))"))
        .withColumn("xb", expr(String.format(raw, 1)))
        .withColumn("xe", expr(String.format(raw, 2)))
        .select(
            expr("id").as("stay_id"),
            expr("step"),
            expr("pmod(hash(id, step, 3), 9)").as("action"),
            expr("if(step = length - 1, if(pmod(hash(id, 5), 10) < 7, 15D, -15D), 0D)")
                .as("reward"),
            expr("transform(xe, x -> x / aggregate(xe, 0D, (a, y) -> a + y))").as("pi_e"),
            expr("transform(xb, x -> 0.02 + 0.82 * x / aggregate(xb, 0D, (a, y) -> a + y))")
                .as("pi_b"),
            expr(String.format(
                    "transform(sequence(0, 8), k -> 30 * %s - 15)", unit.replace("%d", "4")))
                .as("q_hat"));
  }
}
