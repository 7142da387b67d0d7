package org.sepsisiql.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.cli.Main;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.testing.TestSpark;

/** The report stage end to end on a fixture evaluation, learning curves and run.json. */
class ReportStageTest {
  static final List<String> SECTIONS =
      List.of(
          "run",
          "summary",
          "seed-baselines",
          "learning",
          "estimates",
          "actions",
          "sweeps",
          "calibration",
          "ess",
          "clinical",
          "hazards",
          "fqe");
  static final List<String> CHARTS =
      List.of(
          "chart-losses",
          "chart-criterion",
          "chart-estimates",
          "chart-heatmap-clinicians",
          "chart-heatmap-learned",
          "chart-sweep-bp",
          "chart-sweep-lactate",
          "chart-reliability",
          "chart-ess",
          "chart-ess-per-step",
          "chart-fqe");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  private RunContext context(String runId) {
    Config config =
        ConfigFactory.parseString(
                "sepsis-iql { output = \"" + dir.resolve("out") + "\", run-id = " + runId + " }")
            .withFallback(ConfigLoader.defaults())
            .resolve();
    return RunContext.open(config, false, Clock.systemUTC());
  }

  private Path run(String runId) {
    return dir.resolve("out").resolve(runId);
  }

  /** Twelve epochs of the train stage's metrics, best at epoch 8, as Parquet. */
  private static void writeLearningCurves(Path folder) {
    List<Row> rows = new ArrayList<>();
    for (int epoch = 1; epoch <= 12; epoch++) {
      double decay = Math.exp(-0.25 * epoch);
      Object[] values = new Object[LearningCurve.schema().fields().length];
      values[0] = epoch;
      for (int i = 1; i < values.length - 1; i++) {
        values[i] = (0.5 + i * 0.1) * decay + 0.01 * Math.max(0, epoch - 8);
      }
      values[values.length - 1] = epoch == 8;
      rows.add(RowFactory.create(values));
    }
    spark
        .createDataFrame(rows, LearningCurve.schema())
        .coalesce(1)
        .write()
        .parquet(folder.toString());
  }

  private static void writeManifest(Path run) throws IOException {
    Files.createDirectories(run);
    Files.writeString(
        run.resolve("run.json"),
        "{\"run_id\": \"fixture-run\", \"code_version\": \"abc1234\", \"seed\": 20261124,"
            + " \"stages\": {\"cohort\": {\"started_at\": \"2026-01-01T10:00:00Z\", \"seconds\":"
            + " 41.5}, \"evaluate\": {\"started_at\": \"2026-01-01T10:20:00Z\", \"seconds\": 88.0}}}");
  }

  private String render(String runId, EvaluationFixture fixture) throws IOException {
    fixture.write(run(runId).resolve("evaluation"));
    report(context(runId), new ReportStage.Inputs(null), line -> {});
    return Files.readString(run(runId).resolve("report/index.html"));
  }

