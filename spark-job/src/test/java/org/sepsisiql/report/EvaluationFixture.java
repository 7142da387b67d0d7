package org.sepsisiql.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A realistic evaluation {@code metrics.json} with the evaluate stage's exact field names: six
 * policies, five estimators, ground truth from the simulator, one invalid WDR (the seed's 149.2 for
 * a runaway estimate) and one invalid DR. Tests tweak the tree before writing it.
 */
final class EvaluationFixture {
  static final String INVALID_RAW = "149.2";
  static final List<String> POLICIES =
      List.of(
          "learned", "clinicians", "random", "no_treatment", "most_frequent", "behavior_cloning");
  private static final ObjectMapper JSON = new ObjectMapper();
  final ObjectNode root = JSON.createObjectNode();

  EvaluationFixture() {
    root.put("run_id", "fixture-run");
    root.put("test_trajectories", 300);
    root.put("test_transitions", 4512);
    root.put("gamma", 0.99);
    ArrayNode policies = root.putArray("policies");
    for (int p = 0; p < POLICIES.size(); p++) {
      policies.add(policy(POLICIES.get(p), p));
    }
    root.set(
        "clinician_action_heatmap",
        heatmap(new double[] {0.22, 0.05, 0.01, 0.30, 0.10, 0.04, 0.14, 0.09, 0.05}));
    ObjectNode behavior = root.putObject("behavior");
    behavior.put("log_loss", 1.4312);
    behavior.put("accuracy", 0.4121);
    behavior.put("ece", 0.0213);
    ArrayNode reliability = behavior.putArray("reliability");
    for (int b = 0; b < 10; b++) {
      ObjectNode bin = reliability.addObject();
      double confidence = 0.15 + 0.08 * b;
      bin.put("bin", b);
      bin.put("count", b < 8 ? 400 - 40 * b : 0);
      bin.put("mean_confidence", confidence);
      bin.put("accuracy", Math.min(1, confidence - 0.03 + 0.01 * (b % 3)));
    }
    ObjectNode fqe = root.putObject("fqe");
    for (String name : POLICIES) {
      ObjectNode entry = fqe.putObject(name);
      entry.put("best_iteration", 6);
      ArrayNode errors = entry.putArray("validation_td_errors");
      for (int i = 1; i <= 9; i++) {
        errors.add(0.8 / i + 0.02 * Math.max(0, i - 6) + 0.01 * name.length());
      }
    }
    ArrayNode table = root.putArray("summary_table");
    for (int p = 0; p < POLICIES.size(); p++) {
      table.add(summaryRow((ObjectNode) policies.get(p)));
    }
    root.put("floored_taken_actions", 3);
  }

