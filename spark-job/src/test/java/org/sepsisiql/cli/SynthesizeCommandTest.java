package org.sepsisiql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code synthesize} command end to end: it writes a complete extract, and every invalid
 * argument or configuration exits 2 with a one-line reason and writes nothing.
 */
class SynthesizeCommandTest {
  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  private Outcome run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
    return new Outcome(code, err.toString());
  }

  private String output() {
    return dir.resolve("out").toString();
  }

  private void assertRejected(Outcome outcome, String expected) {
    assertEquals(2, outcome.code(), "exit code 2 for invalid input: " + outcome.err());
    assertTrue(outcome.err().contains(expected), "message names the problem: " + outcome.err());
    assertEquals(1, outcome.err().strip().lines().count(), "one line: " + outcome.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void writesACompleteExtractAndItsManifest() throws IOException {
    Outcome first =
        run("synthesize", "--stays", "40", "--output", output(), "--run-id", "r", "--seed", "3");
    assertEquals(0, first.code(), first.err());
    Path extracts = dir.resolve("out/r/extracts");
    for (String dataset :
        new String[] {"stays", "measurements", "fluids", "vasopressors", "urine_output"}) {
      assertTrue(Files.isDirectory(extracts.resolve(dataset)), dataset + " written");
    }
    assertTrue(Files.exists(extracts.resolve("_SUCCESS")), "stage committed");
    assertTrue(
        Files.readString(extracts.resolve("simulator.json")).contains("\"stays\" : 40"),
        "simulator marker with the cohort size");
    String manifest = Files.readString(dir.resolve("out/r/run.json"));
    assertTrue(manifest.contains("\"extracts\""), "stage recorded in run.json");
    assertTrue(manifest.contains("\"seed\" : 3"), "seed recorded in run.json");

    Outcome again = run("synthesize", "--stays", "40", "--output", output(), "--run-id", "r");
    assertEquals(2, again.code(), "existing output without --overwrite: " + again.err());
    assertTrue(again.err().contains("output exists"), again.err());

    Outcome replaced =
        run("synthesize", "--stays", "40", "--output", output(), "--run-id", "r", "--overwrite");
    assertEquals(0, replaced.code(), replaced.err());
  }

  @Test
  void negativeStaysAreRejected() {
    assertRejected(
        run("synthesize", "--stays", "-5", "--output", output()),
        "sepsis-iql.synthesize.stays must be at least 1, cannot be: -5");
  }

  @Test
  void unknownKeyIsRejected() throws IOException {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "sepsis-iql.synthesize.stayz = 5\n");
    assertRejected(
        run("synthesize", "--conf", conf.toString(), "--output", output()),
        "unknown key sepsis-iql.synthesize.stayz");
  }

  @Test
  void wrongTypeIsRejected() {
    assertRejected(
        run("synthesize", "-Dsepsis-iql.seed=abc", "--output", output()),
        "sepsis-iql.seed must be a number");
  }

  @Test
  void unwritableOutputIsRejected() throws IOException {
    Path file = dir.resolve("out");
    Files.writeString(file, "not a folder");
    Outcome outcome = run("synthesize", "--stays", "5", "--output", file.toString());
    assertEquals(2, outcome.code(), outcome.err());
    assertTrue(outcome.err().contains("output is not writable"), outcome.err());
    assertEquals("not a folder", Files.readString(file), "the file is left as it was");
  }

  @Test
  void nonNumericStaysAreAUsageError() {
    assertRejected(run("synthesize", "--stays", "many", "--output", output()), "--stays");
  }
}
