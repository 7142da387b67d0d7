package org.sepsisiql.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.config.ConfigLoader;

/**
 * Renders the fixture report in headless Chromium, when {@code /usr/bin/chromium} exists: a
 * screenshot must come out non-trivial and the DOM must hold the summary table. The screenshot and
 * the page are kept in {@code target/report-render/} for a person to look at.
 */
class ChromiumRenderTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @TempDir Path dir;

  @Test
  void rendersInHeadlessChromium() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "skipped: no " + CHROMIUM + " (apt-get install -y chromium to run the rendering check)");
    Path out = Files.createDirectories(Path.of("target", "report-render").toAbsolutePath());
    Path index = out.resolve("index.html");
    Files.writeString(index, fixtureReport().html(), StandardCharsets.UTF_8);
    Path screenshot = out.resolve("screenshot.png");
    Files.deleteIfExists(screenshot);
    run(List.of("--screenshot=" + screenshot, "--window-size=1280,4000", "file://" + index));
    assertTrue(Files.exists(screenshot), "Chromium wrote no screenshot");
    assertTrue(
        Files.size(screenshot) > 100_000, "screenshot is non-trivial: " + Files.size(screenshot));
    String dom = run(List.of("--dump-dom", "file://" + index));
    assertTrue(dom.contains("id=\"summary-table\""), "summary table in the DOM");
    assertTrue(dom.contains("<td>learned</td>"), "a policy row in the DOM");
  }

  /** The full report with every part, learning curves built in memory (no Spark needed). */
  static ReportStage.Report fixtureReport() {
    EvaluationFixture fixture = new EvaluationFixture();
    ObjectNode manifest =
        (ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("code_version", "abc1234")
                .put("seed", 20261124);
    manifest
        .putObject("stages")
        .putObject("train")
        .put("seconds", 312.4)
        .put("started_at", "2026-01-01T10:05:00Z");
    int epochs = 15;
    int[] x = new int[epochs];
    Map<String, double[]> series = new java.util.LinkedHashMap<>();
    List<String> columns = new ArrayList<>(LearningCurve.LOSSES);
    columns.add(LearningCurve.CRITERION);
    for (int c = 0; c < columns.size(); c++) {
      double[] y = new double[epochs];
      for (int e = 0; e < epochs; e++) {
        x[e] = e + 1;
        y[e] = (0.4 + 0.15 * c) * Math.exp(-0.2 * e) + 0.05 + 0.004 * Math.max(0, e - 10);
      }
      series.put(columns.get(c), y);
    }
    ReportInputs inputs =
        new ReportInputs(
            fixture.root,
            "evaluation/metrics.json",
            manifest,
            new LearningCurve(x, series, 11),
            null,
            null);
    var settings =
        ReportSettings.from(ConfigFactory.empty().withFallback(ConfigLoader.defaults()).resolve());
    return ReportStage.render(inputs, settings);
  }

  private String run(List<String> arguments) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
    command.addAll(arguments);
    Path log = Files.createTempFile(dir, "chromium", ".log");
    Path stdout = Files.createTempFile(dir, "chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectOutput(stdout.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish in 120 s: " + Files.readString(log));
    }
    assertEquals(0, process.exitValue(), "Chromium failed: " + Files.readString(log));
    return Files.readString(stdout);
  }
}
