package org.sepsisiql.cohort;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one phase of the stage in a Spark job group, so the Spark UI and the history server read
 * like a log of the pipeline ({@code COHORT-CLEAN}, {@code COHORT-BIN-MEASUREMENTS}, ...).
 */
final class JobGroups {
  private JobGroups() {}

  static <T> T phase(SparkSession spark, String id, String description, Supplier<T> body) {
    spark.sparkContext().setJobGroup(id, description, false);
    try {
      return body.get();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}
