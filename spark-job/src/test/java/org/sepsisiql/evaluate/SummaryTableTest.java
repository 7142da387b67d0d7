package org.sepsisiql.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepsisiql.evaluate.EvaluationResult.SummaryRow;
import org.sepsisiql.ope.EstimateResult;
import org.sepsisiql.ope.Estimator;
import org.sepsisiql.ope.OpeEstimates;

/** The printed summary table and the effective-sample-size guard, without Spark. */
class SummaryTableTest {
  @Test
  void printsIntervalsTrueValuesAndInvalidReasons() {
    String table =
        SummaryTable.render(
            List.of(
                new SummaryRow(
                    "learned", 1.5, 0.5, 2.5, true, null, 1.2, 0.08, 0.4, 0.05, 2, 3, 7, 0.25),
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
  void shortensEveryKnownReason() {
    assertEquals(
        "ESS 1.00 too low",
        SummaryTable.shortReason("effective sample size 1.00 is below 10.0: too few"));
    assertEquals(
        "CI leaves reward range",
        SummaryTable.shortReason("the interval [-5, 25] leaves the range the rewards allow"));
    assertEquals("not finite", SummaryTable.shortReason("the estimate is not finite (NaN): x"));
  }

  @Test
  void withholdsWeightedEstimatesBelowTheMinimumEffectiveSampleSize() {
    List<EstimateResult> results =
        java.util.Arrays.stream(Estimator.values())
            .map(e -> new EstimateResult(e, 1.0, 0.5, 1.5, 100, true, ""))
            .toList();
    OpeEstimates estimates = new OpeEstimates(30, 5, 0.99, 100, 2.0, List.of(2.0), 0, results);
    OpeEstimates guarded = SampleSizeGuard.apply(estimates, 10);
    for (Estimator e : Estimator.values()) {
      boolean valid = guarded.result(e).valid();
      assertEquals(e == Estimator.DM, valid, e + " valid only when it ignores the weights");
    }
    assertTrue(guarded.result(Estimator.WIS).reason().contains("2.00"), "reason names the ESS");
    assertFalse(
        SampleSizeGuard.apply(estimates, 1).result(Estimator.WDR).reason().contains("effective"),
        "no change above the minimum");
  }
}
