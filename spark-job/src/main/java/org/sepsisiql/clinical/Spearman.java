package org.sepsisiql.clinical;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Spearman's rank correlation with tie handling and its one-sided p-values.
 *
 * <p>Algorithm: both samples are ranked, ties receiving the mean of the ranks they span
 * ("fractional" ranking); rho is Pearson's correlation of the ranks, which is exact with ties (the
 * textbook {@code 1 - 6 sum d^2 / (n^3 - n)} is not). The p-values use the t approximation {@code t
 * = rho sqrt((n - 2) / (1 - rho^2))} with n - 2 degrees of freedom (commons-math3's t
 * distribution); |rho| = 1 gives p = 0 for the matching side. Undefined cases never give NaN: with
 * fewer than 3 pairs, or when either sample is constant (a policy that ignores the swept variable),
 * rho is reported as 0 and both p-values as 1, so a test built on them FAILs.
 */
public final class Spearman {
  private Spearman() {}

  /**
   * @param rho the rank correlation, 0 when undefined
   * @param pLess one-sided p-value for the alternative rho &lt; 0
   * @param pGreater one-sided p-value for the alternative rho &gt; 0
   * @param defined false when rho was undefined (constant sample or n &lt; 3)
   */
  public record Result(double rho, double pLess, double pGreater, boolean defined) {}

  public static Result of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "samples must have the same length, cannot be: " + x.length + " and " + y.length);
    }
    int n = x.length;
    if (n < 3) {
      return new Result(0, 1, 1, false);
    }
    double rho = pearson(ranks(x), ranks(y));
    if (Double.isNaN(rho)) {
      return new Result(0, 1, 1, false);
    }
    rho = Math.max(-1, Math.min(1, rho));
    if (1 - Math.abs(rho) < 1e-12) {
      return rho > 0 ? new Result(1, 1, 0, true) : new Result(-1, 0, 1, true);
    }
    double t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
    TDistribution distribution = new TDistribution(null, n - 2);
    double less = distribution.cumulativeProbability(t);
    return new Result(rho, less, 1 - less, true);
  }

  /** Fractional ranks from 1: tied values share the mean of their ranks. */
  static double[] ranks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double mean = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = mean;
      }
      start = end + 1;
    }
    return ranks;
  }

  private static double pearson(double[] a, double[] b) {
    double meanA = Arrays.stream(a).average().orElse(0);
    double meanB = Arrays.stream(b).average().orElse(0);
    double cross = 0;
    double squaresA = 0;
    double squaresB = 0;
    for (int i = 0; i < a.length; i++) {
      cross += (a[i] - meanA) * (b[i] - meanB);
      squaresA += (a[i] - meanA) * (a[i] - meanA);
      squaresB += (b[i] - meanB) * (b[i] - meanB);
    }
    if (squaresA == 0 || squaresB == 0) {
      return Double.NaN;
    }
    return cross / Math.sqrt(squaresA * squaresB);
  }
}
