package org.sepsisiql.evaluate;

/**
 * When an interval "covers" the simulator's true value: the true value is itself a Monte Carlo mean
 * with a standard error, so the interval is widened by {@link #Z} of those standard errors on each
 * side before the check (DESIGN.md section 7). With the default 4,000 rollouts the slack is about
 * 0.18 on a reward scale of +-15.
 */
public final class TruthCoverage {
  /** Standard errors of the true value allowed on each side (two-sided 95 %). */
  public static final double Z = 1.96;

  private TruthCoverage() {}

  public static boolean covers(double lower, double upper, double truth, double truthError) {
    double slack = Z * truthError;
    return lower - slack <= truth && truth <= upper + slack;
  }
}
