package org.sepsisiql.ope;

import java.io.Serializable;

/**
 * All bootstrap resamples in one pass: for every resample b, the per-step sums over the resampled
 * trajectories that the self-normalized estimators need, plus the per-resample totals of the
 * others. A resample of WDR, WIS or PDWIS must renormalize its weights over the resampled set, so
 * re-summing the point estimate's contributions would be wrong; instead, with multiplicities {@code
 * m_{b,i}} ({@link PoissonResampleWeights}) and shifted weights {@code u_{i,t} = exp(log rho_{i,t}
 * - M_t)}:
 *
 * <pre>
 * D_{b,t} = sum_i m u_{i,t}          (every trajectory, rho frozen after its end)
 * R_{b,t} = sum_i m u_{i,t} r_{i,t}    Q_{b,t} = sum_i m u_{i,t} Qhat_{i,t}
 * V_{b,t} = sum_i m u_{i,t-1} Vhat_{i,t}          (u_{i,-1} = 1)
 * N_b = sum_i m                       WISnum_b = sum_i m u_{i,H-1} G_i
 * WDR_b   = sum_t gamma^t [ (R_{b,t} - Q_{b,t}) / D_{b,t} + V_{b,t} / D_{b,t-1} ],  D_{b,-1} = N_b
 * PDWIS_b = sum_t gamma^t R_{b,t} / D_{b,t}      WIS_b = WISnum_b / D_{b,H-1}
 * DR_b    = sum_i m n*dr_i / N_b                  DM_b  = sum_i m Vhat_{i,0} / N_b
 * </pre>
 *
 * The same shift M_t in numerator and denominator cancels, so these equal the estimators on the
 * resampled set exactly. One instance per partition accumulates B x (4H + 4) doubles, and instances
 * merge by addition ({@code treeAggregate}); the cost is about n * B * (H + 3 mean T) multiply-adds
 * and nothing is shuffled but the B x (4H + 4) arrays.
 */
final class BootstrapSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int resamples;
  private final int horizon;
  private final int stride;
  private final long[] resampleKeys;
  private final double[] sums;

  BootstrapSums(int resamples, int horizon, long seed) {
    this.resamples = resamples;
    this.horizon = horizon;
    this.stride = 4 * horizon + 4;
    this.resampleKeys = new long[resamples];
    for (int b = 0; b < resamples; b++) {
      resampleKeys[b] = PoissonResampleWeights.resampleKey(seed, b);
    }
    this.sums = new double[resamples * stride];
  }

  /** Adds one trajectory to every resample, as often as it appears there. */
  BootstrapSums add(
      long stayId,
      double[] d,
      double[] r,
      double[] q,
      double[] v,
      double discountedReturn,
      double drSum,
      double vFirst) {
    long key = PoissonResampleWeights.trajectoryKey(stayId);
    double wisNumerator = d[horizon - 1] * discountedReturn;
    int length = r.length;
    for (int b = 0; b < resamples; b++) {
      int m = PoissonResampleWeights.count(resampleKeys[b], key);
      if (m == 0) {
        continue;
      }
      int base = b * stride;
      for (int t = 0; t < horizon; t++) {
        sums[base + t] += m * d[t];
      }
      for (int t = 0; t < length; t++) {
        sums[base + horizon + t] += m * r[t];
        sums[base + 2 * horizon + t] += m * q[t];
        sums[base + 3 * horizon + t] += m * v[t];
      }
      int tail = base + 4 * horizon;
      sums[tail] += m * wisNumerator;
      sums[tail + 1] += m * drSum;
      sums[tail + 2] += m * vFirst;
      sums[tail + 3] += m;
    }
    return this;
  }

  BootstrapSums merge(BootstrapSums other) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    return this;
  }

  /** The estimator on every resample; NaN where it is undefined (empty, or all weights zero). */
  double[] values(Estimator estimator, double gamma) {
    double[] values = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      values[b] = value(b, estimator, gamma);
    }
    return values;
  }

  private double value(int b, Estimator estimator, double gamma) {
    int base = b * stride;
    int tail = base + 4 * horizon;
    double count = sums[tail + 3];
    if (count == 0) {
      return Double.NaN;
    }
    if (estimator == Estimator.DR) {
      return sums[tail + 1] / count;
    }
    if (estimator == Estimator.DM) {
      return sums[tail + 2] / count;
    }
    double last = sums[base + horizon - 1];
    if (!(last > 0)) {
      return Double.NaN;
    }
    if (estimator == Estimator.WIS) {
      return sums[tail] / last;
    }
    double total = 0;
    for (int t = 0; t < horizon; t++) {
      double discount = Math.pow(gamma, t);
      double d = sums[base + t];
      double rewardTerm = sums[base + horizon + t] / d;
      if (estimator == Estimator.PDWIS) {
        total += discount * rewardTerm;
      } else {
        double previous = t == 0 ? count : sums[base + t - 1];
        double qTerm = sums[base + 2 * horizon + t] / d;
        total += discount * (rewardTerm - qTerm + sums[base + 3 * horizon + t] / previous);
      }
    }
    return total;
  }
}
