package org.sepsisiql.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Times generating and writing synthetic cohorts in {@code local[2]} and prints stays per second
 * (not a test). Usage: {@code SynthesizeBenchmark [stays...]}, default 10000 and 100000.
 */
public final class SynthesizeBenchmark {
  private SynthesizeBenchmark() {}

  public static void main(String[] args) throws IOException {
    long[] sizes =
        args.length == 0
            ? new long[] {10_000, 100_000}
            : Stream.of(args).mapToLong(Long::parseLong).toArray();
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("SynthesizeBenchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    SimulatorSettings settings = SimulatorSettings.defaults();
    Path root = Files.createTempDirectory("synthesize-benchmark");
    try {
      SyntheticCohortWriter.write(spark, settings, 2_000, 1, root.resolve("warmup").toString());
      for (long stays : sizes) {
        long start = System.nanoTime();
        SyntheticCohortWriter.Result result =
            SyntheticCohortWriter.write(
                spark, settings, stays, 1, root.resolve("s" + stays).toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "%d stays in %.1f s: %.0f stays/s, rows %s%n",
            stays, seconds, stays / seconds, result.rowsPerDataset());
        long rollStart = System.nanoTime();
        GroundTruth.Result truth =
            new GroundTruth(settings).evaluate(spark, new PhysiologyAwarePolicy(), stays, 1);
        double rollSeconds = (System.nanoTime() - rollStart) / 1e9;
        System.out.printf(
            "ground truth of %d stays in %.1f s: %.0f stays/s, %s%n",
            stays, rollSeconds, stays / rollSeconds, truth);
      }
    } finally {
      spark.stop();
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
