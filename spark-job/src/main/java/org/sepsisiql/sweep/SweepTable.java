package org.sepsisiql.sweep;

import java.util.List;

/**
 * The sweep's choice and its table: the configuration with the highest valid validation WDR is
 * selected ({@code base} when none is valid); the table shows every configuration's validation
 * figures, its test estimate and, on simulated data, its truth beside.
 */
final class SweepTable {
  private SweepTable() {}

  /** Index of the configuration with the highest valid validation WDR; 0 (base) when none is. */
  static int selected(List<SweepRow> rows) {
    int best = -1;
    for (int i = 0; i < rows.size(); i++) {
      SweepRow row = rows.get(i);
      if (row.validationValid()
          && row.validationWdr() != null
          && (best < 0 || row.validationWdr() > rows.get(best).validationWdr())) {
        best = i;
      }
    }
    return Math.max(best, 0);
  }

  static String render(List<SweepRow> rows, int selected) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-20s %-34s %-30s %-16s %-16s %-9s %s%n",
            "configuration",
            "validation WDR [95% CI] (beta)",
            "test WDR [95% CI]",
            "true value",
            "truth vs clin.",
            "clinical",
            "actions"));
    for (int i = 0; i < rows.size(); i++) {
      SweepRow row = rows.get(i);
      out.append(
          String.format(
              "%-20s %-34s %-30s %-16s %-16s %-9s %d/9%s%n",
              row.configuration().name(),
              interval(
                      row.validationValid(),
                      row.validationWdr(),
                      row.validationLower(),
                      row.validationUpper())
                  + " ("
                  + row.beta()
                  + ")",
              interval(row.testValid(), row.testWdr(), row.testLower(), row.testUpper()),
              withError(row.trueValue(), row.trueValueError(), false),
              withError(row.truthVsClinicians(), row.truthVsCliniciansError(), true),
              row.clinicalTests(),
              row.actionsUsed(),
              i == selected ? "   <- selected on validation" : ""));
    }
    for (SweepRow row : rows) {
      out.append(
          String.format(
              "  %s: %s (%s)%n",
              row.configuration().name(),
              row.configuration().describe(),
              row.configuration().why()));
    }
    return out.toString();
  }

  /** One configuration's figures on one line, for progress. */
  static String line(SweepRow row) {
    return "validation WDR "
        + interval(
            row.validationValid(),
            row.validationWdr(),
            row.validationLower(),
            row.validationUpper())
        + " at beta "
        + row.beta()
        + " ("
        + row.network()
        + "), true value "
        + withError(row.trueValue(), row.trueValueError(), false);
  }

  private static String interval(boolean valid, Double value, Double lower, Double upper) {
    if (!valid || value == null) {
      return "invalid";
    }
    return String.format(
        "%.3f [%s, %s]",
        value,
        lower == null ? "n/a" : String.format("%.3f", lower),
        upper == null ? "n/a" : String.format("%.3f", upper));
  }

  private static String withError(Double value, Double error, boolean signed) {
    if (value == null) {
      return "n/a";
    }
    return String.format(signed ? "%+.3f ± %.3f" : "%.3f ± %.3f", value, error == null ? 0 : error);
  }
}
