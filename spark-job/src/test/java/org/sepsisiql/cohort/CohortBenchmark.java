package org.sepsisiql.cohort;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.testing.TestSpark;

/**
 * Not a test: runs the cohort stage on N synthetic stays (the test fixture builder, hourly vitals)
 * and prints wall time, measurement events per second and peak driver heap. Run with {@code mvn -q
 * -pl spark-job test-compile exec:java}-style classpaths, or from an IDE: {@code CohortBenchmark
 * [stays]} (default 2,000).
 */
public final class CohortBenchmark {
  private CohortBenchmark() {}

  public static void main(String[] args) throws Exception {
    int stays = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path temp = Files.createTempDirectory("cohort-benchmark");
    SparkSession spark =
        TestSpark.builder("CohortBenchmark")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    try {
      ExtractFixture fixture = ExtractFixture.cohort(stays, 42, 1);
      fixture.write(spark, temp.resolve("extracts"));
      long events = fixture.measurements.size();
      long started = System.nanoTime();
      CohortResult result =
          CohortTestSupport.runStage(temp.resolve("extracts"), temp.resolve("out"), "bench");
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "stays %,d  measurement events %,d  transitions %,d  wall %.1f s  events/s %,.0f  peak heap %,d MiB%n",
          stays, events, result.transitions(), seconds, events / seconds, peakHeapMiB());
    } finally {
      spark.stop();
    }
  }

  private static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
