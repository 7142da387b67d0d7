package org.sepsisiql.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sections about the run rather than the policies: the header (provenance and stage timings
 * from {@code run.json}), the learning curves, the behavior policy's calibration and the FQE fits.
 */
final class RunSections {
  private final ReportInputs inputs;
  private final ReportSettings settings;
  private final Charts charts;

  RunSections(ReportInputs inputs, ReportSettings settings, Charts charts) {
    this.inputs = inputs;
    this.settings = settings;
    this.charts = charts;
  }

  Section header() {
    JsonNode manifest = inputs.manifest();
    JsonNode evaluation = inputs.evaluation();
    String runId = Json.text(evaluation, "run_id");
    List<List<String>> facts =
        List.of(
            row("run id", Html.text(runId != null ? runId : Json.text(manifest, "run_id"))),
            row("code version", Html.text(Json.text(manifest, "code_version"))),
            row("sepsis-iql version", Html.text(Json.text(manifest, "sepsis_iql_version"))),
            row("seed", Html.text(Json.text(manifest, "seed"))),
            row("test trajectories", Html.count(Json.number(evaluation, "test_trajectories"))),
            row("test transitions", Html.count(Json.number(evaluation, "test_transitions"))),
            row("discount gamma", Html.number(Json.number(evaluation, "gamma"), 3)),
            row(
                "taken actions with floored pi_b",
                Html.count(Json.number(evaluation, "floored_taken_actions"))),
            row("evaluation metrics", Html.text(inputs.evaluationFile())));
    StringBuilder body = new StringBuilder(Html.table("run-facts", List.of("", ""), facts));
    List<List<String>> stages = new ArrayList<>();
    for (Map.Entry<String, JsonNode> stage : Json.at(manifest, "stages").properties()) {
      stages.add(
          List.of(
              Html.text(stage.getKey()),
              Html.text(Json.text(stage.getValue(), "started_at")),
              Html.number(Json.number(stage.getValue(), "seconds"), 1)));
    }
    body.append(
        stages.isEmpty()
            ? Html.unavailable("stage timings (run.json)")
            : Html.table("stage-timings", List.of("stage", "started (UTC)", "seconds"), stages));
    return new Section("run", "Run", body.toString());
  }

  private static List<String> row(String name, String value) {
    return List.of(Html.text(name), value);
  }

  Section learningCurves() {
    LearningCurve curve = inputs.learningCurve();
    StringBuilder body = new StringBuilder(Html.note(ReadingNotes.LEARNING));
    if (curve.isEmpty()) {
      body.append(Html.unavailable("learning curves (model/metrics)"));
    } else {
      body.append(
          Html.figure("chart-losses", "Loss per head and epoch", charts.learningLosses(curve)));
      body.append(
          Html.figure(
              "chart-criterion",
              "Validation criterion per epoch (the best epoch is kept)",
              charts.validationCriterion(curve)));
    }
    return new Section("learning", "Learning curves", body.toString());
  }

  Section calibration() {
    JsonNode behavior = Json.at(inputs.evaluation(), "behavior");
    StringBuilder body = new StringBuilder(Html.note(ReadingNotes.CALIBRATION));
    if (!behavior.isObject()) {
      return new Section(
          "calibration", "Behavior policy", body + Html.unavailable("behavior policy metrics"));
    }
    body.append(
        Html.table(
            "behavior-metrics",
            List.of("log-loss (test)", "accuracy (test)", "ECE (test)"),
            List.of(
                List.of(
                    Html.number(Json.number(behavior, "log_loss"), 4),
                    EvaluationSections.percent(Json.number(behavior, "accuracy")),
                    Html.number(Json.number(behavior, "ece"), 4)))));
    List<Double> confidence = new ArrayList<>();
    List<Double> accuracy = new ArrayList<>();
    for (JsonNode bin : Json.list(behavior, "reliability")) {
      Double c = Json.number(bin, "mean_confidence");
      Double a = Json.number(bin, "accuracy");
      Double n = Json.number(bin, "count");
      if (c != null && a != null && (n == null || n > 0)) {
        confidence.add(c);
        accuracy.add(a);
      }
    }
    body.append(
        confidence.isEmpty()
            ? Html.unavailable("reliability diagram")
            : Html.figure(
                "chart-reliability",
                "Reliability diagram of the behavior policy on test",
                charts.reliability(
                    unbox(confidence), unbox(accuracy), Json.number(behavior, "ece"))));
    return new Section("calibration", "Behavior policy", body.toString());
  }

