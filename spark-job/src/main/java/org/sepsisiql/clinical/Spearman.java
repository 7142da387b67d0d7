package org.sepsisiql.clinical;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Spearman's rank correlation with tie handling and its one-sided p-values.
 *
 * <p>Algorithm (commons-math3): both samples are ranked, ties receiving the mean of the ranks they
 * span ({@code NaturalRanking}, average ties); rho is Pearson's correlation of the ranks, which is
 * exact with ties (the textbook {@code 1 - 6 sum d^2 / (n^3 - n)} is not). A NaN in a sample makes
 * rho undefined. The p-values use the t approximation {@code t = rho sqrt((n - 2) / (1 - rho^2))}
 * with n - 2 degrees of freedom (commons-math3's t distribution); |rho| = 1 gives p = 0 for the
 * matching side. Undefined cases never give NaN: with fewer than 3 pairs, or when either sample is
 * constant (a policy that ignores the swept variable), rho is reported as 0 and both p-values as 1,
 * so a test built on them FAILs.
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
    double rho = new PearsonsCorrelation().correlation(ranks(x), ranks(y));
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
    return RANKING.rank(values);
  }

  private static final NaturalRanking RANKING =
      new NaturalRanking(NaNStrategy.FIXED, TiesStrategy.AVERAGE);
}
