package org.sepsisiql.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunFolder;
import org.sepsisiql.run.RunManifest;

/**
 * Everything the report shows, read from the run's earlier outputs: the evaluation's {@code
 * metrics.json} (required), the run's {@code run.json} (stage timings, code version, seed), the
 * train stage's learning curves and, when the evaluation lacks its {@code behavior} block, the
 * behavior stage's {@code report.json}. Only the evaluation metrics are required; every other part
 * may be absent and then reads as empty. Spark starts only when there are learning curves to read.
 */
record ReportInputs(
    JsonNode evaluation,
    String evaluationFile,
    ObjectNode manifest,
    LearningCurve learningCurve,
    String studySummary,
    String sweepSummary) {
  static final String METRICS = "metrics.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads the inputs of one run.
   *
   * @param evaluationFolder the evaluate stage's output folder (holding {@code metrics.json})
   * @throws InvalidReportInputException when the evaluation metrics are missing or unparsable
   */
  static ReportInputs read(RunFolder run, String evaluationFolder, Supplier<SparkSession> spark) {
    FileSystem fs = run.fileSystem();
    Path file = new Path(evaluationFolder, METRICS);
    ObjectNode evaluation = readEvaluation(fs, file);
    if (!evaluation.has("behavior") || evaluation.get("behavior").isNull()) {
      JsonNode behavior =
          behaviorReport(
              fs, new Path(run.stagePath(PipelineStage.BEHAVIOR.folder()), "report.json"));
      if (behavior != null) {
        evaluation.set("behavior", behavior);
      }
    }
    Path metrics = new Path(run.stagePath(PipelineStage.TRAIN.folder()), "metrics");
    LearningCurve curve =
        exists(fs, metrics) ? LearningCurve.read(spark.get(), fs, metrics) : LearningCurve.EMPTY;
    Path study = new Path(run.stagePath(PipelineStage.OPE_STUDY.folder()), "summary.txt");
    String studySummary =
        exists(fs, new Path(run.stagePath(PipelineStage.OPE_STUDY.folder()), "_SUCCESS"))
                && exists(fs, study)
            ? readText(fs, study)
            : null;
    return new ReportInputs(
        evaluation,
        file.toString(),
        manifest(run),
        curve,
        studySummary,
        committedText(fs, run, PipelineStage.SWEEP.folder(), "summary.txt"));
  }

  /** A committed stage's text file, or null when the stage is absent or incomplete. */
  private static String committedText(FileSystem fs, RunFolder run, String stage, String name) {
    Path file = new Path(run.stagePath(stage), name);
    return exists(fs, new Path(run.stagePath(stage), "_SUCCESS")) && exists(fs, file)
        ? readText(fs, file)
        : null;
  }

  private static ObjectNode readEvaluation(FileSystem fs, Path file) {
    if (!exists(fs, file)) {
      throw new InvalidReportInputException(
          "evaluation metrics not found: "
              + file
              + " (run the evaluate stage first, or pass --input with its folder)");
    }
    try {
      JsonNode tree = JSON.readTree(readText(fs, file));
      if (tree == null || !tree.isObject()) {
        throw new InvalidReportInputException("evaluation metrics are not a JSON object: " + file);
      }
      MetricsContract.check(tree, file.toString());
      return (ObjectNode) tree;
    } catch (JsonProcessingException e) {
      throw new InvalidReportInputException(
          "cannot parse the evaluation metrics " + file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The behavior stage's test metrics in the evaluation's {@code behavior} shape, or null. */
  private static JsonNode behaviorReport(FileSystem fs, Path file) {
    if (!exists(fs, file)) {
      return null;
    }
    try {
      JsonNode report = JSON.readTree(readText(fs, file));
      ObjectNode behavior = JSON.createObjectNode();
      JsonNode test = Json.at(Json.at(report, "splits"), "test");
      JsonNode calibration = Json.at(report, "test_calibration");
      behavior.set("log_loss", Json.at(test, "log_loss"));
      behavior.set("accuracy", Json.at(test, "accuracy"));
      behavior.set("ece", Json.at(calibration, "expected_calibration_error"));
      behavior.set("reliability", Json.at(calibration, "reliability"));
      behavior.put("source", file.toString());
      return behavior;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static ObjectNode manifest(RunFolder run) {
    try {
      return RunManifest.read(run);
    } catch (IllegalStateException e) {
      return JSON.createObjectNode();
    }
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static String readText(FileSystem fs, Path file) {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidReportInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
