package org.sepsisiql.evaluate;

import java.util.List;
import java.util.Locale;
import org.sepsisiql.evaluate.EvaluationResult.SummaryRow;

/**
 * The evaluation's summary as a fixed-width text table: model, WDR with its 95 % interval (or
 * {@code invalid (reason)}), the simulator's true value when known, clinical tests passed, actions
 * used and agreement with the clinicians.
 */
public final class SummaryTable {
  private static final String FORMAT = "%-18s %-34s %-12s %-10s %-8s %-9s%n";

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
            "clinical",
            "actions",
            "agreement"));
    for (SummaryRow row : rows) {
      text.append(
          String.format(
              Locale.ROOT,
              FORMAT,
              row.model(),
              wdr(row),
              row.trueValue() == null ? "-" : String.format(Locale.ROOT, "%.3f", row.trueValue()),
              row.clinicalTestsPassed() + "/" + row.clinicalTests(),
              row.actionsUsed() + "/9",
              String.format(Locale.ROOT, "%.1f %%", 100 * row.agreement())));
    }
    return text.toString();
  }

  static String wdr(SummaryRow row) {
    if (!row.wdrValid() || row.wdr() == null) {
      return "invalid (" + row.wdrReason() + ")";
    }
    if (row.wdrLower() == null || row.wdrUpper() == null) {
      return String.format(Locale.ROOT, "%.3f [no interval]", row.wdr());
    }
    return String.format(
        Locale.ROOT, "%.3f [%.3f, %.3f]", row.wdr(), row.wdrLower(), row.wdrUpper());
  }
}
