package org.sepsisiql.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The fields of the evaluate stage's {@code metrics.json} that the report's sections are built
 * from. Every one must be present (a nullable one may be null: no truth on real data, no interval
 * when an estimate is withheld); a missing or renamed field is an error naming it, not a silently
 * blank section. Optional blocks (behavior, fqe, the OPE study, sweeps) are checked where they are
 * read and shown as "not available" when absent.
 */
final class MetricsContract {
  static final List<String> ROOT = List.of("run_id", "summary_table", "policies");
  static final List<String> SUMMARY_ROW =
      List.of(
          "model",
          "wdr",
          "wdr_lower",
          "wdr_upper",
          "wdr_valid",
          "true_value",
          "true_difference",
          "clinical_tests_passed",
          "actions_used",
          "agreement");
  static final List<String> POLICY =
      List.of("name", "description", "estimates", "true_value", "clinical", "agreement");

  private MetricsContract() {}

  /**
   * @param where the file, for the message
   * @throws InvalidReportInputException naming the first missing field
   */
  static void check(JsonNode metrics, String where) {
    require(metrics, ROOT, "", where);
    requireArray(metrics, "summary_table", where);
    requireArray(metrics, "policies", where);
    for (int i = 0; i < metrics.get("summary_table").size(); i++) {
      require(metrics.get("summary_table").get(i), SUMMARY_ROW, "summary_table[" + i + "].", where);
    }
    for (int i = 0; i < metrics.get("policies").size(); i++) {
      require(metrics.get("policies").get(i), POLICY, "policies[" + i + "].", where);
    }
  }

  private static void require(JsonNode node, List<String> fields, String prefix, String where) {
    for (String field : fields) {
      if (node == null || !node.isObject() || !node.has(field)) {
        throw new InvalidReportInputException(
            where
                + " lacks "
                + prefix
                + field
                + ", which the report needs (written by another version of the evaluate stage?"
                + " rerun evaluate)");
      }
    }
  }

  private static void requireArray(JsonNode metrics, String field, String where) {
    if (!metrics.get(field).isArray() || metrics.get(field).isEmpty()) {
      throw new InvalidReportInputException(
          where + ": " + field + " must be a non-empty array, cannot be: " + metrics.get(field));
    }
  }
}