  private static ObjectNode policy(String name, int index) {
    ObjectNode policy = JSON.createObjectNode();
    policy.put("name", name);
    policy.put("description", "the " + name.replace('_', ' ') + " policy");
    ObjectNode estimates = policy.putObject("estimates");
    double base = 6.0 - 1.1 * index;
    String[] estimators = {"WDR", "WIS", "PDWIS", "DR", "DM"};
    for (int e = 0; e < estimators.length; e++) {
      double value = base + 0.3 * (e - 2);
      ObjectNode estimate = estimates.putObject(estimators[e]);
      boolean invalid =
          ("random".equals(name) && e == 0) || ("no_treatment".equals(name) && e == 3);
      if (invalid) {
        estimate.putNull("value");
        estimate.putNull("lower");
        estimate.putNull("upper");
        estimate.put("valid", false);
        estimate.put("reason", "outside the plausible range [-15, 15]");
        estimate.put("raw_value", Double.parseDouble(INVALID_RAW));
      } else {
        estimate.put("value", value);
        estimate.put("lower", value - 1.2 - 0.2 * e);
        estimate.put("upper", value + 1.0 + 0.2 * e);
        estimate.put("valid", true);
        estimate.putNull("reason");
        estimate.put("raw_value", value);
      }
    }
    policy.put("ess", 180.0 / (index + 1));
    ArrayNode perStep = policy.putArray("ess_per_step");
    for (int t = 0; t < 18; t++) {
      perStep.add(300 * Math.exp(-0.15 * t * (index + 1)));
    }
    ObjectNode truth = policy.putObject("true_value");
    truth.put("mean", base + 0.4);
    truth.put("standard_error", 0.12);
    truth.put("stays", 5000);
    ObjectNode errors = policy.putObject("estimator_errors");
    for (int e = 0; e < estimators.length; e++) {
      errors.put(estimators[e], 0.3 * (e - 2) - 0.4);
    }
    ObjectNode clinical = policy.putObject("clinical");
    ObjectNode bp = clinical.putObject("bp");
    bp.put("spearman", index == 3 ? 0.0 : -0.82);
    bp.put("p_value", index == 3 ? 1.0 : 3.2e-6);
    bp.put("pass", index != 3);
    ObjectNode lactate = clinical.putObject("lactate");
    lactate.put("spearman", 0.41 - 0.1 * index);
    lactate.put("p_value", 0.004 * (index + 1));
    lactate.put("pass", index < 2);
    ObjectNode diversity = clinical.putObject("diversity");
    diversity.put("actions_used", 9 - index);
    diversity.put("entropy", 1.9 - 0.3 * index);
    diversity.put("pass", index < 2);
    int passed = (index != 3 ? 1 : 0) + (index < 2 ? 2 : 0);
    clinical.put("tests_passed", passed);
    clinical.put("tests_total", 3);
    policy.put("agreement", "clinicians".equals(name) ? 1.0 : 0.31 - 0.04 * index);
    ArrayNode distribution = policy.putArray("action_distribution");
    for (int a = 0; a < 9; a++) {
      distribution.add(1.0 / 9);
    }
    policy.set(
        "action_heatmap",
        heatmap(new double[] {0.10, 0.12, 0.02, 0.25, 0.20, 0.06, 0.08, 0.12, 0.05}));
    ObjectNode hazards = policy.putObject("hazards");
    String[] descriptions = {
      "vasopressors while MAP > 90 mmHg",
      "no fluid while lactate > 4 mmol/L",
      "high fluid in fluid overload",
      "no treatment in septic shock"
    };
    for (int h = 0; h < 4; h++) {
      ObjectNode hazard = hazards.putObject(String.valueOf((char) ('A' + h)));
      hazard.put("description", descriptions[h]);
      hazard.put("qualifying_states", 120 + 10 * h);
      hazard.put("policy_rate", 0.05 * (h + 1) + 0.01 * index);
      hazard.put("clinician_rate", 0.04 * (h + 1));
    }
    ObjectNode sweeps = policy.putObject("sweeps");
    ObjectNode bpSweep = sweeps.putObject("bp");
    ObjectNode lactateSweep = sweeps.putObject("lactate");
    ArrayNode mapGrid = bpSweep.putArray("grid");
    ArrayNode vaso = bpSweep.putArray("expected_vaso_level");
    ArrayNode lactateGrid = lactateSweep.putArray("grid");
    ArrayNode iv = lactateSweep.putArray("expected_iv_level");
    for (int g = 0; g < 11; g++) {
      mapGrid.add(58 + 4 * g);
      vaso.add(Math.max(0, 1.6 - 0.13 * g * (1 + 0.1 * index)));
      lactateGrid.add(0.8 + 0.45 * g);
      iv.add(Math.min(2, 0.5 + 0.1 * g / (index + 1)));
    }
    return policy;
  }

  private static ObjectNode summaryRow(ObjectNode policy) {
    ObjectNode row = JSON.createObjectNode();
    ObjectNode wdr = (ObjectNode) policy.get("estimates").get("WDR");
    row.put("model", policy.get("name").asText());
    row.set("wdr", wdr.get("value"));
    row.set("wdr_lower", wdr.get("lower"));
    row.set("wdr_upper", wdr.get("upper"));
    row.set("wdr_valid", wdr.get("valid"));
    row.set("true_value", policy.get("true_value").get("mean"));
    row.putNull("true_difference");
    row.put("clinical_tests_passed", policy.get("clinical").get("tests_passed").asInt() + "/3");
    row.put("actions_used", policy.get("clinical").get("diversity").get("actions_used").asInt());
    row.set("agreement", policy.get("agreement"));
    return row;
  }

  private static ArrayNode heatmap(double[] cells) {
    ArrayNode rows = JSON.createArrayNode();
    for (int r = 0; r < 3; r++) {
      ArrayNode row = rows.addArray();
      for (int c = 0; c < 3; c++) {
        row.add(cells[3 * r + c]);
      }
    }
    return rows;
  }

  ObjectNode policy(String name) {
    for (var policy : root.get("policies")) {
      if (policy.get("name").asText().equals(name)) {
        return (ObjectNode) policy;
      }
    }
    throw new IllegalArgumentException("no policy " + name);
  }

  /** Writes metrics.json into {@code folder} (created), returning the folder. */
  Path write(Path folder) {
    try {
      Files.createDirectories(folder);
      Files.writeString(
          folder.resolve("metrics.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