  /** The validation-only choice of the advantage-weighted extraction's network and beta. */
  Section betaSelection() {
    JsonNode selection = Json.at(inputs.evaluation(), "advantage_beta_selection");
    StringBuilder body =
        new StringBuilder(
            Html.note(
                "The network and beta of the learned policy pi_b exp(beta A) are chosen on the"
                    + " validation split only: the highest WDR that passes the reliability gate,"
                    + " over the network of the best validation criterion and the newest"
                    + " checkpoints. Test and truth take no part."));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode candidate : selection.path("candidates")) {
      rows.add(
          List.of(
              Html.text(candidate.path("network").asText("")),
              Html.number(Json.number(candidate, "beta"), 2),
              Html.number(Json.number(candidate, "wdr"), 3),
              "["
                  + Html.number(Json.number(candidate, "lower"), 3)
                  + ", "
                  + Html.number(Json.number(candidate, "upper"), 3)
                  + "]",
              Html.number(Json.number(candidate, "ess"), 0),
              candidate.path("valid").asBoolean()
                  ? "valid"
                  : Html.text("withheld: " + candidate.path("reason").asText())));
    }
    if (rows.isEmpty()) {
      body.append(Html.unavailable("the beta selection"));
    } else {
      body.append(
          Html.table(
              "beta-selection",
              List.of("network", "beta", "validation WDR", "95% interval", "ESS", "status"),
              rows));
      body.append(
          Html.note(
              "Chosen: "
                  + Html.text(selection.path("network").asText("the trained network"))
                  + ", beta "
                  + Html.text(selection.path("beta").asText())
                  + " ("
                  + Html.text(selection.path("why").asText())
                  + ")."));
    }
    return new Section(
        "beta-selection", "Choosing the network and beta on validation", body.toString());
  }

  /** The configurations of {@code sweep}, selected on validation, with their truth beside. */
  Section sweep() {
    String body =
        Html.note(
                "Configurations trained on this run's trajectories (the seed's rules and"
                    + " sepsis-iql.sweep.grid), each evaluated like the evaluate stage; the one"
                    + " with the highest valid validation WDR is selected. Test estimates and"
                    + " true values are shown beside and take no part in the choice.")
            + (inputs.sweepSummary() == null
                ? Html.unavailable("sweep (run sepsis-iql sweep --run-id RUN)")
                : "<pre id=\"sweep\">" + Html.text(inputs.sweepSummary()) + "</pre>\n");
    return new Section("sweep", "Sweep: configurations selected on validation", body);
  }

  Section fqe() {
    StringBuilder body = new StringBuilder(Html.note(ReadingNotes.FQE));
    List<Curve> curves = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, JsonNode> policy : Json.at(inputs.evaluation(), "fqe").properties()) {
      double[] errors = Json.numbers(policy.getValue(), "validation_td_errors");
      curves.add(Curve.indexed(policy.getKey(), errors, 1));
      rows.add(
          List.of(
              Html.text(policy.getKey()),
              Html.count(Json.number(policy.getValue(), "best_iteration")),
              Html.count((double) errors.length)));
    }
    if (rows.isEmpty()) {
      body.append(Html.unavailable("fitted Q evaluation"));
    } else {
      body.append(Html.table("fqe", List.of("policy", "best iteration", "iterations"), rows));
      if (curves.stream().anyMatch(Curve::hasPoints)) {
        body.append(
            Html.figure(
                "chart-fqe", "FQE validation TD error per iteration", charts.fqeErrors(curves)));
      }
    }
    return new Section("fqe", "Fitted Q evaluation", body.toString());
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
