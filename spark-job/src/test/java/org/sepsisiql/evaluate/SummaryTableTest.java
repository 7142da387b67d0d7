package org.sepsisiql.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepsisiql.evaluate.EvaluationResult.SummaryRow;

/** The printed summary table and its short reasons, without Spark. */
class SummaryTableTest {
  @Test
  void printsIntervalsTrueValuesAndInvalidReasons() {
    String table =
        SummaryTable.render(
            List.of(
                new SummaryRow(
                    "learned", 1.5, 0.5, 2.5, true, null, null, 1.2, 0.08, 0.4, 0.05, 2, 3, 7,
                    0.25),
                new SummaryRow(
                    "no_treatment",
                    null,
                    null,
                    null,
                    false,
                    "every trajectory has importance weight 0 under the evaluated policy",
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    3,
                    1,
                    0.2)));
    String[] lines = table.split("\n");
    assertEquals(3, lines.length, "header and two rows:\n" + table);
    assertTrue(lines[1].contains("1.500 [0.500, 2.500]"), lines[1]);
    assertTrue(lines[1].contains("1.200 ± 0.080"), "true value: " + lines[1]);
    assertTrue(lines[1].contains("+0.400 ± 0.050"), "paired truth difference: " + lines[1]);
    assertTrue(lines[1].contains("2/3") && lines[1].contains("7/9"), lines[1]);
    assertTrue(lines[1].contains("25.0 %"), "agreement: " + lines[1]);
    assertTrue(lines[2].contains("invalid (all weights zero)"), lines[2]);
    assertTrue(lines[2].contains(" - "), "no true value: " + lines[2]);
  }

  @Test
  void aFlaggedWdrIsMarkedWithAFootnote() {
    String table =
        SummaryTable.render(
            List.of(
                new SummaryRow(
                    "learned",
                    1.5,
                    0.5,
                    2.5,
                    true,
                    null,
                    "WDR [0.5, 2.5] and WIS [3.0, 4.0] intervals do not overlap",
                    null,
                    null,
                    null,
                    null,
                    2,
                    3,
                    7,
                    0.25)));
    assertTrue(table.contains("1.500 [0.500, 2.500] *"), table);
    assertTrue(table.strip().endsWith(SummaryTable.FLAG_NOTE), table);
  }

  @Test
  void shortensEveryKnownReason() {
    assertEquals(
        "ESS 4.12 too low",
        SummaryTable.shortReason(
            "per-decision ESS 4.12 is below 10 (max of 10 and 2% of n = 310)"));
    assertEquals(
        "weight tail k-hat 0.93",
        SummaryTable.shortReason("Pareto k-hat 0.93 of the importance weights is above 0.7: x"));
    assertEquals(
        "CI leaves reward range",
        SummaryTable.shortReason("the interval [-5, 25] leaves the range the rewards allow"));
    assertEquals("not finite", SummaryTable.shortReason("the estimate is not finite (NaN): x"));
  }
}