  @Test
  void reportHasEverySectionAndOneImagePerChart() throws IOException {
    writeManifest(run("full"));
    writeLearningCurves(run("full").resolve("model/metrics"));
    String html = render("full", new EvaluationFixture());
    for (String section : SECTIONS) {
      assertTrue(html.contains("<section id=\"" + section + "\">"), "section " + section);
    }
    for (String chart : CHARTS) {
      Matcher image =
          Pattern.compile(
                  "<figure id=\""
                      + chart
                      + "\"><img class=\"chart\" alt=\"[^\"]*\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
              .matcher(html);
      assertTrue(image.find(), "image of " + chart);
      byte[] png = Base64.getDecoder().decode(image.group(1));
      assertTrue(png.length > 3000, chart + " is a real PNG, not " + png.length + " bytes");
      assertEquals((byte) 0x89, png[0], chart + " PNG signature");
    }
    assertEquals(
        CHARTS.size(), html.split("data:image/png;base64,", -1).length - 1, "one image per chart");
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external resources");
    assertTrue(html.contains("abc1234") && html.contains("41.5"), "code version and stage timings");
    assertTrue(Files.exists(run("full").resolve("report/_SUCCESS")), "committed");
    JsonNode metrics = JSON.readTree(run("full").resolve("report/metrics.json").toFile());
    assertEquals(12, metrics.at("/learning_curve/epochs").asInt(), "learning-curve summary");
    assertEquals(8, metrics.at("/learning_curve/best_epoch").asInt(), "best epoch");
    assertEquals(41.5, metrics.at("/stage_timings/cohort").asDouble(), "stage timings");
    assertEquals(6, metrics.get("policies").size(), "evaluation metrics copied");
  }

  @Test
  void invalidEstimatesNeverAppearAsNumbers() throws IOException {
    EvaluationFixture fixture = new EvaluationFixture();
    ObjectNode wdr = (ObjectNode) fixture.policy("random").get("estimates").get("WDR");
    wdr.put("value", 149.2);
    wdr.put("lower", 131.7);
    wdr.put("upper", 171.3);
    ObjectNode row = (ObjectNode) fixture.root.get("summary_table").get(2);
    row.put("wdr", 149.2);
    row.put("wdr_lower", 131.7);
    row.put("wdr_upper", 171.3);
    String html = withoutSection(render("invalid", fixture), "seed-baselines");
    for (String number : List.of("149.2", "131.7", "171.3")) {
      assertFalse(html.contains(number), "invalid estimate shown as a number: " + number);
    }
    String summary =
        html.substring(
            html.indexOf("id=\"summary-table\""),
            html.indexOf("</table>", html.indexOf("id=\"summary-table\"")));
    assertTrue(
        summary.contains(
            "<td>random</td><td><span class=\"invalid\">invalid (outside the plausible range [-15, 15])</span>"),
        "the summary shows the reason: " + summary);
  }

  @Test
  void escapesPolicyNamesAndDescriptions() throws IOException {
    EvaluationFixture fixture = new EvaluationFixture();
    fixture.policy("learned").put("description", "<script>alert('x')</script> & \"quoted\"");
    fixture.policy("most_frequent").put("name", "<img src=x onerror=alert(1)>");
    ((ObjectNode) fixture.root.get("summary_table").get(4))
        .put("model", "<img src=x onerror=alert(1)>");
    String html = render("escaping", fixture);
    assertFalse(html.contains("<script>"), "description escaped");
    assertFalse(html.contains("<img src=x"), "name escaped");
    assertTrue(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"),
        "escaped description shown");
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "escaped name shown");
  }

  /** The page without one section (the seed's table quotes the seed's own 149.2, labelled). */
  private static String withoutSection(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    int end = html.indexOf("</section>", start) + "</section>".length();
    return html.substring(0, start) + html.substring(end);
  }

  @Test
  void theSeedsTableIsLabelledAndTheTrainedBaselinesStandBesideIt() throws IOException {
    EvaluationFixture fixture = new EvaluationFixture();
    ObjectNode baseline = fixture.root.get("summary_table").get(0).deepCopy();
    baseline.put("model", "fqi_linear");
    baseline.put("wdr_valid", false);
    ((com.fasterxml.jackson.databind.node.ArrayNode) fixture.root.get("summary_table"))
        .add(baseline);
    String html = render("baselines", fixture);
    String body = html.substring(html.indexOf("<section id=\"seed-baselines\">"));
    body = body.substring(0, body.indexOf("</section>"));
    assertTrue(body.contains("As the seed reported them (not measured by this run)"), body);
    assertTrue(body.contains("149.2") && body.contains("Q-explosion"), "the seed's figures");
    assertTrue(body.contains("fqi_linear (Linear (fitted Q))"), "the trained baseline: " + body);
    assertTrue(body.contains("id=\"baselines-table\""), body);
  }

