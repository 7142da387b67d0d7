package org.sepsisiql.ope;

import java.util.ArrayList;
import java.util.List;

/**
 * The difference between two policies' values, per estimator, with a paired bootstrap interval.
 * Both must be evaluated on the same test trajectories with the same {@code bootstrap-seed}: the
 * Poisson resample counts are a pure function of (seed, b, stay_id) ({@link
 * PoissonResampleWeights}), so resample b holds the same trajectories for both policies and {@code
 * A_b - B_b} is one draw of the difference's bootstrap distribution. Pairing cancels the
 * patient-to-patient variation both estimates share, so the interval is far narrower than one built
 * from the two separate intervals. Driver-only: 2 x 5 x B doubles.
 */
public final class PairedDifference {
  /**
   * One estimator's {@code a - b}.
   *
   * @param estimator which estimator
   * @param value point difference of the raw estimates
   * @param lower lower percentile of the per-resample differences; NaN without an interval
   * @param upper upper percentile; NaN without an interval
   * @param usableResamples resamples where both estimates were defined
   */
  public record Difference(
      Estimator estimator, double value, double lower, double upper, int usableResamples) {
    public boolean hasInterval() {
      return !Double.isNaN(lower);
    }
  }

  private PairedDifference() {}

  /**
   * @param confidence coverage of the percentile interval, e.g. 0.95
   * @param minUsableResamples share of the B resamples where both estimates must be defined for an
   *     interval ({@code min-usable-resamples})
   * @throws IllegalArgumentException when n, B or the bootstrap seed differ, or there is no
   *     bootstrap
   */
  public static List<Difference> of(
      OpeEstimates a, OpeEstimates b, double confidence, double minUsableResamples) {
    check(a, b);
    List<Difference> differences = new ArrayList<>();
    for (Estimator estimator : Estimator.values()) {
      double[] first = a.resampleValues(estimator);
      double[] second = b.resampleValues(estimator);
      double[] paired = new double[first.length];
      for (int r = 0; r < paired.length; r++) {
        paired[r] = first[r] - second[r];
      }
      PercentileInterval interval = PercentileInterval.of(paired, confidence);
      boolean enough =
          interval.usable() > 0 && interval.usable() >= minUsableResamples * first.length;
      differences.add(
          new Difference(
              estimator,
              a.result(estimator).rawValue() - b.result(estimator).rawValue(),
              enough ? interval.lower() : Double.NaN,
              enough ? interval.upper() : Double.NaN,
              interval.usable()));
    }
    return differences;
  }

  /** {@link #of(OpeEstimates, OpeEstimates, double, double)} with the settings' values. */
  public static List<Difference> of(OpeEstimates a, OpeEstimates b, OpeSettings settings) {
    return of(a, b, settings.confidence(), settings.minUsableResamples());
  }

  private static void check(OpeEstimates a, OpeEstimates b) {
    if (a.trajectories() != b.trajectories()) {
      throw new IllegalArgumentException(
          "paired differences need the same trajectories: n = "
              + a.trajectories()
              + " and "
              + b.trajectories());
    }
    int resamples = a.resampleValues(Estimator.WDR).length;
    if (resamples != b.resampleValues(Estimator.WDR).length) {
      throw new IllegalArgumentException(
          "paired differences need the same resamples: B = "
              + resamples
              + " and "
              + b.resampleValues(Estimator.WDR).length);
    }
    if (resamples == 0) {
      throw new IllegalArgumentException("paired differences need a bootstrap, cannot be: B = 0");
    }
    if (a.bootstrapSeed() != b.bootstrapSeed()) {
      throw new IllegalArgumentException(
          "paired differences need the same bootstrap seed: "
              + a.bootstrapSeed()
              + " and "
              + b.bootstrapSeed());
    }
  }
}
