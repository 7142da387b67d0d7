package org.sepsisiql.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tolerant reads of the evaluation's JSON: a field that is absent, null or of another type reads as
 * "not available" (null, an empty list or a missing node) instead of failing, so a report still
 * renders when an optional part of the evaluation is missing.
 */
final class Json {
  private Json() {}

  /** The child node, or a missing node when {@code node} is null or lacks the field. */
  static JsonNode at(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return MissingNode.getInstance();
    }
    JsonNode child = node.get(field);
    return child == null ? MissingNode.getInstance() : child;
  }

  /** A finite number, or null when absent, null, not a number or not finite. */
  static Double number(JsonNode node, String field) {
    JsonNode value = at(node, field);
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      return null;
    }
    return value.doubleValue();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = at(node, field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  /** A boolean, or null when absent or not a boolean. */
  static Boolean bool(JsonNode node, String field) {
    JsonNode value = at(node, field);
    return value.isBoolean() ? value.booleanValue() : null;
  }

  /** The elements of an array field; empty when absent or not an array. */
  static List<JsonNode> list(JsonNode node, String field) {
    List<JsonNode> items = new ArrayList<>();
    JsonNode value = at(node, field);
    if (value.isArray()) {
      value.forEach(items::add);
    }
    return items;
  }

  /** A numeric array (non-numbers read as NaN); empty when absent. */
  static double[] numbers(JsonNode node, String field) {
    return numbers(at(node, field));
  }

  static double[] numbers(JsonNode array) {
    if (!array.isArray()) {
      return new double[0];
    }
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode item = array.get(i);
      values[i] = item.isNumber() ? item.doubleValue() : Double.NaN;
    }
    return values;
  }

  /** A matrix of numbers (rows of a numeric array), or null unless it is rows x cols. */
  static double[][] matrix(JsonNode node, int rows, int cols) {
    if (node == null || !node.isArray() || node.size() != rows) {
      return null;
    }
    double[][] values = new double[rows][];
    for (int r = 0; r < rows; r++) {
      values[r] = numbers(node.get(r));
      if (values[r].length != cols) {
        return null;
      }
    }
    return values;
  }
}
