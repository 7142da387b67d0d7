package org.sepsisiql.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluated policy of the evaluation's {@code policies} array, with tolerant accessors: a part
 * the evaluation did not write (no simulator ground truth, no sweeps) reads as null or empty.
 */
record PolicyResult(String name, String description, JsonNode node) {
  static List<PolicyResult> all(JsonNode evaluation) {
    List<PolicyResult> policies = new ArrayList<>();
    for (JsonNode policy : Json.list(evaluation, "policies")) {
      String name = Json.text(policy, "name");
      policies.add(
          new PolicyResult(
              name != null ? name : "unnamed", Json.text(policy, "description"), policy));
    }
    return policies;
  }

  Estimate estimate(String estimator) {
    JsonNode estimates = Json.at(node, "estimates");
    return estimates.has(estimator) ? Estimate.from(estimates.get(estimator)) : Estimate.MISSING;
  }

  Double trueValue() {
    return Json.number(Json.at(node, "true_value"), "mean");
  }

  Double trueValueError() {
    return Json.number(Json.at(node, "true_value"), "standard_error");
  }

  Double estimatorError(String estimator) {
    return Json.number(Json.at(node, "estimator_errors"), estimator);
  }

  Double ess() {
    return Json.number(node, "ess");
  }

  double[] essPerStep() {
    return Json.numbers(node, "ess_per_step");
  }

  JsonNode clinical(String test) {
    return Json.at(Json.at(node, "clinical"), test);
  }

  Double clinicalNumber(String field) {
    return Json.number(Json.at(node, "clinical"), field);
  }

  Double agreement() {
    return Json.number(node, "agreement");
  }

  double[][] actionHeatmap() {
    return Json.matrix(Json.at(node, "action_heatmap"), 3, 3);
  }

  JsonNode hazard(String key) {
    return Json.at(Json.at(node, "hazards"), key);
  }

  /** A sweep as a curve (grid against the expected level), or null when absent or malformed. */
  Curve sweep(String test, String levelField) {
    JsonNode sweep = Json.at(Json.at(node, "sweeps"), test);
    double[] grid = Json.numbers(sweep, "grid");
    double[] level = Json.numbers(sweep, levelField);
    if (grid.length == 0 || grid.length != level.length) {
      return null;
    }
    return new Curve(name, grid, level);
  }
}
