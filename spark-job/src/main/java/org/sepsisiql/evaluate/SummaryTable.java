package org.sepsisiql.evaluate;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sepsisiql.evaluate.EvaluationResult.SummaryRow;

/**
 * The evaluation's summary as a fixed-width text table: model, WDR with its 95 % interval (or
 * {@code invalid (reason)}, the reason shortened to fit; metrics.json has it in full), the
 * simulator's true value with its standard error and its paired difference from the clinicians'
 * true value (same simulated patients) when known, clinical tests passed, actions used and
 * agreement with the clinicians.
 */
public final class SummaryTable {
  private static final String FORMAT = "%-18s %-34s %-15s %-16s %-10s %-8s %-9s%n";

  private SummaryTable() {}

  public static String render(List<SummaryRow> rows) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            FORMAT,
            "model",
            "WDR [95% CI]",
            "true value",
            "truth vs clin.",
            "clinical",
            "actions",
            "agreement"));
    boolean flagged = false;
    for (SummaryRow row : rows) {
      flagged |= row.wdrFlag() != null;
      text.append(
          String.format(
              Locale.ROOT,
              FORMAT,
              row.model(),
              wdr(row),
              plusMinus(row.trueValue(), row.trueValueError(), "%.3f ± %.3f"),
              plusMinus(row.trueDifference(), row.trueDifferenceError(), "%+.3f ± %.3f"),
              row.clinicalTestsPassed() + "/" + row.clinicalTests(),
              row.actionsUsed() + "/9",
              String.format(Locale.ROOT, "%.1f %%", 100 * row.agreement())));
    }
    if (flagged) {
      text.append(FLAG_NOTE).append('\n');
    }
    return text.toString();
  }

  /** The footnote of a flagged WDR ({@code *}). */
  static final String FLAG_NOTE =
      "* WDR's interval and WIS's do not overlap: Qhat or the weights are off (metrics.json)";

  private static String plusMinus(Double value, Double error, String format) {
    if (value == null) {
      return "-";
    }
    return String.format(Locale.ROOT, format, value, error == null ? Double.NaN : error);
  }

  static String wdr(SummaryRow row) {
    if (!row.wdrValid() || row.wdr() == null) {
      return "invalid (" + shortReason(row.wdrReason()) + ")";
    }
    if (row.wdrLower() == null || row.wdrUpper() == null) {
      return String.format(Locale.ROOT, "%.3f [no interval]", row.wdr());
    }
    return String.format(
        Locale.ROOT,
        "%.3f [%.3f, %.3f]%s",
        row.wdr(),
        row.wdrLower(),
        row.wdrUpper(),
        row.wdrFlag() != null ? " *" : "");
  }

  /** A few words for the plausibility and reliability reasons of the ope package. */
  static String shortReason(String reason) {
    if (reason == null) {
      return "no reason given";
    }
    Matcher ess = Pattern.compile("ESS ([0-9.]+) is below").matcher(reason);
    if (ess.find()) {
      return "ESS " + ess.group(1) + " too low";
    }
    Matcher tail = Pattern.compile("Pareto k-hat ([0-9.]+)").matcher(reason);
    if (tail.find()) {
      return "weight tail k-hat " + tail.group(1);
    }
    if (reason.contains("pi_e is the fitted pi_b")) {
      return "rho = 1: measures the clinicians";
    }
    if (reason.contains("the agent's reweighting alone")) {
      return "measures row learned";
    }
    if (reason.contains("importance weight 0")) {
      return "all weights zero";
    }
    if (reason.contains("interval")) {
      return "CI leaves reward range";
    }
    if (reason.contains("outside the range")) {
      return "outside reward range";
    }
    if (reason.contains("not finite")) {
      return "not finite";
    }
    if (reason.contains("resamples")) {
      return "too few usable resamples";
    }
    return reason;
  }
}
