package org.sepsisiql.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.cli.Main;
import org.sepsisiql.testing.TestSpark;

/** The {@code behavior} command end to end, in the tests' shared Spark session. */
class BehaviorCommandTest {
  @TempDir static Path output;
  private static Path overlay;

  @BeforeAll
  static void writeTrajectoriesAndOverlay() throws IOException {
    new TransitionsFixture(TestSpark.session())
        .trainStays(100)
        .write(output.resolve("r/trajectories"));
    overlay = output.resolve("test.conf");
    Files.writeString(
        overlay,
        String.join(
            "\n",
            "sepsis-iql {",
            "  spark.master = \"local[2]\"",
            "  spark.conf { \"spark.ui.enabled\" = false, \"spark.sql.shuffle.partitions\" = 4 }",
            "  behavior { reg-params = [0.01], max-iter = 20 }",
            "}"));
  }

  private static int run(ByteArrayOutputStream err, String... args) {
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return Main.execute(args);
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void writesTheBehaviorStageIntoTheRunFolder() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        run(
            err,
            "behavior",
            "--conf",
            overlay.toString(),
            "--output",
            output.toString(),
            "--run-id",
            "r");
    assertEquals(0, code, "exit code; stderr: " + err.toString(StandardCharsets.UTF_8));
    Path behavior = output.resolve("r/behavior");
    assertTrue(Files.exists(behavior.resolve("_SUCCESS")), "stage committed");
    assertTrue(Files.exists(behavior.resolve("report.json")), "report written");
    assertTrue(Files.isDirectory(behavior.resolve("probabilities/split=test")), "partitioned");
    assertTrue(Files.isDirectory(behavior.resolve("model")), "model saved");
    assertTrue(Files.exists(output.resolve("r/run.json")), "run manifest written");
  }

  @Test
  void missingInputIsAUsageErrorAndWritesNothing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        run(
            err,
            "behavior",
            "--conf",
            overlay.toString(),
            "--output",
            output.toString(),
            "--run-id",
            "empty",
            "--input",
            output.resolve("nowhere").toString());
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, "exit code of bad input; stderr: " + message);
    assertTrue(message.contains("no complete trajectories"), message);
    assertFalse(Files.exists(output.resolve("empty/behavior")), "no output left behind");
  }
}
