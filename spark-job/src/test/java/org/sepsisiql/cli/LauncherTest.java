package org.sepsisiql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local launcher ({@code deploy/local/sepsis-iql}) as a user types it: it adds {@code
 * conf/local.conf} after the subcommand unless the caller gives a configuration, in either of the
 * forms {@code --help} shows ({@code --conf FILE} and {@code --conf=FILE}). The first version added
 * its own {@code --conf} next to {@code --conf=FILE} and picocli refused both. Each case is a fast
 * configuration error (exit 2, one line), so the launcher's full path runs without any Spark work.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("..", "deploy", "local", "sepsis-iql");

  @TempDir Path dir;
  private Path badConf;

  @BeforeEach
  void writeConf() throws IOException {
    assumeTrue(
        Files.isRegularFile(Path.of("target", "classpath.txt")),
        "the launcher needs the build's target/classpath.txt (run through Maven)");
    badConf = dir.resolve("bad.conf");
    Files.writeString(badConf, "sepsis-iql.synthesize.stayz = 5\n");
  }

  private record Outcome(int code, String err) {}

  private Outcome launch(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile());
    builder.environment().put("SEPSIS_IQL_JAVA_OPTS", "-Xmx512m");
    builder.environment().put("SEPSIS_IQL_SKIP_BUILD", "1");
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher finished");
    return new Outcome(process.exitValue(), err);
  }

  private void assertReadTheFile(Outcome outcome) {
    assertEquals(2, outcome.code(), outcome.err());
    assertTrue(
        outcome.err().contains("unknown key sepsis-iql.synthesize.stayz"),
        "the caller's file was read: " + outcome.err());
    assertFalse(outcome.err().contains("only once"), outcome.err());
    assertEquals(1, outcome.err().strip().lines().count(), "one line: " + outcome.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void confWithEqualsSign() throws Exception {
    assertReadTheFile(launch("synthesize", "--conf=" + badConf, "--output", dir + "/out"));
  }

  @Test
  void confAsSeparateWord() throws Exception {
    assertReadTheFile(launch("synthesize", "--conf", badConf.toString(), "--output", dir + "/out"));
  }

  /**
   * A CSV file where Parquet is expected fails inside a Spark task: the user sees the one line
   * naming the dataset and the cause, exit 2, and no stack trace (the first version printed about
   * 100 lines of Spark's task failure logging); no run folder is left behind.
   */
  @Test
  void aSparkTaskFailureIsOneLineWithoutAStackTrace() throws Exception {
    Path input = dir.resolve("extracts");
    for (String dataset :
        new String[] {"stays", "measurements", "fluids", "vasopressors", "urine_output"}) {
      Files.createDirectories(input.resolve(dataset));
      Files.writeString(
          input.resolve(dataset).resolve("part-00000.parquet"), "stay_id,value\n1,2.5\n");
    }
    Outcome outcome =
        launch("cohort", "--input", input.toString(), "--output", dir + "/out", "--run-id", "r");
    String stdout = Files.readString(dir.resolve("stdout"));
    assertEquals(2, outcome.code(), outcome.err());
    assertTrue(outcome.err().contains("cannot read as Parquet"), outcome.err());
    for (String text : List.of(outcome.err(), stdout)) {
      assertFalse(text.contains("\tat "), "no stack trace:\n" + text);
      assertFalse(text.contains("Exception in"), "no stack trace:\n" + text);
    }
    assertTrue(outcome.err().strip().lines().count() <= 3, "a short message:\n" + outcome.err());
    assertFalse(Files.exists(dir.resolve("out/r")), "no run folder left behind");
  }

  /**
   * Success returns from {@code main} without {@code System.exit} (YARN's application master fails
   * a driver that exits before returning): the JVM must still end on its own, Spark's threads
   * included, with exit code 0.
   */
  @Test
  void aSuccessfulCommandEndsTheJvmWithExitCodeZero() throws Exception {
    Outcome outcome =
        launch("synthesize", "--stays", "20", "--output", dir + "/out", "--run-id", "r");
    assertEquals(0, outcome.code(), outcome.err());
    assertTrue(Files.exists(dir.resolve("out/r/extracts/_SUCCESS")), "the extract is committed");
  }

  @Test
  void withoutConfTheLocalOverlayIsAdded() throws Exception {
    Outcome outcome = launch("synthesize", "--stays", "-5", "--output", dir + "/out");
    assertEquals(2, outcome.code(), outcome.err());
    assertTrue(
        outcome.err().contains("sepsis-iql.synthesize.stays must be at least 1"), outcome.err());
    assertEquals(1, outcome.err().strip().lines().count(), "one line: " + outcome.err());
  }
}
