package org.sepsisiql.ope;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * A bootstrap percentile interval: the (1-c)/2 and (1+c)/2 quantiles of the finite resample values,
 * with linear interpolation between order statistics (Hyndman and Fan type 7, the default of R and
 * NumPy; commons-math3's {@code Percentile} with {@code R_7}). Non-finite values (resamples where
 * the estimator is undefined) are left out and counted.
 *
 * @param lower lower bound, NaN when no resample was usable
 * @param upper upper bound, NaN when no resample was usable
 * @param usable how many resample values were finite
 */
public record PercentileInterval(double lower, double upper, int usable) {

  public static PercentileInterval of(double[] values, double confidence) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (finite.length == 0) {
      return new PercentileInterval(Double.NaN, Double.NaN, 0);
    }
    double tail = (1 - confidence) / 2;
    return new PercentileInterval(
        quantile(finite, tail), quantile(finite, 1 - tail), finite.length);
  }

  /** Type-7 quantile of values (commons-math3's {@code Percentile}, estimation type R_7). */
  static double quantile(double[] values, double p) {
    if (p <= 0) {
      return Arrays.stream(values).min().orElse(Double.NaN);
    }
    return new Percentile()
        .withEstimationType(Percentile.EstimationType.R_7)
        .evaluate(values, p * 100);
  }
}
