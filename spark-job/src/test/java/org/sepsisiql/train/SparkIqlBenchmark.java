package org.sepsisiql.train;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.BlasThreads;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.testing.TestSpark;

/**
 * Not a test: IQL transitions per second of the Spark trainer on {@code local[2]} (parameter
 * averaging over 2 workers, batch 1024 per worker, averaging every 5 unless told, default network)
 * on 200k random transitions, after the one-JVM figure of {@link IqlBenchmark} in the same run. A
 * round's figure covers broadcasting the networks, sampling the minibatches on the executors,
 * DL4J's splits, the workers' fused updates and the averaging, and the target's Polyak update
 * (validation excluded). The ratio divides the median round after the first two (they warm up the
 * JIT and Spark's own code, as the one-JVM figure's untimed steps do; their rates are printed) by
 * the one JVM's figure: the higher of the median of three runs with OpenBLAS's default threads and
 * the median of three with one thread (with two threads a whole JVM sometimes runs at half speed on
 * this 2-core machine, below its one-thread speed, which would flatter the ratio). Args: [rounds,
 * at least 3, default 8] [one-JVM steps, default 60] [averaging frequency, default 5 as in
 * reference.conf].
 */
public final class SparkIqlBenchmark {
  /** Rounds whose rate is printed but not counted: the JIT and Spark's own code still warm up. */
  private static final int WARM_UP_ROUNDS = 2;

  private SparkIqlBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Math.max(WARM_UP_ROUNDS + 1, Integer.parseInt(args[0])) : 8;
    int oneJvmSteps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int averagingFrequency = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    double oneJvm = Math.max(oneJvmMedian(oneJvmSteps, false), oneJvmMedian(oneJvmSteps, true));
    SparkSession spark = TestSpark.session();
    Path dir = Files.createTempDirectory("spark-iql-bench");
    try {
      Config config =
          ConfigFactory.parseString(
                  "sepsis-iql.train { batch-size = 1024, patience = 1000, spark { max-rounds = "
                      + rounds
                      + ", workers = 2, averaging-frequency = "
                      + averagingFrequency
                      + ", prefetch = 2 } }")
              .withFallback(ConfigLoader.defaults())
              .resolve();
      Dataset<Row> rows = randomTransitions(spark, 200_000).cache();
      rows.count();
      TrajectoryReader.AuxScaling scaling = new TrajectoryReader.AuxScaling(0, 1, 0, 1);
      var validation =
          new TrajectoryReader(spark, 41).load(randomTransitions(spark, 2_000), scaling);
      Configuration hadoop = new Configuration();
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
      List<Double> rates = new ArrayList<>();
      new SparkIqlTrainer(
              spark,
              AgentSettings.from(config),
              TrainSettings.from(config),
              1,
              line -> {
                System.out.println("spark local[2] " + line);
                java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("([\\d,]+) examples/s").matcher(line);
                if (m.find()) {
                  rates.add(Double.parseDouble(m.group(1).replace(",", "")));
                }
              })
          .train(
              new Trainer.Data(rows, null, scaling, validation),
              new Trainer.Run(
                  new CheckpointStore(FileSystem.getLocal(hadoop), root, 1),
                  new MetricsWriter(new org.apache.hadoop.fs.Path(root, "metrics"), hadoop, true),
                  false,
                  row -> {}));
      List<Double> warm =
          new ArrayList<>(rates.subList(Math.min(WARM_UP_ROUNDS, rates.size() - 1), rates.size()));
      double median = median(warm);
      System.out.printf(
          "ratio to one JVM: %.2f (median of rounds %d-%d %,.0f examples/s, best %,.0f, over one"
              + " JVM's %,.0f)%n",
          median / oneJvm,
          WARM_UP_ROUNDS + 1,
          rates.size(),
          median,
          java.util.Collections.max(warm),
          oneJvm);
    } finally {
      spark.stop();
      FileSystem.getLocal(new Configuration())
          .delete(new org.apache.hadoop.fs.Path(dir.toUri()), true);
    }
  }

  /** The median of three one-JVM runs, with OpenBLAS's default threads or with one. */
  private static double oneJvmMedian(int steps, boolean oneBlasThread) {
    if (oneBlasThread) {
      BlasThreads.holdSingle();
    }
    try {
      List<Double> runs = new ArrayList<>();
      for (int run = 0; run < 3; run++) {
        runs.add(IqlBenchmark.oneJvmRate(steps));
      }
      runs.sort(null);
      double median = median(runs);
      System.out.printf(
          "one JVM (local trainer's update, batch 1024, OpenBLAS on %d thread(s)): median %,.0f"
              + " transitions/s of %,.0f, %,.0f, %,.0f%n",
          BlasThreads.current(), median, runs.get(0), runs.get(1), runs.get(2));
      return median;
    } finally {
      if (oneBlasThread) {
        BlasThreads.release();
      }
    }
  }

  /** The middle value, or the mean of the two middle values of an even count. */
  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Dataset<Row> randomTransitions(SparkSession spark, long n) {
    Column[] state = new Column[41];
    Column[] next = new Column[41];
    for (int j = 0; j < 41; j++) {
      state[j] = randn(j);
      next[j] = randn(100 + j);
    }
    return spark
        .range(0, n, 1, 2)
        .select(
            array(state).as("state"),
            floor(rand(1).multiply(9)).cast("int").as("action"),
            randn(2).as("reward"),
            rand(3).lt(0.05).as("done"),
            array(next).as("next_state"),
            randn(4).as("next_map"),
            randn(5).as("next_lactate"),
            lit("train").as("split"))
        .withColumn("action", col("action"));
  }
}
