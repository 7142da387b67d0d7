package org.sepsisiql.clinical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spearman's rho and its one-sided p-values against scipy.stats.spearmanr (t approximation). */
class SpearmanTest {
  @Test
  void matchesScipyWithoutTies() {
    Spearman.Result r =
        Spearman.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new double[] {2, 1, 4, 3, 6, 5, 8, 8});
    assertEquals(0.9221722216732094, r.rho(), 1e-12, "rho (scipy)");
    assertEquals(0.000555408678903086, r.pGreater(), 1e-9, "one-sided p, greater (scipy)");
    assertTrue(r.defined(), "defined");
  }

  @Test
  void matchesScipyWithTiesInBothSamples() {
    Spearman.Result r =
        Spearman.of(new double[] {1, 2, 2, 3, 4, 5, 5, 6}, new double[] {3, 1, 2, 2, 5, 4, 6, 6});
    assertEquals(0.7804878048780488, r.rho(), 1e-12, "rho with ties (scipy)");
    assertEquals(0.9888595130095799, r.pLess(), 1e-9, "one-sided p, less (scipy)");
  }

  @Test
  void weakNegativeAlternative() {
    Spearman.Result r =
        Spearman.of(
            new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
            new double[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3});
    assertEquals(0.3914537831560393, r.rho(), 1e-12, "rho (scipy)");
    assertEquals(0.8683562235038293, r.pLess(), 1e-9, "p less (scipy)");
  }

  @Test
  void tiedValuesShareTheirMeanRank() {
    assertArrayEquals(
        new double[] {1.5, 1.5, 3, 5, 5, 5},
        Spearman.ranks(new double[] {2, 2, 3, 7, 7, 7}),
        1e-12,
        "fractional ranks");
  }

  @Test
  void perfectMonotoneGivesZeroPValue() {
    Spearman.Result r = Spearman.of(new double[] {1, 2, 3, 4}, new double[] {9, 7, 5, 1});
    assertEquals(-1, r.rho(), 1e-12, "rho");
    assertEquals(0, r.pLess(), 1e-12, "p less");
    assertEquals(1, r.pGreater(), 1e-12, "p greater");
  }

  @Test
  void constantSampleIsUndefinedNotNan() {
    Spearman.Result r = Spearman.of(new double[] {1, 2, 3, 4, 5}, new double[] {2, 2, 2, 2, 2});
    assertFalse(r.defined(), "undefined for a constant sample");
    assertEquals(0, r.rho(), "rho reported as 0, not NaN");
    assertEquals(1, r.pLess(), "p-values 1, so every test fails");
    assertEquals(1, r.pGreater(), "p greater");
    assertFalse(Spearman.of(new double[] {1, 2}, new double[] {1, 2}).defined(), "n < 3");
  }

  @Test
  void refusesSamplesOfDifferentLengths() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Spearman.of(new double[] {1, 2, 3}, new double[] {1, 2}),
            "different lengths");
    assertTrue(e.getMessage().contains("3 and 2"), e.getMessage());
  }
}
