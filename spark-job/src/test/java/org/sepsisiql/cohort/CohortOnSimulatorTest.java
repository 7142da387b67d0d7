package org.sepsisiql.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.sim.SimulatorSettings;
import org.sepsisiql.sim.SyntheticCohortWriter;
import org.sepsisiql.testing.TestSpark;

/** The stage on the simulator's extracts: nearly every stay kept, plausible cohort figures. */
class CohortOnSimulatorTest {
  private static final int STAYS = 150;
  @TempDir static Path temp;
  private static SparkSession spark;
  private static CohortResult result;
  private static Dataset<Row> transitions;
  private static Map<String, Long> quality;

  @BeforeAll
  static void runOnSimulatedCohort() {
    spark = TestSpark.session();
    SimulatorSettings settings =
        SimulatorSettings.from(
            ConfigFactory.parseString("sepsis-iql.simulator.stays-per-partition = 75")
                .withFallback(ConfigFactory.defaultReference()));
    SyntheticCohortWriter.write(
        spark, settings, STAYS, 20261124, temp.resolve("extracts").toString());
    result = CohortTestSupport.runStage(temp.resolve("extracts"), temp.resolve("out"), "sim");
    transitions = CohortTestSupport.transitions(spark, temp.resolve("out"), "sim").cache();
    quality =
        spark
            .read()
            .parquet(temp.resolve("out/sim/trajectories/_quality").toString())
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(r -> r.getString(0) + "." + r.getString(1), r -> r.getLong(3)));
  }

  @Test
  void keepsNearlyEverySimulatedStay() {
    assertEquals(STAYS, result.staysRead(), "stays read");
    assertTrue(
        result.cohortStays() >= 0.9 * STAYS, "stays kept: " + result.cohortStays() + " " + quality);
    for (String split : new String[] {"train", "val", "test"}) {
      assertTrue(result.transitionsBySplit().get(split) > 0, split + " transitions");
    }
    assertEquals(0L, quality.get("measurements.unknown_unit"), "the simulator's units all convert");
    assertEquals(0L, quality.get("measurements.unknown_variable"), "canonical variable names");
  }

  @Test
  void cohortFiguresArePlausible() {
    long stays = transitions.select("stay_id").distinct().count();
    long deaths = transitions.filter("done and reward < 0").count();
    double mortality = (double) deaths / stays;
    assertTrue(mortality > 0.05 && mortality < 0.6, "mortality " + mortality);
    double vasoShare = (double) transitions.filter("vaso_dose > 0").count() / transitions.count();
    assertTrue(
        vasoShare > 0.02 && vasoShare < 0.7, "share of steps with vasopressors " + vasoShare);
    double meanMap =
        transitions.agg(org.apache.spark.sql.functions.avg("map")).first().getDouble(0);
    assertTrue(meanMap > 55 && meanMap < 100, "mean MAP " + meanMap);
    assertTrue(
        transitions.agg(org.apache.spark.sql.functions.max("step")).first().getInt(0) <= 17,
        "at most 18 steps");
  }
}
