package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An evaluation leaves nothing cached once its result is released. Own session: nothing shared. */
class OpeResultTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("OpeResultTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void releaseLeavesNoCachedTableBehind() {
    assertTrue(spark.sharedState().cacheManager().isEmpty(), "nothing cached before");
    OpeResult result =
        new SparkOpeEstimator(OpeFixtures.settings(20))
            .evaluate(OpeFixtures.frame(spark, OpeFixtures.random(40, 6, 5)));
    assertFalse(
        spark.sparkContext().getPersistentRDDs().isEmpty(), "the per-trajectory table is cached");
    assertEquals(40, result.perTrajectory().count(), "one row per trajectory");
    result.release();
    assertTrue(spark.sharedState().cacheManager().isEmpty(), "no cached query after release");
    assertTrue(
        spark.sparkContext().getPersistentRDDs().isEmpty(),
        "no persisted RDD after release: " + spark.sparkContext().getPersistentRDDs());
    assertEquals(40, result.estimates().trajectories(), "the estimates stay usable");
  }
}
