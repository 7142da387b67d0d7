package org.sepsisiql.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One off-policy estimate of one policy's value as the evaluation reports it. An invalid estimate
 * (outside the range the rewards allow, or without a usable interval) carries its reason and is
 * never shown as a number: {@link #value} is null then, whatever {@code raw_value} said.
 */
record Estimate(Double value, Double lower, Double upper, boolean valid, String reason) {
  static final Estimate MISSING = new Estimate(null, null, null, false, "not available");

  static Estimate from(JsonNode node) {
    if (node == null || !node.isObject()) {
      return MISSING;
    }
    Boolean valid = Json.bool(node, "valid");
    Double value = Json.number(node, "value");
    if (!Boolean.TRUE.equals(valid) || value == null) {
      String reason = Json.text(node, "reason");
      return new Estimate(null, null, null, false, reason != null ? reason : "no reason given");
    }
    return new Estimate(value, Json.number(node, "lower"), Json.number(node, "upper"), true, null);
  }

  boolean hasInterval() {
    return valid && lower != null && upper != null;
  }
}
