package org.sepsisiql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --skip-complete}, the option scheduler tasks pass so that a retried or cleared task
 * succeeds: a complete, current stage is skipped and left untouched; the partial output of a killed
 * attempt is replaced; a complete output whose settings changed is an error; misuse is refused.
 */
class SkipCompleteTest {
  @TempDir Path dir;

  private record Outcome(int code, String out, String err) {}

  private Outcome run(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("synthesize", "--output", dir.resolve("out").toString(), "--run-id", "r"));
    args.addAll(List.of(extra));
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code =
          Main.commandLine()
              .setErr(new PrintWriter(err, true))
              .execute(args.toArray(String[]::new));
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void aRetriedStageIsSkippedReplacedOrRefusedByWhatItFinds() throws Exception {
    Path extracts = dir.resolve("out/r/extracts");
    assertEquals(0, run("--stays", "30", "--skip-complete").code(), "first attempt runs");
    assertTrue(Files.exists(extracts.resolve("_SUCCESS")));
    FileTime written = Files.getLastModifiedTime(extracts.resolve("_SUCCESS"));

    Outcome retried = run("--stays", "30", "--skip-complete");
    assertEquals(0, retried.code(), retried.err());
    assertTrue(retried.out().contains("complete and current, skipped"), retried.out());
    assertEquals(
        written, Files.getLastModifiedTime(extracts.resolve("_SUCCESS")), "output untouched");

    Outcome changed = run("--stays", "31", "--skip-complete");
    assertEquals(2, changed.code(), "a stale output is the user's decision: " + changed.out());
    assertTrue(changed.err().contains("output exists but is not current"), changed.err());
    assertTrue(changed.err().contains("--overwrite"), changed.err());
    assertEquals(1, changed.err().strip().lines().count(), changed.err());

    Files.delete(extracts.resolve("_SUCCESS"));
    Outcome plain = run("--stays", "30");
    assertEquals(2, plain.code(), "without the option a partial output is refused as before");
    Outcome partial = run("--stays", "30", "--skip-complete");
    assertEquals(0, partial.code(), partial.err());
    assertTrue(partial.out().contains("removing the partial output"), partial.out());
    assertTrue(Files.exists(extracts.resolve("_SUCCESS")), "replaced by a complete output");
  }

  @Test
  void contradictionsAndCommandsWithoutAStageAreRefused() {
    Outcome both = run("--stays", "30", "--skip-complete", "--overwrite");
    assertEquals(2, both.code());
    assertTrue(both.err().contains("contradict"), both.err());
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("sweep", "--output", dir.resolve("out").toString(), "--skip-complete");
    assertEquals(2, code, err.toString());
    assertTrue(
        err.toString().contains("--skip-complete applies to the stage commands"), err.toString());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }
}
