package org.sepsisiql.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StageResult;

/**
 * The report stage: reads the evaluation's {@code metrics.json}, the run's {@code run.json} and the
 * learning curves, and writes {@code <run>/report/index.html} (one self-contained page of tables
 * and charts) and {@code <run>/report/metrics.json} (the evaluation's numbers plus the learning-
 * curve summary and the stage timings). Everything runs on the driver: the inputs are aggregates of
 * a few kilobytes; Spark starts only to read the learning curves (one small Parquet row per epoch).
 */
public final class ReportStage implements Stage<ReportStage.Inputs, ReportStage.Result> {
  public static final String STAGE = PipelineStage.REPORT.folder();
  public static final String INDEX = "index.html";

  /** The evaluate stage's output folder in the run. */
  public static final String EVALUATION = PipelineStage.EVALUATE.folder();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ReportSettings settings;

  private ReportStage(ReportSettings settings) {
    this.settings = settings;
  }

  /** Reads and checks {@code sepsis-iql.report}. */
  public static ReportStage from(Config config) {
    return new ReportStage(ReportSettings.from(config));
  }

  /** Where to read the evaluation from: the evaluate stage's folder; null for the run's own. */
  public record Inputs(String evaluation) {}

  @Override
  public PipelineStage id() {
    return PipelineStage.REPORT;
  }

  /** What the stage wrote: the page's path and size, and how much of the report was available. */
  public record Result(String index, int policies, int charts, long htmlBytes, int epochs)
      implements StageResult {
    @Override
    public Map<String, Object> counts() {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("policies", policies);
      counts.put("charts", charts);
      counts.put("html_bytes", htmlBytes);
      counts.put("learning_curve_epochs", epochs);
      return counts;
    }
  }

  /** The rendered report, before it is written. */
  record Report(String html, String metricsJson, int policies, int charts) {}

  @Override
  public Result run(RunContext run, Inputs options, Consumer<String> log) {
    String evaluationFolder =
        options.evaluation() != null
            ? options.evaluation()
            : run.folder().stagePath(EVALUATION).toString();
    run.checkCanWrite(STAGE);
    ReportInputs inputs = ReportInputs.read(run.folder(), evaluationFolder, run::spark);
    log.accept(
        "report: rendering charts for "
            + PolicyResult.all(inputs.evaluation()).size()
            + " policies");
    Report report = render(inputs, settings);
    return run.runStage(
        STAGE,
        List.of(
            inputs.evaluationFile(),
            run.folder().stagePath(PipelineStage.SWEEP.folder()).toString(),
            run.folder().stagePath(PipelineStage.OPE_STUDY.folder()).toString()),
        write -> {
          FileSystem fs = run.folder().fileSystem();
          long bytes = writeText(fs, new Path(write.temporaryPath(), INDEX), report.html());
          writeText(
              fs, new Path(write.temporaryPath(), ReportInputs.METRICS), report.metricsJson());
          return new Result(
              new Path(run.folder().stagePath(STAGE), INDEX).toString(),
              report.policies(),
              report.charts(),
              bytes,
              inputs.learningCurve().epochs().length);
        });
  }

  /** Renders the page and the metrics file from the inputs. */
  static Report render(ReportInputs inputs, ReportSettings settings) {
    Charts charts = new Charts(settings);
    EvaluationSections evaluation = new EvaluationSections(inputs.evaluation(), settings, charts);
    CheckSections checks = new CheckSections(evaluation.policies(), settings, charts);
    RunSections run = new RunSections(inputs, settings, charts);
    List<Section> sections =
        List.of(
            run.header(),
            evaluation.summary(),
            evaluation.seedBaselines(),
            run.learningCurves(),
            evaluation.estimates(),
            run.betaSelection(),
            run.sweep(),
            evaluation.study(inputs.studySummary()),
            evaluation.actions(),
            evaluation.sweeps(),
            run.calibration(),
            checks.ess(),
            checks.clinical(),
            checks.hazards(),
            run.fqe());
    String runId = Json.text(inputs.evaluation(), "run_id");
    String html =
        HtmlReport.render("sepsis-iql report" + (runId != null ? ": " + runId : ""), sections);
    int images = html.split("data:image/png;base64,", -1).length - 1;
    return new Report(html, metricsJson(inputs), evaluation.policies().size(), images);
  }

  private static String metricsJson(ReportInputs inputs) {
    ObjectNode metrics = inputs.evaluation().deepCopy();
    metrics.set("learning_curve", JSON.valueToTree(inputs.learningCurve().summary()));
    ObjectNode timings = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> stage : Json.at(inputs.manifest(), "stages").properties()) {
      timings.set(stage.getKey(), Json.at(stage.getValue(), "seconds"));
    }
    metrics.set("stage_timings", timings);
    try {
      return JSON.writeValueAsString(metrics) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report's metrics.json", e);
    }
  }

  private static long writeText(FileSystem fs, Path path, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    return bytes.length;
  }
}
