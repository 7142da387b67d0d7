package org.sepsisiql.mimic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.cli.Main;
import org.sepsisiql.testing.TestSpark;

/**
 * {@code extract-mimic --source mimic-iv} and then {@code run} on a folder in MIMIC-IV's release
 * layout: the real MIMIC-III demo's 77 MetaVision stays written as MIMIC-IV tables ({@link
 * MimicIvLayout}); skipped unless {@code SEPSIS_IQL_SHARED_DATA} points at the folder holding
 * {@code mimic-iii-demo/}. Both commands run through the command line, as a user runs them.
 */
class MimicIvDemoLayoutTest {
  @TempDir static Path temp;
  private static int extractCode;
  private static int runCode;
  private static String extractOutput;
  private static Path run;

  @BeforeAll
  static void extractAndRun() throws Exception {
    Path demo = MimicDemo.folder();
    Path layout =
        MimicIvLayout.fromMimicIiiDemo(TestSpark.session(), demo, temp.resolve("mimic-iv"));
    Path output = temp.resolve("out");
    PrintStream console = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      extractCode =
          Main.execute(
              "extract-mimic",
              "--source",
              "mimic-iv",
              "--input",
              layout.toString(),
              "--output",
              output.toString(),
              "--run-id",
              "mimic4",
              "-Dsepsis-iql.spark.master=local[2]");
    } finally {
      System.setOut(console);
    }
    extractOutput = captured.toString(StandardCharsets.UTF_8);
    System.out.print(extractOutput);
    runCode =
        Main.execute(
            "run",
            "--output",
            output.toString(),
            "--run-id",
            "mimic4",
            "-Dsepsis-iql.spark.master=local[2]");
    run = output.resolve("mimic4");
  }

  @Test
  void theExtractionPrintsItsCountsAndCommits() throws Exception {
    assertEquals(0, extractCode, "extract-mimic exit code");
    assertTrue(Files.exists(run.resolve("extracts/_SUCCESS")), "extracts committed");
    for (String count :
        new String[] {
          "icustays_rows",
          "stays_excluded_no_outtime",
          "stays_with_infection",
          "stays_with_vasopressors",
          "stays_ordered_by_anchor_year_group"
        }) {
      assertTrue(extractOutput.contains(count), count + " printed:\n" + extractOutput);
    }
    JsonNode counts =
        new ObjectMapper().readTree(run.resolve("run.json").toFile()).at("/stages/extracts/counts");
    assertEquals(77, counts.path("icustays_rows").asLong(), "the demo's MetaVision stays");
    assertEquals(77, counts.path("stays").asLong(), "every one has an outtime");
    assertEquals(77, counts.path("stays_ordered_by_anchor_year_group").asLong());
  }

  @Test
  void runCompletesOnTheExtracts() throws Exception {
    assertEquals(0, runCode, "run exit code");
    for (String stage :
        new String[] {"trajectories", "behavior", "model", "evaluation", "report"}) {
      assertTrue(Files.exists(run.resolve(stage).resolve("_SUCCESS")), stage + " committed");
    }
    JsonNode summary =
        new ObjectMapper().readTree(run.resolve("trajectories/summary.json").toFile());
    System.out.println("MimicIvDemoLayoutTest: cohort summary " + summary);
    long inCohort = summary.get("stays_in_cohort").asLong();
    long noOnset = summary.at("/stays_out/excluded_no_sepsis_onset").asLong();
    assertTrue(inCohort >= 40, "a Sepsis-3 onset for most stays (measured 48): " + inCohort);
    assertTrue(
        noOnset > 0 && noOnset < 40, "some stays without an onset (measured 28): " + noOnset);
    for (String split : new String[] {"train", "val", "test"}) {
      assertTrue(summary.at("/transitions_by_split/" + split).asLong() > 0, split);
    }
  }
}
