package org.sepsisiql.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The study's arithmetic on hand-made rows: coverage, raw coverage, withheld share, errors. */
class StudyTableTest {
  private static StudyRow row(
      long seed, String estimator, boolean valid, double value, Boolean covered, Boolean raw) {
    return new StudyRow(
        seed,
        "learned",
        estimator,
        valid,
        valid ? null : "withheld",
        value,
        value - 1,
        value + 1,
        5.0,
        0.1,
        covered,
        raw,
        100);
  }

  @Test
  void countsCoverageOfShownAndRawIntervalsAndTheErrorsOfShownEstimates() {
    StudyTable table =
        StudyTable.of(
            List.of(
                row(1, "WDR", true, 5.5, true, true),
                row(2, "WDR", true, 7.0, false, false),
                row(3, "WDR", false, 9.0, null, false),
                row(1, "DM", false, 5.2, null, true)),
            3);
    StudyTable.Line wdr = table.lines().get(0);
    assertEquals("WDR", wdr.estimator());
    assertEquals(3, wdr.runs());
    assertEquals(2, wdr.valid());
    assertEquals(0.5, wdr.coverage(), 1e-12, "1 of 2 shown intervals covered");
    assertEquals(1.0 / 3, wdr.rawCoverage(), 1e-12, "1 of 3 raw intervals covered");
    assertEquals(1.0 / 3, wdr.withheldShare(), 1e-12);
    assertEquals((0.5 + 2.0) / 2, wdr.meanError(), 1e-12, "mean error of the shown estimates");
    assertEquals(Math.sqrt((0.25 + 4.0) / 2), wdr.rmse(), 1e-12);
    StudyTable.Line dm = table.lines().get(1);
    assertTrue(Double.isNaN(dm.coverage()), "no shown interval");
    assertEquals(1.0, dm.rawCoverage(), 1e-12);
    assertEquals(
        "coverage of valid 95% intervals: 50.0 % over 2 estimates (3 seeds)", table.coverageLine());
    String text = table.render();
    assertTrue(text.endsWith(table.coverageLine() + "\n"), "the coverage line comes last");
  }
}
