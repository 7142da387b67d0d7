package org.sepsisiql.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections that check whether the estimates can be trusted and the policy is clinically
 * sensible: effective sample size, the clinical validation tests and the hazard table.
 */
final class CheckSections {
  static final List<String> HAZARDS = List.of("A", "B", "C", "D");
  private final List<PolicyResult> policies;
  private final ReportSettings settings;
  private final Charts charts;

  CheckSections(List<PolicyResult> policies, ReportSettings settings, Charts charts) {
    this.policies = policies;
    this.settings = settings;
    this.charts = charts;
  }

  Section ess() {
    StringBuilder body = new StringBuilder(Html.note(ReadingNotes.ESS));
    Map<String, Double> ess = new LinkedHashMap<>();
    for (PolicyResult policy : policies) {
      if (policy.ess() != null) {
        ess.put(policy.name(), policy.ess());
      }
    }
    body.append(
        ess.isEmpty()
            ? Html.unavailable("effective sample size")
            : Html.figure(
                "chart-ess", "Effective sample size per policy", charts.essPerPolicy(ess)));
    PolicyResult learned =
        policies.stream()
            .filter(p -> p.name().equals(settings.learnedPolicy()))
            .findFirst()
            .orElse(null);
    double[] perStep = learned == null ? new double[0] : learned.essPerStep();
    body.append(
        perStep.length == 0
            ? Html.unavailable("effective sample size per step of " + settings.learnedPolicy())
            : Html.figure(
                "chart-ess-per-step",
                "Effective sample size per step of " + learned.name(),
                charts.essPerStep(learned.name(), perStep)));
    return new Section("ess", "Effective sample size", body.toString());
  }

  Section clinical() {
    int d = settings.decimals();
    List<List<String>> rows = new ArrayList<>();
    for (PolicyResult policy : policies) {
      JsonNode bp = policy.clinical("bp");
      JsonNode lactate = policy.clinical("lactate");
      JsonNode diversity = policy.clinical("diversity");
      Double passed = policy.clinicalNumber("tests_passed");
      Double total = policy.clinicalNumber("tests_total");
      rows.add(
          List.of(
              Html.text(policy.name()),
              Html.badge(Json.bool(bp, "pass")),
              Html.number(Json.number(bp, "spearman"), d) + " (p " + pValue(bp) + ")",
              Html.badge(Json.bool(lactate, "pass")),
              Html.number(Json.number(lactate, "spearman"), d) + " (p " + pValue(lactate) + ")",
              Html.badge(Json.bool(diversity, "pass")),
              Html.count(Json.number(diversity, "actions_used"))
                  + " of 9, entropy "
                  + Html.number(Json.number(diversity, "entropy"), d)
                  + " nats",
              passed == null ? Html.na() : Html.count(passed) + "/" + Html.count(total)));
    }
    String body =
        Html.note(ReadingNotes.CLINICAL)
            + (rows.isEmpty()
                ? Html.unavailable("clinical tests")
                : Html.table(
                    "clinical-tests",
                    List.of(
                        "policy",
                        "BP test",
                        "BP Spearman",
                        "lactate test",
                        "lactate Spearman",
                        "diversity test",
                        "diversity",
                        "passed"),
                    rows));
    return new Section("clinical", "Clinical validation tests", body);
  }

  private static String pValue(JsonNode test) {
    Double p = Json.number(test, "p_value");
    if (p == null) {
      return Html.NOT_AVAILABLE;
    }
    return p < 1e-4 ? String.format(java.util.Locale.ROOT, "%.1e", p) : Html.number(p, 4);
  }

  Section hazards() {
    List<PolicyResult> others =
        policies.stream().filter(p -> !p.name().equals(EvaluationSections.CLINICIANS)).toList();
    List<String> headers =
        new ArrayList<>(List.of("hazard", "description", "qualifying states", "clinicians"));
    others.forEach(p -> headers.add(p.name()));
    List<List<String>> rows = new ArrayList<>();
    for (String key : HAZARDS) {
      JsonNode reference = firstHazard(key);
      if (reference == null) {
        continue;
      }
      List<String> row =
          new ArrayList<>(
              List.of(
                  Html.text(key),
                  Html.text(Json.text(reference, "description")),
                  Html.count(Json.number(reference, "qualifying_states")),
                  EvaluationSections.percent(Json.number(reference, "clinician_rate"))));
      others.forEach(
          p -> row.add(EvaluationSections.percent(Json.number(p.hazard(key), "policy_rate"))));
      rows.add(row);
    }
    String body =
        Html.note(ReadingNotes.HAZARDS)
            + (rows.isEmpty()
                ? Html.unavailable("hazard table")
                : Html.table("hazards", headers, rows));
    return new Section("hazards", "Hazards", body);
  }

  private JsonNode firstHazard(String key) {
    for (PolicyResult policy : policies) {
      if (policy.hazard(key).isObject()) {
        return policy.hazard(key);
      }
    }
    return null;
  }
}
