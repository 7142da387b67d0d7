package org.sepsisiql.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections that show the evaluate stage's results: the summary table, the value estimates, the
 * action heatmaps and the treatment sweeps. Each pulls its numbers from the evaluation's JSON,
 * draws its charts with {@link Charts}, and says "not available" for a part that is missing.
 */
final class EvaluationSections {
  static final String CLINICIANS = "clinicians";
  private final JsonNode evaluation;
  private final List<PolicyResult> policies;
  private final ReportSettings settings;
  private final Charts charts;

  EvaluationSections(JsonNode evaluation, ReportSettings settings, Charts charts) {
    this.evaluation = evaluation;
    this.policies = PolicyResult.all(evaluation);
    this.settings = settings;
    this.charts = charts;
  }

  List<PolicyResult> policies() {
    return policies;
  }

  Section summary() {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : Json.list(evaluation, "summary_table")) {
      String model = Json.text(row, "model");
      rows.add(
          List.of(
              Html.text(model),
              Html.estimate(summaryWdr(row, model), settings.decimals()),
              Html.number(Json.number(row, "true_value"), settings.decimals()),
              Html.text(Json.text(row, "clinical_tests_passed")),
              Html.count(Json.number(row, "actions_used")),
              percent(Json.number(row, "agreement"))));
    }
    String body =
        Html.note(ReadingNotes.SUMMARY)
            + (rows.isEmpty()
                ? Html.unavailable("summary table")
                : Html.table(
                    "summary-table",
                    List.of(
                        "model",
                        "WDR [95 % CI]",
                        "true value",
                        "clinical tests passed",
                        "actions used",
                        "agreement with clinicians"),
                    rows));
    return new Section("summary", "Summary", body);
  }

  /**
   * The seed's table of earlier models, labelled as the seed's, beside the same models as this run
   * trained and evaluated them (the baselines stage; rows without a trained model say so).
   */
  Section seedBaselines() {
    List<List<String>> seed = new ArrayList<>();
    List<List<String>> measured = new ArrayList<>();
    for (String[] row : SEED_TABLE) {
      seed.add(List.of(Html.text(row[0]), row[1], row[2], row[3], Html.text(row[4])));
    }
    for (JsonNode row : Json.list(evaluation, "summary_table")) {
      String model = Json.text(row, "model");
      String seedName = seedName(model);
      if (seedName == null && !"learned".equals(model) && !CLINICIANS.equals(model)) {
        continue;
      }
      measured.add(
          List.of(
              Html.text(model + (seedName != null ? " (" + seedName + ")" : "")),
              Html.estimate(summaryWdr(row, model), settings.decimals()),
              Html.number(Json.number(row, "true_value"), settings.decimals()),
              Html.number(Json.number(row, "true_difference"), settings.decimals()),
              Html.text(Json.text(row, "clinical_tests_passed")),
              Html.count(Json.number(row, "actions_used"))));
    }
    String body =
        Html.note(ReadingNotes.SEED_BASELINES)
            + "<p>As the seed reported them (not measured by this run):</p>"
            + Html.table(
                "seed-table",
                List.of("model (the seed's figures)", "WDR", "clinical", "diversity", "issue"),
                seed)
            + "<p>Measured by this run (the baselines this run trained; "
            + "<code>run --baselines all</code> trains every implemented one):</p>"
            + Html.table(
                "baselines-table",
                List.of(
                    "model",
                    "WDR [95 % CI]",
                    "true value",
                    "truth vs clinicians",
                    "clinical tests passed",
                    "actions used"),
                measured);
    return new Section("seed-baselines", "The seed's baselines", body);
  }

  /** The seed's table of earlier models, as the seed reported it. */
  private static final String[][] SEED_TABLE = {
    {"Double DQN", "149.2", "0/3", "6/20", "Q-explosion"},
    {"Dueling DQN (+CQL)", "N/A", "1/3", "9/20", "CQL too strong"},
    {"Neural (fitted Q)", "0.675", "1/3", "6/9", "undertrained"},
    {"Linear (fitted Q)", "5.639", "0/3", "1/9", "too simple"},
    {"GBM (fitted Q)", "6.704", "0/3", "2/9", "action collapse"}
  };

  /** The seed's name for a baseline row of this run, or null when the row is no baseline. */
  private static String seedName(String model) {
    return switch (model == null ? "" : model) {
      case "fqi_linear" -> "Linear (fitted Q)";
      case "fqi_gbt" -> "GBM (fitted Q)";
      case "fqi_neural" -> "Neural (fitted Q)";
      case "double_dqn" -> "Double DQN";
      case "dueling_dqn_cql" -> "Dueling DQN (+CQL)";
      default -> null;
    };
  }

  /** The summary row's WDR; when invalid, the reason comes from the policy's own WDR entry. */
  private Estimate summaryWdr(JsonNode row, String model) {
    if (Boolean.TRUE.equals(Json.bool(row, "wdr_valid")) && Json.number(row, "wdr") != null) {
      return new Estimate(
          Json.number(row, "wdr"),
          Json.number(row, "wdr_lower"),
          Json.number(row, "wdr_upper"),
          true,
          null);
    }
    for (PolicyResult policy : policies) {
      if (policy.name().equals(model) && !policy.estimate("WDR").valid()) {
        return policy.estimate("WDR");
      }
    }
    return new Estimate(null, null, null, false, "no reason given");
  }

  Section estimates() {
    StringBuilder body = new StringBuilder(Html.note(ReadingNotes.ESTIMATES));
    if (policies.isEmpty()) {
      return new Section("estimates", "Value estimates", body + Html.unavailable("policies"));
    }
    List<String> headers = new ArrayList<>(List.of("policy", "description"));
    headers.addAll(settings.estimators());
    headers.add("true value (± s.e.)");
    List<List<String>> rows = new ArrayList<>();
    Map<String, Map<String, Estimate>> valid = new LinkedHashMap<>();
    Map<String, Double> truth = new LinkedHashMap<>();
    for (PolicyResult policy : policies) {
      List<String> row =
          new ArrayList<>(List.of(Html.text(policy.name()), Html.text(policy.description())));
      for (String estimator : settings.estimators()) {
        Estimate e = policy.estimate(estimator);
        row.add(Html.estimate(e, settings.decimals()));
        if (e.valid()) {
          valid.computeIfAbsent(estimator, k -> new LinkedHashMap<>()).put(policy.name(), e);
        }
      }
      row.add(trueValue(policy));
      rows.add(row);
      if (policy.trueValue() != null) {
        truth.put(policy.name(), policy.trueValue());
      }
    }
    body.append(Html.table("estimates-table", headers, rows));
    body.append(estimands());
    body.append(errors());
    List<String> names = policies.stream().map(PolicyResult::name).toList();
    if (valid.isEmpty() && truth.isEmpty()) {
      body.append(Html.unavailable("estimates chart (no valid estimate)"));
    } else {
      body.append(
          Html.figure(
              "chart-estimates",
              "Valid estimates with 95 % intervals per policy; black diamonds: true values",
              charts.estimates(names, valid, truth)));
    }
    return new Section("estimates", "Value estimates", body.toString());
  }

  /**
   * What each row's true value is (one sentence per policy) and its paired gap to the clinicians.
   */
  private String estimands() {
    List<List<String>> rows = new ArrayList<>();
    for (PolicyResult policy : policies) {
      JsonNode difference = Json.at(policy.node(), "true_difference_from_clinicians");
      JsonNode estimated =
          Json.at(Json.at(policy.node(), "estimated_difference_from_clinicians"), "WDR");
      rows.add(
          List.of(
              Html.text(policy.name()),
              Html.text(Json.text(policy.node(), "estimand")),
              trueValue(policy),
              difference.isObject()
                  ? Html.number(Json.number(difference, "mean"), settings.decimals())
                      + " ± "
                      + Html.number(Json.number(difference, "standard_error"), settings.decimals())
                  : Html.na(),
              Html.estimate(
                  new Estimate(
                      Json.number(estimated, "value"),
                      Json.number(estimated, "lower"),
                      Json.number(estimated, "upper"),
                      Boolean.TRUE.equals(Json.bool(estimated, "valid")),
                      "WDR withheld for this policy or the clinicians"),
                  settings.decimals())));
    }
    String population = Json.text(evaluation, "ground_truth_admitted_from");
    JsonNode observed = Json.at(evaluation, "test_mean_discounted_return");
    return Html.paragraph(
            "Each row's true value rolls out exactly the policy its estimates evaluate, on new"
                + " simulated patients first admitted from "
                + Html.text(population == null ? "(not simulated)" : population)
                + " on (the test period), the same patients for every row. The test split's own"
                + " mean discounted return, the clinicians' on-policy value as observed, is "
                + (observed.isObject()
                    ? Html.number(Json.number(observed, "mean"), settings.decimals())
                        + " ± "
                        + Html.number(Json.number(observed, "standard_error"), settings.decimals())
                    : Html.na())
                + ".")
        + Html.table(
            "estimands",
            List.of(
                "policy",
                "what its truth is",
                "true value (± s.e.)",
                "truth − clinicians (± s.e.)",
                "WDR − clinicians' WDR [95 % CI, paired]"),
            rows);
  }

  /** The OPE study's table when {@code ope-study} has run for this run, as it printed it. */
  Section study(String summary) {
    String body =
        Html.note(ReadingNotes.STUDY)
            + (summary == null
                ? Html.unavailable("OPE study (run sepsis-iql ope-study --run-id RUN --seeds 20)")
                : "<pre id=\"ope-study\">" + Html.text(summary) + "</pre>\n");
    return new Section("ope-study", "How well the estimators cover the truth", body);
  }

  private String trueValue(PolicyResult policy) {
    if (policy.trueValue() == null) {
      return Html.na();
    }
    return Html.number(policy.trueValue(), settings.decimals())
        + " ± "
        + Html.number(policy.trueValueError(), settings.decimals());
  }

  private String errors() {
    List<List<String>> rows = new ArrayList<>();
    for (PolicyResult policy : policies) {
      if (Json.at(policy.node(), "estimator_errors").isObject()) {
        List<String> row = new ArrayList<>(List.of(Html.text(policy.name())));
        for (String estimator : settings.estimators()) {
          row.add(
              policy.estimate(estimator).valid()
                  ? Html.number(policy.estimatorError(estimator), settings.decimals())
                  : "<span class=\"invalid\">invalid</span>");
        }
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      return Html.unavailable("estimator errors against the true values (data not simulated)");
    }
    List<String> headers = new ArrayList<>(List.of("estimator error (estimate − true value)"));
    headers.addAll(settings.estimators());
    return Html.table("estimator-errors", headers, rows);
  }

  Section actions() {
    StringBuilder body = new StringBuilder(Html.note(ReadingNotes.ACTIONS));
    double[][] clinicians =
        shares(Json.matrix(Json.at(evaluation, "clinician_action_heatmap"), 3, 3));
    PolicyResult learned = find(settings.learnedPolicy());
    double[][] policy = learned == null ? null : shares(learned.actionHeatmap());
    if (clinicians == null || policy == null) {
      body.append(
          Html.unavailable("action heatmaps of the clinicians and " + settings.learnedPolicy()));
    } else {
      double max = Math.max(max(clinicians), max(policy));
      body.append("<div class=\"pair\">");
      body.append(
          Html.figure(
              "chart-heatmap-clinicians",
              "Clinicians' actions on test states",
              charts.actionHeatmap("Clinicians", clinicians, max)));
      body.append(
          Html.figure(
              "chart-heatmap-learned",
              "Learned policy's chosen actions on test states",
              charts.actionHeatmap("Policy: " + learned.name(), policy, max)));
      body.append("</div>\n");
      body.append(
          Html.paragraph(
              "Agreement of "
                  + Html.text(learned.name())
                  + " with the clinicians: "
                  + percent(learned.agreement())
                  + "."));
    }
    return new Section("actions", "Actions: clinicians beside the learned policy", body.toString());
  }

  Section sweeps() {
    StringBuilder body = new StringBuilder(Html.note(ReadingNotes.SWEEPS));
    List<Curve> bp = new ArrayList<>();
    List<Curve> lactate = new ArrayList<>();
    for (PolicyResult policy : policies) {
      addIfPresent(bp, policy.sweep("bp", "expected_vaso_level"));
      addIfPresent(lactate, policy.sweep("lactate", "expected_iv_level"));
    }
    body.append(
        bp.isEmpty()
            ? Html.unavailable("blood-pressure sweep")
            : Html.figure(
                "chart-sweep-bp",
                "Expected vasopressor level as mean arterial pressure rises",
                charts.bpSweep(bp)));
    body.append(
        lactate.isEmpty()
            ? Html.unavailable("lactate sweep")
            : Html.figure(
                "chart-sweep-lactate",
                "Expected IV-fluid level as lactate rises",
                charts.lactateSweep(lactate)));
    return new Section("sweeps", "Treatment sweeps", body.toString());
  }

  PolicyResult find(String name) {
    return policies.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  private static void addIfPresent(List<Curve> curves, Curve curve) {
    if (curve != null) {
      curves.add(curve);
    }
  }

  /** Shares of a 3x3 matrix; counts are normalized, shares pass through. */
  static double[][] shares(double[][] matrix) {
    if (matrix == null) {
      return null;
    }
    double total = 0;
    for (double[] row : matrix) {
      for (double v : row) {
        total += Double.isFinite(v) ? v : 0;
      }
    }
    double[][] shares = new double[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        double v = Double.isFinite(matrix[r][c]) ? matrix[r][c] : 0;
        shares[r][c] = total > 1.0001 ? v / total : v;
      }
    }
    return shares;
  }

  private static double max(double[][] matrix) {
    double max = 0;
    for (double[] row : matrix) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    return max;
  }

  static String percent(Double share) {
    return share == null ? Html.na() : Html.number(100 * share, 1) + " %";
  }
}
