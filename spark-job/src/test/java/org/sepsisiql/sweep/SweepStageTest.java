package org.sepsisiql.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.evaluate.EvaluateStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.StagePolicySources;
import org.sepsisiql.testing.SimulatedRun;
import org.sepsisiql.testing.TestSpark;

/**
 * The sweep end to end on a small simulated run: two configurations from the grid are trained at
 * the same time ({@code parallel-configurations = 2}) and give exactly the networks and figures of
 * training them one after another; the table has one row per configuration (base included), and the
 * selected row is the one with the highest valid validation WDR.
 */
class SweepStageTest {
  private static final int STAYS = 200;
  private static final long SEED = 20261206;
  private static final Consumer<String> QUIET = line -> {};
  private static final List<String> TRAINED = List.of("aux-0.2", "expectile-0.8");
  @TempDir static Path temp;
  private static SparkSession spark;
  private static Path output;

  @BeforeAll
  static void runThePipeline() throws IOException {
    spark = TestSpark.session();
    output = temp.resolve("out");
    RunContext run = context("parallel", 2);
    SimulatedRun.trainThrough(spark, run, output.resolve("parallel"), STAYS, SEED, QUIET);
    EvaluateStage.from(run.config())
        .run(run, new EvaluateStage.Inputs(null, null, StagePolicySources.INSTANCE), QUIET);
    FileUtils.copyDirectory(
        output.resolve("parallel").toFile(), output.resolve("sequential").toFile());
    SweepStage.from(run.config()).run(run, null, QUIET);
    RunContext sequential = context("sequential", 1);
    SweepStage.from(sequential.config()).run(sequential, null, QUIET);
  }

  private static RunContext context(String runId, int parallel) {
    Config config =
        SimulatedRun.config(
            output,
            runId,
            SEED,
            "  sweep {",
            "    seed-rules = false, parallel-configurations = " + parallel,
            "    grid = [",
            "      { name = \"aux-0.2\", settings { \"agent.aux-weight\" = 0.2 } },",
            "      { name = \"expectile-0.8\", settings { \"agent.expectile\" = 0.8 } }",
            "    ]",
            "  }");
    return RunContext.open(config, true, Clock.systemUTC());
  }

  private static List<Row> table(String runId) {
    return spark
        .read()
        .parquet(output.resolve(runId).resolve("sweep/configurations").toString())
        .orderBy("configuration")
        .collectAsList();
  }

  private static ComputationGraph network(String runId, String configuration) throws IOException {
    return ModelSerializer.restoreComputationGraph(
        output
            .resolve(runId)
            .resolve("sweep-runs")
            .resolve(configuration)
            .resolve("model/model.zip")
            .toFile(),
        false);
  }

  @Test
  void configurationsTrainedAtTheSameTimeMatchTrainingThemInTurn() throws IOException {
    for (String configuration : TRAINED) {
      assertArrayEquals(
          network("sequential", configuration).params().toDoubleVector(),
          network("parallel", configuration).params().toDoubleVector(),
          configuration + ": the same network either way");
    }
    List<Row> parallel = table("parallel");
    List<Row> sequential = table("sequential");
    assertEquals(sequential.size(), parallel.size(), "rows");
    int wdr = SweepRow.SCHEMA.fieldIndex("validation_wdr");
    for (int i = 0; i < parallel.size(); i++) {
      assertEquals(sequential.get(i).get(wdr), parallel.get(i).get(wdr), "validation WDR " + i);
    }
  }

  @Test
  void everyConfigurationHasARowAndTheHighestValidValidationWdrIsSelected() {
    List<Row> rows = table("parallel");
    assertEquals(
        List.of("aux-0.2", "base", "expectile-0.8"),
        rows.stream().map(r -> r.getString(0)).toList(),
        "base and the grid");
    int selected = SweepRow.SCHEMA.fieldIndex("selected");
    int valid = SweepRow.SCHEMA.fieldIndex("validation_wdr_valid");
    int wdr = SweepRow.SCHEMA.fieldIndex("validation_wdr");
    assertEquals(1, rows.stream().filter(r -> r.getBoolean(selected)).count(), "one selected");
    Row chosen = rows.stream().filter(r -> r.getBoolean(selected)).findFirst().orElseThrow();
    for (Row row : rows) {
      if (row.getBoolean(valid) && chosen.getBoolean(valid)) {
        assertTrue(
            row.getDouble(wdr) <= chosen.getDouble(wdr),
            row.getString(0) + " has a higher valid validation WDR than the selected row");
      }
    }
    assertTrue(
        rows.stream().allMatch(r -> !r.getString(SweepRow.SCHEMA.fieldIndex("network")).isEmpty()),
        "every row names its network");
  }
}
