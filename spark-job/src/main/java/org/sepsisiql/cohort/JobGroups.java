package org.sepsisiql.cohort;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one phase of the stage in a Spark job group, so the Spark UI and the history server read
 * like a log of the pipeline ({@code COHORT-CLEAN}, {@code COHORT-BIN-MEASUREMENTS}, ...), and logs
 * how long it took (counts and durations only, never patient values).
 */
final class JobGroups {
  private static final Logger LOG = LoggerFactory.getLogger(JobGroups.class);

  private JobGroups() {}

  static <T> T phase(SparkSession spark, String id, String description, Supplier<T> body) {
    spark.sparkContext().setJobGroup(id, description, false);
    long started = System.nanoTime();
    try {
      return body.get();
    } finally {
      spark.sparkContext().clearJobGroup();
      LOG.info(
          "{} ({}) took {} s",
          id,
          description,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }
  }
}
