package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** k-hat on samples of known tail shape, drawn with fixed seeds. */
class ParetoTailTest {
  /** Generalized Pareto with shape k, scale 1: {@code (U^-k - 1) / k}. */
  private static double[] generalizedPareto(int n, double k, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (Math.pow(1 - random.nextDouble(), -k) - 1) / k;
    }
    return x;
  }

  /**
   * Log ratios of a Pareto distribution with tail index 1/k: its tail above any cut has shape k.
   */
  private static double[] paretoLogRatios(int n, double k, long seed) {
    Random random = new Random(seed);
    double[] logs = new double[n];
    for (int i = 0; i < n; i++) {
      logs[i] = -k * Math.log(1 - random.nextDouble());
    }
    return logs;
  }

  @Test
  void tailLengthIsTheSmallerOfAFifthAndThreeRootN() {
    assertEquals(20, ParetoTail.tailLength(100), "n/5 = 20 < 30");
    assertEquals(300, ParetoTail.tailLength(10_000), "3 sqrt(n) = 300 < 2000");
    assertEquals(7, ParetoTail.tailLength(31), "ceil(6.2)");
  }

  @Test
  void recoversTheShapeOfGeneralizedParetoSamples() {
    for (double k : new double[] {0.2, 0.5, 0.9}) {
      double estimate = ParetoTail.fitShape(generalizedPareto(4000, k, 17));
      assertEquals(k, estimate, 0.08, "GPD shape " + k + " from 4000 exceedances");
    }
  }

  @Test
  void khatOfParetoRatiosIsTheirTailShape() {
    for (double k : new double[] {0.3, 0.7, 1.2}) {
      double[] logs = paretoLogRatios(50_000, k, 23);
      double khat = ParetoTail.khat(logs, logs.length);
      assertEquals(k, khat, 0.12, "Pareto ratios with tail shape " + k);
    }
  }

  @Test
  void boundedRatiosHaveAShapeBelowOneHalf() {
    Random random = new Random(5);
    double[] logs = new double[5000];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(2 * random.nextDouble());
    }
    double khat = ParetoTail.khat(logs, logs.length);
    assertTrue(khat < 0.5, "ratios in (0, 2) are bounded: k-hat " + khat);
    assertTrue(khat < 0, "a bounded tail has a negative shape: " + khat);
  }

  @Test
  void usesOnlyTheLargestRatiosAndNeverOverflows() {
    double[] logs = paretoLogRatios(10_000, 0.6, 3);
    double all = ParetoTail.khat(logs, logs.length);
    double[] sorted = logs.clone();
    Arrays.sort(sorted);
    int keep = ParetoTail.tailLength(logs.length) + 1;
    double[] top = Arrays.copyOfRange(sorted, sorted.length - keep, sorted.length);
    assertEquals(all, ParetoTail.khat(top, logs.length), 1e-12, "the top M + 1 suffice");
    double[] shifted = Arrays.stream(top).map(v -> v + 2000).toArray();
    assertEquals(all, ParetoTail.khat(shifted, logs.length), 1e-9, "ratios of e^2000 are fine");
  }

  @Test
  void undefinedForShortTailsAndEqualRatios() {
    assertTrue(Double.isNaN(ParetoTail.khat(paretoLogRatios(20, 0.5, 1), 20)), "n = 20: M = 4");
    assertTrue(Double.isNaN(ParetoTail.khat(new double[100], 100)), "all ratios 1");
  }
}
