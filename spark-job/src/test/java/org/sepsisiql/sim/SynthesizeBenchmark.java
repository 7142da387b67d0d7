package org.sepsisiql.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.testing.TestSpark;

/**
 * Times generating and writing synthetic cohorts in {@code local[2]} and prints stays per second
 * (not a test), and stays per CPU-second of the whole JVM, which a busy shared machine distorts
 * less (times 2 it estimates an idle 2-core machine). Usage: {@code SynthesizeBenchmark
 * [stays...]}, default 10000 and 100000.
 */
public final class SynthesizeBenchmark {
  private SynthesizeBenchmark() {}

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws IOException {
    long[] sizes =
        args.length == 0
            ? new long[] {10_000, 100_000}
            : Stream.of(args).mapToLong(Long::parseLong).toArray();
    SparkSession spark =
        TestSpark.builder("SynthesizeBenchmark")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    SimulatorSettings settings = SimulatorSettings.defaults();
    Path root = Files.createTempDirectory("synthesize-benchmark");
    try {
      SyntheticCohortWriter.write(spark, settings, 2_000, 1, root.resolve("warmup").toString());
      for (long stays : sizes) {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        SyntheticCohortWriter.Result result =
            SyntheticCohortWriter.write(
                spark, settings, stays, 1, root.resolve("s" + stays).toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf(
            "%d stays in %.1f s: %.0f stays/s; %.1f CPU s: %.0f stays per CPU-second; rows %s%n",
            stays,
            seconds,
            stays / seconds,
            cpuSeconds,
            stays / cpuSeconds,
            result.rowsPerDataset());
        long rollStart = System.nanoTime();
        long rollCpu = processCpuNanos();
        GroundTruth.Result truth =
            new GroundTruth(settings).evaluate(spark, new PhysiologyAwarePolicy(), stays, 1);
        double rollSeconds = (System.nanoTime() - rollStart) / 1e9;
        double rollCpuSeconds = (processCpuNanos() - rollCpu) / 1e9;
        System.out.printf(
            "ground truth of %d stays in %.1f s: %.0f stays/s; %.0f stays per CPU-second; %s%n",
            stays, rollSeconds, stays / rollSeconds, stays / rollCpuSeconds, truth);
      }
    } finally {
      spark.stop();
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
