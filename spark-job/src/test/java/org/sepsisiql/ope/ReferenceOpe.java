package org.sepsisiql.ope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain single-threaded implementation of every estimator and of the bootstrap, written as
 * directly from the formulas as possible (products of ratios, explicit loops, no shifts), used only
 * to check the Spark implementation. Every estimator takes multiplicities {@code m_i}: all ones for
 * the point estimate, Poisson counts from {@link PoissonResampleWeights} for a resample.
 */
final class ReferenceOpe {
  record Step(int action, double reward, double[] piE, double[] piB, double[] qHat) {
    double ratio() {
      return piE[action] / piB[action];
    }

    double vHat() {
      double v = 0;
      for (int a = 0; a < piE.length; a++) {
        v += piE[a] * qHat[a];
      }
      return v;
    }
  }

  record Trajectory(long stayId, List<Step> steps) {
    int length() {
      return steps.size();
    }
  }

  /** Per-trajectory contributions (m_i = 1), in the order of the output columns. */
  record Contribution(
      long stayId,
      int length,
      double discountedReturn,
      double rhoFinal,
      double wdr,
      double wis,
      double pdwis,
      double dr,
      double dm) {}

  private ReferenceOpe() {}

  static List<Contribution> contributions(List<Trajectory> data, double gamma) {
    double[] m = new double[data.size()];
    Arrays.fill(m, 1);
    double[][] parts = parts(data, gamma, m);
    List<Contribution> out = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      Trajectory trajectory = data.get(i);
      double[] p = parts[i];
      out.add(
          new Contribution(
              trajectory.stayId(),
              trajectory.length(),
              discountedReturn(trajectory, gamma),
              rho(trajectory, trajectory.length() - 1),
              p[0],
              p[1],
              p[2],
              p[3],
              p[4]));
    }
    return out;
  }

  /** The five estimates (in {@link Estimator} order) for multiplicities m; NaN when undefined. */
  static double[] estimates(List<Trajectory> data, double gamma, double[] m) {
    double[][] parts = parts(data, gamma, m);
    double[] total = new double[5];
    for (int i = 0; i < data.size(); i++) {
      for (int e = 0; e < 5; e++) {
        total[e] += m[i] * parts[i][e];
      }
    }
    return total;
  }

  /** values[estimator][b] of the Poisson bootstrap. */
  static double[][] bootstrap(List<Trajectory> data, double gamma, int resamples, long seed) {
    double[][] values = new double[5][resamples];
    for (int b = 0; b < resamples; b++) {
      double[] m = new double[data.size()];
      for (int i = 0; i < m.length; i++) {
        m[i] = PoissonResampleWeights.count(seed, b, data.get(i).stayId());
      }
      double[] estimate = estimates(data, gamma, m);
      for (int e = 0; e < 5; e++) {
        values[e][b] = estimate[e];
      }
    }
    return values;
  }

  /** Type-7 percentile interval of the finite values: {lower, upper}. */
  static double[] interval(double[] values, double confidence) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    double tail = (1 - confidence) / 2;
    return new double[] {quantile(finite, tail), quantile(finite, 1 - tail)};
  }

  private static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  static double rho(Trajectory trajectory, int t) {
    double product = 1;
    int last = Math.min(t, trajectory.length() - 1);
    for (int k = 0; k <= last; k++) {
      product *= trajectory.steps().get(k).ratio();
    }
    return product;
  }

  static double discountedReturn(Trajectory trajectory, double gamma) {
    double g = 0;
    for (int t = 0; t < trajectory.length(); t++) {
      g += Math.pow(gamma, t) * trajectory.steps().get(t).reward();
    }
    return g;
  }

  /**
   * Per-trajectory parts {wdr, wis, pdwis, dr, dm} with the normalizations of the multiplicities m:
   * the estimate is sum_i m_i parts[i]. NaN everywhere when the resample is empty; NaN for the
   * self-normalized ones when every weight is zero.
   */
  private static double[][] parts(List<Trajectory> data, double gamma, double[] m) {
    int n = data.size();
    int horizon = data.stream().mapToInt(Trajectory::length).max().orElse(0);
    double size = Arrays.stream(m).sum();
    double[] denominator = new double[horizon];
    for (int t = 0; t < horizon; t++) {
      for (int i = 0; i < n; i++) {
        denominator[t] += m[i] * rho(data.get(i), t);
      }
    }
    boolean zero = !(denominator[horizon - 1] > 0);
    double[][] parts = new double[n][5];
    for (int i = 0; i < n; i++) {
      Trajectory trajectory = data.get(i);
      double wdr = 0;
      double pdwis = 0;
      double dr = 0;
      for (int t = 0; t < trajectory.length(); t++) {
        Step s = trajectory.steps().get(t);
        double discount = Math.pow(gamma, t);
        double w = rho(trajectory, t) / denominator[t];
        double wPrevious = t == 0 ? 1 / size : rho(trajectory, t - 1) / denominator[t - 1];
        double rhoPrevious = t == 0 ? 1 : rho(trajectory, t - 1);
        double q = s.qHat()[s.action()];
        wdr += discount * (w * s.reward() - (w * q - wPrevious * s.vHat()));
        pdwis += discount * w * s.reward();
        dr +=
            discount
                * (rho(trajectory, t) * s.reward()
                    - (rho(trajectory, t) * q - rhoPrevious * s.vHat()));
      }
      double wis =
          rho(trajectory, horizon - 1)
              / denominator[horizon - 1]
              * discountedReturn(trajectory, gamma);
      double dm = trajectory.steps().get(0).vHat() / size;
      parts[i] = new double[] {wdr, wis, pdwis, dr / size, dm};
      if (size == 0) {
        Arrays.fill(parts[i], Double.NaN);
      } else if (zero) {
        parts[i][0] = parts[i][1] = parts[i][2] = Double.NaN;
      }
    }
    return parts;
  }
}
