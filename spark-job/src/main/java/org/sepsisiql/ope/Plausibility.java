package org.sepsisiql.ope;

/**
 * Decides whether an estimate may be shown. A policy's value cannot leave the range the rewards
 * allow ({@code plausible-range}, +-15 by default: one terminal reward of +-15, discounting only
 * shrinks it), so an estimate or an interval bound outside it is an artifact of the estimator
 * (exploding importance weights, a diverged Qhat), not a finding. Checked in order: all weights
 * zero, not finite, point outside the range, too few usable resamples, interval outside the range.
 */
public final class Plausibility {
  private Plausibility() {}

  /**
   * @param zeroWeights the self-normalized estimators are undefined: every trajectory has weight 0
   * @param interval the bootstrap interval, or null when the bootstrap is off
   */
  public static EstimateResult judge(
      Estimator estimator,
      double value,
      PercentileInterval interval,
      boolean zeroWeights,
      OpeSettings settings) {
    double range = settings.plausibleRange();
    double lower = interval == null ? Double.NaN : interval.lower();
    double upper = interval == null ? Double.NaN : interval.upper();
    int usable = interval == null ? 0 : interval.usable();
    String reason = "";
    boolean selfNormalized = estimator != Estimator.DR && estimator != Estimator.DM;
    if (zeroWeights && selfNormalized) {
      reason = "every trajectory has importance weight 0 under the evaluated policy";
    } else if (!Double.isFinite(value)) {
      reason = "the estimate is not finite (" + value + "): importance weights overflow";
    } else if (Math.abs(value) > range) {
      reason = "the estimate " + value + " is outside the range the rewards allow " + bounds(range);
    } else if (interval != null && usable < settings.minUsableResamples() * settings.resamples()) {
      reason =
          "only " + usable + " of " + settings.resamples() + " bootstrap resamples were usable";
    } else if (interval != null && !(Math.abs(lower) <= range && Math.abs(upper) <= range)) {
      reason =
          "the interval ["
              + lower
              + ", "
              + upper
              + "] leaves the range the rewards allow "
              + bounds(range)
              + ": too uncertain to show";
    }
    return new EstimateResult(estimator, value, lower, upper, usable, reason.isEmpty(), reason, "");
  }

  private static String bounds(double range) {
    return "[-" + range + ", " + range + "]";
  }
}
