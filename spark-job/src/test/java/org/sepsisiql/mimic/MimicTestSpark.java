package org.sepsisiql.mimic;

import org.apache.spark.sql.SparkSession;

/** The one local Spark session of a test class: 2 cores, no UI, few shuffle partitions, UTC. */
final class MimicTestSpark {
  private MimicTestSpark() {}

  static SparkSession start(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
