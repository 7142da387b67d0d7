package org.sepsisiql.ope;

import java.util.Arrays;

/**
 * The Pareto k-hat diagnostic of Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman,
 * Yao, Gabry 2015/2024): the shape of a generalized Pareto distribution fitted to the largest
 * importance ratios. k-hat estimates how many moments the weight distribution has (1/k); above 0.7
 * the importance-sampling estimate is unreliable at any practical sample size, above 0.5 its
 * variance is infinite in theory though finite samples may still do.
 *
 * <p>Algorithm, as in the paper and the {@code loo} R package: with n ratios, the tail length is
 * {@code M = ceil(min(n / 5, 3 sqrt n))}; the exceedances of the M largest ratios over the (M+1)-th
 * largest are fitted by the profile-likelihood Bayesian estimator of Zhang and Stephens (2009) on a
 * grid of {@code 30 + floor(sqrt M)} points; the estimate is then shrunk toward 0.5 by the paper's
 * weakly informative prior, {@code k = (M k + 10 * 0.5) / (M + 10)}. Work on log ratios, shifted by
 * their maximum, so no ratio overflows. Cost: O(M * grid) on the driver; only M + 1 values are
 * needed.
 */
public final class ParetoTail {
  /** Fewer tail values than this leave k-hat undefined (as in {@code loo}). */
  static final int MIN_TAIL = 5;

  private static final double PRIOR = 3;
  private static final int MIN_GRID_POINTS = 30;
  private static final double PRIOR_WEIGHT = 10;

  private ParetoTail() {}

  /** M, the number of largest ratios in the tail fit, for n ratios. */
  public static int tailLength(long n) {
    return (int) Math.ceil(Math.min(n / 5.0, 3 * Math.sqrt(n)));
  }

  /**
   * k-hat from the {@code tailLength(n) + 1} largest log ratios (in any order; more are allowed,
   * only the largest are used). NaN when undefined: the tail is shorter than 5 (n below 25), fewer
   * than M + 1 ratios are positive, or every tail ratio is equal (e.g. pi_e = pi_b).
   */
  public static double khat(double[] largestLogRatios, long n) {
    int tail = tailLength(n);
    if (tail < MIN_TAIL || largestLogRatios.length < tail + 1) {
      return Double.NaN;
    }
    double[] sorted = largestLogRatios.clone();
    Arrays.sort(sorted);
    int top = sorted.length - 1;
    double max = sorted[top];
    double cutoffLog = sorted[top - tail];
    if (!Double.isFinite(max) || cutoffLog == Double.NEGATIVE_INFINITY || max - cutoffLog < 1e-14) {
      return Double.NaN;
    }
    double cutoff = Math.exp(cutoffLog - max);
    double[] exceedances = new double[tail];
    for (int j = 0; j < tail; j++) {
      exceedances[j] = Math.exp(sorted[top - tail + 1 + j] - max) - cutoff;
    }
    return fitShape(exceedances);
  }

  /**
   * Zhang and Stephens' estimate of the generalized Pareto shape k for exceedances x > 0, with the
   * PSIS prior's shrinkage toward 0.5; positive k is a heavy tail, negative a bounded one.
   */
  static double fitShape(double[] exceedances) {
    double[] x = exceedances.clone();
    Arrays.sort(x);
    int n = x.length;
    int points = MIN_GRID_POINTS + (int) Math.floor(Math.sqrt(n));
    double firstQuartile = x[(int) Math.floor(n / 4.0 + 0.5) - 1];
    double[] theta = new double[points];
    double[] logLik = new double[points];
    double best = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < points; j++) {
      theta[j] = 1 / x[n - 1] + (1 - Math.sqrt(points / (j + 0.5))) / PRIOR / firstQuartile;
      logLik[j] = n * profileLogLikelihood(theta[j], x);
      best = Math.max(best, logLik[j]);
    }
    double weightSum = 0;
    double thetaHat = 0;
    for (int j = 0; j < points; j++) {
      double w = Math.exp(logLik[j] - best);
      weightSum += w;
      thetaHat += theta[j] * w;
    }
    thetaHat /= weightSum;
    double k = 0;
    for (double value : x) {
      k += Math.log1p(-thetaHat * value);
    }
    k /= n;
    return (k * n + PRIOR_WEIGHT * 0.5) / (n + PRIOR_WEIGHT);
  }

  /** Profile log-likelihood per observation at theta (Zhang and Stephens 2009, section 4). */
  private static double profileLogLikelihood(double theta, double[] x) {
    double a = -theta;
    double k = 0;
    for (double value : x) {
      k += Math.log1p(a * value);
    }
    k /= x.length;
    return Math.log(a / k) - k - 1;
  }
}
