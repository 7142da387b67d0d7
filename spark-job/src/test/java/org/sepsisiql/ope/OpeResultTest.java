package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.testing.TestSpark;

/** An evaluation leaves nothing cached once its result is released. */
class OpeResultTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  @Test
  void releaseLeavesNoCachedTableBehind() {
    spark = TestSpark.withNothingCached();
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
