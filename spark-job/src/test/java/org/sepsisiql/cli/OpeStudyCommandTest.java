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
 * The {@code ope-study} command's refusals: every bad argument or unusable run exits 2 with a
 * one-line reason before any work and writes no study. (The study itself is run by {@code
 * study.OpeStudyTest}.)
 */
class OpeStudyCommandTest {
  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  private Outcome run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
    return new Outcome(code, err.toString());
  }

  private void assertRejected(Outcome outcome, String expected) {
    assertEquals(2, outcome.code(), "exit code 2 for invalid input: " + outcome.err());
    assertTrue(outcome.err().contains(expected), "message names the problem: " + outcome.err());
    assertEquals(1, outcome.err().strip().lines().count(), "one line: " + outcome.err());
    assertFalse(Files.exists(dir.resolve("out/r/ope-study")), "no study written");
  }

  private String output() {
    return dir.resolve("out").toString();
  }

  @Test
  void zeroSeedsAreRefused() {
    assertRejected(
        run("ope-study", "--seeds", "0", "--output", output(), "--run-id", "r"),
        "--seeds must be at least 1, cannot be: 0");
  }

  @Test
  void negativeSeedsAreRefused() {
    assertRejected(
        run("ope-study", "--seeds", "-3", "--output", output(), "--run-id", "r"),
        "--seeds must be at least 1, cannot be: -3");
  }

  @Test
  void tooFewStaysAreRefused() {
    assertRejected(
        run("ope-study", "--seeds", "2", "--stays", "10", "--output", output(), "--run-id", "r"),
        "--stays must be at least 50, cannot be: 10");
  }

  @Test
  void anUnknownRunIsRefused() {
    assertRejected(
        run("ope-study", "--seeds", "2", "--output", output(), "--run-id", "nosuchrun"),
        "run nosuchrun has no complete trajectories");
  }

  @Test
  void aRunWithoutSimulatedDataIsRefused() throws IOException {
    for (String stage : new String[] {"trajectories", "model"}) {
      Files.createDirectories(dir.resolve("out/real/" + stage));
      Files.writeString(dir.resolve("out/real/" + stage + "/_SUCCESS"), "");
    }
    assertRejected(
        run("ope-study", "--seeds", "2", "--output", output(), "--run-id", "real"),
        "was not made from the simulator");
  }

  @Test
  void aMissingSeedCountIsAUsageError() {
    Outcome outcome = run("ope-study", "--output", output(), "--run-id", "r");
    assertEquals(2, outcome.code(), outcome.err());
    assertTrue(outcome.err().contains("--seeds"), outcome.err());
  }
}