  @Test
  void aMissingOrRenamedFieldIsAnErrorNamingIt() throws IOException {
    EvaluationFixture fixture = new EvaluationFixture();
    ObjectNode row = (ObjectNode) fixture.root.get("summary_table").get(1);
    row.set("wdr_is_valid", row.remove("wdr_valid"));
    InvalidReportInputException e =
        assertThrows(InvalidReportInputException.class, () -> render("renamed", fixture));
    assertTrue(e.getMessage().contains("lacks summary_table[1].wdr_valid"), e.getMessage());
    EvaluationFixture noPolicies = new EvaluationFixture();
    noPolicies.root.remove("policies");
    e = assertThrows(InvalidReportInputException.class, () -> render("nopolicies", noPolicies));
    assertTrue(e.getMessage().contains("lacks policies"), e.getMessage());
  }

  @Test
  void missingOptionalPartsRenderNotAvailable() throws IOException {
    EvaluationFixture fixture = new EvaluationFixture();
    for (JsonNode policy : fixture.root.get("policies")) {
      ObjectNode p = (ObjectNode) policy;
      p.putNull("true_value");
      p.putNull("estimator_errors");
      p.remove(List.of("sweeps", "hazards", "ess_per_step", "action_heatmap"));
    }
    for (JsonNode row : fixture.root.get("summary_table")) {
      ((ObjectNode) row).putNull("true_value");
    }
    fixture.root.remove(List.of("behavior", "fqe", "clinician_action_heatmap"));
    String html = render("partial", fixture);
    for (String section : SECTIONS) {
      String body = html.substring(html.indexOf("<section id=\"" + section + "\">"));
      body = body.substring(0, body.indexOf("</section>"));
      if (!List.of("summary", "seed-baselines", "estimates", "clinical", "ess").contains(section)) {
        assertTrue(body.contains("not available"), section + " says not available: " + body);
      }
    }
    assertTrue(html.contains("id=\"summary-table\""), "the summary table still renders");
    assertTrue(html.contains("id=\"chart-estimates\""), "estimates still drawn without truth");
  }

  @Test
  void missingMetricsJsonIsAClearError() {
    InvalidReportInputException e =
        assertThrows(
            InvalidReportInputException.class,
            () -> report(context("missing"), new ReportStage.Inputs(null), line -> {}));
    String expected = run("missing").resolve("evaluation/metrics.json").toString();
    assertTrue(e.getMessage().contains(expected), "names the file: " + e.getMessage());
    assertFalse(Files.exists(run("missing").resolve("report")), "no report written");
  }

  @Test
  void unparsableMetricsJsonIsAClearError() throws IOException {
    Path evaluation = Files.createDirectories(run("broken").resolve("evaluation"));
    Files.writeString(evaluation.resolve("metrics.json"), "{\"run_id\": \"x\", \"policies\": [");
    InvalidReportInputException e =
        assertThrows(
            InvalidReportInputException.class,
            () -> report(context("broken"), new ReportStage.Inputs(null), line -> {}));
    assertTrue(
        e.getMessage().contains(evaluation.resolve("metrics.json").toString()), e.getMessage());
  }

  @Test
  void commandPrintsTheReportPath() {
    new EvaluationFixture().write(run("cli").resolve("evaluation"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Main.execute("report", "--output", dir.resolve("out").toString(), "--run-id", "cli");
    } finally {
      System.setOut(original);
    }
    assertEquals(0, code, "exit code; output: " + out);
    assertTrue(
        out.toString(StandardCharsets.UTF_8)
            .contains(run("cli").resolve("report/index.html").toString()),
        "prints the path: " + out);
  }

  /** The stage as every caller runs it: built from the context's configuration. */
  private static ReportStage.Result report(
      RunContext context, ReportStage.Inputs inputs, java.util.function.Consumer<String> log) {
    return ReportStage.from(context.config()).run(context, inputs, log);
  }
}
