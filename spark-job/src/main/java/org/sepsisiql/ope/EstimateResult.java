package org.sepsisiql.ope;

import java.util.OptionalDouble;

/**
 * One estimator's value with its bootstrap interval and its plausibility verdict. The raw numbers
 * are kept for diagnosis; {@link #value()}, {@link #lower()} and {@link #upper()} are empty when
 * the estimate is invalid, so an implausible number is never shown as a result.
 *
 * @param estimator which estimator
 * @param rawValue the point estimate as computed, whatever its plausibility
 * @param rawLower lower bound of the percentile interval (NaN without a bootstrap)
 * @param rawUpper upper bound of the percentile interval (NaN without a bootstrap)
 * @param usableResamples resamples where the estimator was defined
 * @param valid whether the estimate may be shown
 * @param reason why not, empty when valid
 * @param flag a warning about a valid estimate (e.g. WDR disagrees with WIS), empty when none
 */
public record EstimateResult(
    Estimator estimator,
    double rawValue,
    double rawLower,
    double rawUpper,
    int usableResamples,
    boolean valid,
    String reason,
    String flag) {

  /** This estimate withheld with a reason (no-op when it is already invalid: the first reason). */
  public EstimateResult withheld(String why) {
    return valid
        ? new EstimateResult(
            estimator, rawValue, rawLower, rawUpper, usableResamples, false, why, flag)
        : this;
  }

  /** This estimate with a warning flag; it stays valid. */
  public EstimateResult flagged(String warning) {
    return new EstimateResult(
        estimator, rawValue, rawLower, rawUpper, usableResamples, valid, reason, warning);
  }

  public OptionalDouble value() {
    return valid ? OptionalDouble.of(rawValue) : OptionalDouble.empty();
  }

  public OptionalDouble lower() {
    return valid && !Double.isNaN(rawLower) ? OptionalDouble.of(rawLower) : OptionalDouble.empty();
  }

  public OptionalDouble upper() {
    return valid && !Double.isNaN(rawUpper) ? OptionalDouble.of(rawUpper) : OptionalDouble.empty();
  }
}
