package org.sepsisiql.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sepsisiql.clinical.ActionProfile;
import org.sepsisiql.clinical.ClinicalSettings.HazardThresholds;
import org.sepsisiql.clinical.ClinicalValidation;
import org.sepsisiql.clinical.DoseResponseSweep;
import org.sepsisiql.clinical.HazardScenario;
import org.sepsisiql.evaluate.EvaluationResult.SummaryRow;
import org.sepsisiql.evaluate.PolicyEvaluation.Outcome;
import org.sepsisiql.ope.EstimateResult;
import org.sepsisiql.ope.Estimator;
import org.sepsisiql.ope.PairedDifference;
import org.sepsisiql.policy.TrueValue;

/**
 * Builds {@code evaluation/metrics.json}, the one file the report stage reads (EVALUATE.md lists
 * every key). Numbers that are not finite become null: the file is strict JSON.
 */
final class MetricsJson {
  private MetricsJson() {}

  /**
   * The validation-only choice of network and beta: every candidate's WDR, interval, ESS and
   * validity.
   */
  private static Map<String, Object> selection(AdvantageBetaSelection.Selection selection) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", "val");
    out.put("estimator", "WDR");
    out.put("network", selection.network().name());
    out.put("network_file", selection.network().file());
    out.put("beta", selection.beta());
    out.put("why", selection.why());
    List<Object> rows = new ArrayList<>();
    for (AdvantageBetaSelection.Candidate candidate : selection.candidates()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("network", candidate.network());
      row.put(
          "chosen",
          candidate.network().equals(selection.network().name())
              && candidate.beta() == selection.beta());
      row.put("beta", candidate.beta());
      row.put("wdr", num(candidate.wdr()));
      row.put("lower", num(candidate.lower()));
      row.put("upper", num(candidate.upper()));
      row.put("ess", num(candidate.ess()));
      row.put("valid", candidate.valid());
      row.put("reason", candidate.reason());
      rows.add(row);
    }
    out.put("candidates", rows);
    return out;
  }

  static Map<String, Object> build(
      String runId,
      EvaluationInputs inputs,
      EvaluateSettings settings,
      List<Outcome> outcomes,
      ActionProfile clinicians,
      JsonNode behaviorReport,
      TrueValue testReturn,
      String truthPeriod,
      AdvantageBetaSelection.Selection selection) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("run_id", runId);
    root.put("advantage_beta_selection", selection(selection));
    root.put("test_trajectories", inputs.testTrajectories);
    root.put("test_transitions", inputs.testTransitions);
    root.put("gamma", settings.ope().gamma());
    List<Object> policies = new ArrayList<>();
    Map<String, Object> fqe = new LinkedHashMap<>();
    for (Outcome outcome : outcomes) {
      policies.add(policy(outcome, reference(outcomes), settings));
      fqe.put(outcome.candidate().name(), fqe(outcome));
    }
    root.put("policies", policies);
    root.put("clinician_action_heatmap", clinicians.heatmap());
    root.put("clinician_action_distribution", clinicians.distribution());
    root.put("behavior", behavior(behaviorReport));
    root.put("fqe", fqe);
    root.put("summary_table", summaryTable(summary(outcomes, settings)));
    root.put("floored_taken_actions", floored(outcomes));
    root.put("taken_action_floor", settings.ope().piBFloor());
    root.put(
        "ground_truth_stays",
        outcomes.isEmpty() || outcomes.get(0).truth() == null
            ? null
            : outcomes.get(0).truth().stays());
    root.put("ground_truth_admitted_from", truthPeriod);
    root.put("test_mean_discounted_return", testReturn == null ? null : truth(testReturn));
    return root;
  }

  static long floored(List<Outcome> outcomes) {
    return outcomes.isEmpty() ? 0 : outcomes.get(0).estimates().flooredRows();
  }

  /**
   * Each estimator's paired difference from the clinicians' on-policy estimate: the same bootstrap
   * resamples of the same test trajectories ({@link PairedDifference}); with a truth, whether its
   * interval covers the true paired difference within that difference's own error.
   */
  private static Map<String, Object> differences(
      Outcome outcome, Outcome reference, EvaluateSettings settings) {
    Map<String, Object> result = new LinkedHashMap<>();
    List<PairedDifference.Difference> differences =
        PairedDifference.of(outcome.estimates(), reference.estimates(), settings.ope());
    TrueValue truth = outcome.truthDifference();
    for (PairedDifference.Difference d : differences) {
      boolean valid =
          outcome.estimates().result(d.estimator()).valid()
              && reference.estimates().result(d.estimator()).valid();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("value", num(d.value()));
      entry.put("lower", d.hasInterval() ? num(d.lower()) : null);
      entry.put("upper", d.hasInterval() ? num(d.upper()) : null);
      entry.put("valid", valid);
      entry.put(
          "truth_in_interval",
          truth == null || !d.hasInterval()
              ? null
              : TruthCoverage.covers(d.lower(), d.upper(), truth.mean(), truth.standardError()));
      result.put(d.estimator().name(), entry);
    }
    return result;
  }

  private static Outcome reference(List<Outcome> outcomes) {
    for (Outcome outcome : outcomes) {
      if (outcome.candidate().name().equals(CandidatePolicies.CLINICIANS)) {
        return outcome;
      }
    }
    return null;
  }

  private static Map<String, Object> policy(
      Outcome outcome, Outcome reference, EvaluateSettings settings) {
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("name", outcome.candidate().name());
    policy.put("description", outcome.candidate().description());
    policy.put("estimand", outcome.candidate().estimand());
    policy.put("on_policy", outcome.candidate().onPolicy());
    Map<String, Object> estimates = new LinkedHashMap<>();
    Map<String, Object> errors = new LinkedHashMap<>();
    Map<String, Object> covered = new LinkedHashMap<>();
    TrueValue truth = outcome.truth();
    for (Estimator estimator : Estimator.values()) {
      EstimateResult r = outcome.estimates().result(estimator);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("value", r.valid() ? num(r.rawValue()) : null);
      e.put("lower", r.lower().isPresent() ? num(r.rawLower()) : null);
      e.put("upper", r.upper().isPresent() ? num(r.rawUpper()) : null);
      e.put("valid", r.valid());
      e.put("reason", r.valid() ? null : r.reason());
      e.put("flag", r.flag().isEmpty() ? null : r.flag());
      e.put("raw_value", num(r.rawValue()));
      e.put("raw_lower", num(r.rawLower()));
      e.put("raw_upper", num(r.rawUpper()));
      e.put("usable_resamples", r.usableResamples());
      estimates.put(estimator.name(), e);
      if (truth != null) {
        errors.put(estimator.name(), r.valid() ? num(r.rawValue() - truth.mean()) : null);
        covered.put(
            estimator.name(),
            r.lower().isPresent() && r.upper().isPresent()
                ? TruthCoverage.covers(
                    r.rawLower(), r.rawUpper(), truth.mean(), truth.standardError())
                : null);
      }
    }
    policy.put("estimates", estimates);
    policy.put("ess", num(outcome.estimates().effectiveSampleSize()));
    policy.put("ess_per_decision", num(outcome.estimates().effectiveSampleSizePerDecision()));
    policy.put("pareto_k", num(outcome.estimates().paretoK()));
    policy.put("max_weight_share", num(outcome.estimates().maxWeightShare()));
    policy.put(
        "ess_per_step",
        outcome.estimates().effectiveSampleSizePerStep().stream().map(MetricsJson::num).toList());
    policy.put("true_value", truth == null ? null : truth(truth));
    policy.put(
        "true_difference_from_clinicians",
        outcome.truthDifference() == null ? null : truth(outcome.truthDifference()));
    policy.put(
        "estimated_difference_from_clinicians",
        reference == null ? null : differences(outcome, reference, settings));
    policy.put("estimator_errors", truth == null ? null : errors);
    policy.put("truth_in_interval", truth == null ? null : covered);
    ClinicalValidation.Report clinical = outcome.clinical();
    policy.put("clinical", clinical(clinical));
    ActionProfile profile = clinical.profile();
    policy.put("agreement", profile.agreement());
    policy.put("action_distribution", profile.distribution());
    policy.put("action_heatmap", profile.heatmap());
    policy.put("hazards", hazards(profile, settings.clinical().hazards()));
    Map<String, Object> sweeps = new LinkedHashMap<>();
    sweeps.put("bp", sweep(clinical.bp(), "expected_vaso_level"));
    sweeps.put("lactate", sweep(clinical.lactate(), "expected_iv_level"));
    policy.put("sweeps", sweeps);
    return policy;
  }

  private static Map<String, Object> truth(TrueValue truth) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("mean", num(truth.mean()));
    value.put("standard_error", num(truth.standardError()));
    value.put("stays", truth.stays());
    return value;
  }

  private static Map<String, Object> clinical(ClinicalValidation.Report report) {
    Map<String, Object> clinical = new LinkedHashMap<>();
    clinical.put("bp", test(report.bp()));
    clinical.put("lactate", test(report.lactate()));
    Map<String, Object> diversity = new LinkedHashMap<>();
    diversity.put("actions_used", report.diversity().actionsUsed());
    diversity.put("entropy", num(report.diversity().entropy()));
    diversity.put("pass", report.diversity().pass());
    clinical.put("diversity", diversity);
    clinical.put("tests_passed", report.testsPassed());
    clinical.put("tests_total", ClinicalValidation.TESTS);
    return clinical;
  }

  private static Map<String, Object> test(DoseResponseSweep.Result sweep) {
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("spearman", num(sweep.spearman().rho()));
    test.put("p_value", num(sweep.pValue()));
    test.put("pass", sweep.pass());
    test.put("defined", sweep.spearman().defined());
    test.put("level_change", num(sweep.levelChange()));
    return test;
  }

  private static Map<String, Object> sweep(DoseResponseSweep.Result sweep, String levelKey) {
    Map<String, Object> curve = new LinkedHashMap<>();
    curve.put("grid", Arrays.stream(sweep.grid()).mapToObj(MetricsJson::num).toList());
    curve.put(levelKey, Arrays.stream(sweep.expectedLevel()).mapToObj(MetricsJson::num).toList());
    return curve;
  }

  private static Map<String, Object> hazards(ActionProfile profile, HazardThresholds thresholds) {
    Map<String, Object> hazards = new LinkedHashMap<>();
    for (HazardScenario scenario : HazardScenario.values()) {
      ActionProfile.HazardCount count = profile.hazards().get(scenario);
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("description", scenario.description(thresholds));
      h.put("qualifying_states", count.qualifying());
      h.put("policy_rate", count.policyRate());
      h.put("clinician_rate", count.clinicianRate());
      hazards.put(scenario.name(), h);
    }
    return hazards;
  }

  private static Map<String, Object> fqe(Outcome outcome) {
    Map<String, Object> fqe = new LinkedHashMap<>();
    fqe.put("source", outcome.fqe() == null ? "agent Q head" : "fitted Q evaluation");
    fqe.put("best_iteration", outcome.fqe() == null ? null : outcome.fqe().bestIteration());
    fqe.put(
        "validation_td_errors",
        outcome.fqe() == null
            ? List.of()
            : outcome.fqe().validationTdErrors().stream().map(MetricsJson::num).toList());
    return fqe;
  }

  private static Map<String, Object> behavior(JsonNode report) {
    Map<String, Object> behavior = new LinkedHashMap<>();
    if (report == null) {
      return behavior;
    }
    JsonNode test = report.path("splits").path("test");
    JsonNode calibration = report.path("test_calibration");
    behavior.put("log_loss", json(test.path("log_loss")));
    behavior.put("accuracy", json(test.path("accuracy")));
    behavior.put("ece", json(calibration.path("expected_calibration_error")));
    behavior.put("reliability", calibration.path("reliability"));
    behavior.put("probability_floor", json(report.path("probability_floor")));
    behavior.put("chosen_reg_param", json(report.path("chosen_reg_param")));
    return behavior;
  }

  private static Double json(JsonNode node) {
    return node.isNumber() ? num(node.asDouble()) : null;
  }

  static List<SummaryRow> summary(List<Outcome> outcomes, EvaluateSettings settings) {
    List<SummaryRow> rows = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      EstimateResult wdr = outcome.estimates().result(Estimator.WDR);
      ClinicalValidation.Report clinical = outcome.clinical();
      rows.add(
          new SummaryRow(
              outcome.candidate().name(),
              wdr.valid() ? num(wdr.rawValue()) : null,
              wdr.lower().isPresent() ? num(wdr.rawLower()) : null,
              wdr.upper().isPresent() ? num(wdr.rawUpper()) : null,
              wdr.valid(),
              wdr.valid() ? null : wdr.reason(),
              wdr.valid() && !wdr.flag().isEmpty() ? wdr.flag() : null,
              outcome.truth() == null ? null : num(outcome.truth().mean()),
              outcome.truth() == null ? null : num(outcome.truth().standardError()),
              outcome.truthDifference() == null ? null : num(outcome.truthDifference().mean()),
              outcome.truthDifference() == null
                  ? null
                  : num(outcome.truthDifference().standardError()),
              clinical.testsPassed(),
              ClinicalValidation.TESTS,
              clinical.diversity().actionsUsed(),
              clinical.profile().agreement()));
    }
    return rows;
  }

  private static List<Object> summaryTable(List<SummaryRow> rows) {
    List<Object> table = new ArrayList<>();
    for (SummaryRow row : rows) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("model", row.model());
      entry.put("wdr", row.wdr());
      entry.put("wdr_lower", row.wdrLower());
      entry.put("wdr_upper", row.wdrUpper());
      entry.put("wdr_valid", row.wdrValid());
      entry.put("wdr_reason", row.wdrReason());
      entry.put("wdr_flag", row.wdrFlag());
      entry.put("true_value", row.trueValue());
      entry.put("true_value_standard_error", row.trueValueError());
      entry.put("true_difference", row.trueDifference());
      entry.put("true_difference_standard_error", row.trueDifferenceError());
      entry.put("clinical_tests_passed", row.clinicalTestsPassed() + "/" + row.clinicalTests());
      entry.put("actions_used", row.actionsUsed());
      entry.put("agreement", row.agreement());
      table.add(entry);
    }
    return table;
  }

  static Double num(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
