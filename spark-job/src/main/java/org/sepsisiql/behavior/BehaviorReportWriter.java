package org.sepsisiql.behavior;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.behavior.BehaviorResult.Candidate;
import org.sepsisiql.behavior.BehaviorResult.SplitMetrics;
import org.sepsisiql.data.Feature;

/**
 * Writes {@code behavior/report.json} (every figure of a {@link BehaviorResult}, snake_case keys)
 * and {@code behavior/summary.txt} (a few lines for people) through the Hadoop file system, so the
 * stage works the same on a local disk, HDFS or S3A. Aggregates only, never patient-level values.
 */
final class BehaviorReportWriter {
  static final String REPORT = "report.json";
  static final String SUMMARY = "summary.txt";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BehaviorReportWriter() {}

  static void write(BehaviorResult result, String folder, Configuration hadoop) {
    try {
      writeText(new Path(folder, REPORT), JSON.writeValueAsString(asMap(result)) + "\n", hadoop);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + REPORT, e);
    }
    writeText(new Path(folder, SUMMARY), summary(result), hadoop);
  }

  static Map<String, Object> asMap(BehaviorResult result) {
    BehaviorSettings settings = result.settings();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "spark.ml multinomial LogisticRegression");
    model.put("features", Feature.COUNT);
    model.put("classes", BehaviorColumns.ACTIONS);
    model.put("reg_param", result.chosen().regParam());
    model.put("elastic_net_param", settings.elasticNetParam());
    model.put("max_iter", settings.maxIter());
    model.put("tolerance", settings.tolerance());
    model.put("standardization", settings.standardization());
    model.put("iterations", result.chosen().iterations());
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (Candidate candidate : result.candidates()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("reg_param", candidate.regParam());
      entry.put("validation_log_loss", candidate.validationLogLoss());
      entry.put("iterations", candidate.iterations());
      entry.put("chosen", candidate.equals(result.chosen()));
      candidates.add(entry);
    }
    Map<String, Object> splits = new LinkedHashMap<>();
    result.splits().forEach((split, metrics) -> splits.put(split, asMap(metrics)));
    Map<String, Object> calibration = new LinkedHashMap<>();
    calibration.put("split", "test");
    calibration.put("bins", settings.calibrationBins());
    calibration.put("expected_calibration_error", result.testEce());
    calibration.put("reliability", reliability(result.reliability()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", model);
    root.put("probability_floor", settings.probabilityFloor());
    root.put("chosen_reg_param", result.chosen().regParam());
    root.put("regularization_search", candidates);
    root.put("splits", splits);
    root.put("test_calibration", calibration);
    root.put("action_counts", result.actionCounts());
    return root;
  }

  private static Map<String, Object> asMap(SplitMetrics metrics) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("transitions", metrics.transitions());
    map.put("log_loss", metrics.logLoss());
    map.put("accuracy", metrics.accuracy());
    map.put("taken_floored", metrics.takenFloored());
    return map;
  }

  private static List<Map<String, Object>> reliability(List<Calibration.Bin> table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Calibration.Bin bin : table) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("bin", bin.index());
      row.put("lower", bin.lower());
      row.put("upper", bin.upper());
      row.put("count", bin.count());
      row.put("mean_confidence", bin.meanConfidence());
      row.put("accuracy", bin.accuracy());
      rows.add(row);
    }
    return rows;
  }

  static String summary(BehaviorResult result) {
    StringBuilder text = new StringBuilder();
    text.append("Behavior policy: multinomial logistic regression on the 43-feature state\n");
    text.append(
        String.format(
            "chosen regParam %s (elasticNet %s), by validation log-loss of %d candidates%n",
            RegularizationSearch.format(result.chosen().regParam()),
            RegularizationSearch.format(result.settings().elasticNetParam()),
            result.candidates().size()));
    result
        .splits()
        .forEach(
            (split, m) ->
                text.append(
                    String.format(
                        "%-5s %,9d transitions  log-loss %.4f  accuracy %.4f  taken floored %,d%n",
                        split, m.transitions(), m.logLoss(), m.accuracy(), m.takenFloored())));
    text.append(
        String.format(
            "test expected calibration error %.4f (%d equal-width bins)%n",
            result.testEce(), result.settings().calibrationBins()));
    text.append(
        String.format(
            "probabilities floored at %s, then renormalized%n",
            RegularizationSearch.format(result.settings().probabilityFloor())));
    return text.toString();
  }

  private static void writeText(Path path, String text, Configuration hadoop) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
