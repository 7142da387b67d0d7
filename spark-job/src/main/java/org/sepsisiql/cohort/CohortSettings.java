package org.sepsisiql.cohort;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.config.Checks;

/**
 * The cohort stage's settings, read from {@code sepsis-iql.cohort} and validated up front (every
 * default and its reason is in {@code reference.conf}).
 *
 * @param windowBeforeHours hours before sepsis onset where the window starts
 * @param windowAfterHours hours after onset where the window ends
 * @param binHours width of one step
 * @param maxSteps most steps per stay
 * @param minSteps fewest steps a stay needs to stay in the cohort
 * @param minAgeYears youngest age admitted (adults only)
 * @param trainFraction share of patients, earliest first admissions, in train
 * @param validationFraction share of patients in validation
 * @param testFraction share of patients, latest first admissions, in test
 * @param sepsis3 the Sepsis-3 onset rule used when stays carry no onset time
 * @param mortality {@code in-hospital} or {@code 90-day}
 * @param mortalityDays horizon of {@code 90-day} mortality, days after admission
 * @param terminalReward reward magnitude at the last step: +R on survival, -R on death
 * @param sofaShaping weight of the SOFA decrease between steps in the intermediate reward
 * @param lactateShaping weight of the lactate decrease between steps in the intermediate reward
 * @param gamma discount factor, stored for later stages
 * @param medianRelativeError 0 for exact train medians, else the rank error of approximate ones
 */
public record CohortSettings(
    int windowBeforeHours,
    int windowAfterHours,
    int binHours,
    int maxSteps,
    int minSteps,
    double minAgeYears,
    double trainFraction,
    double validationFraction,
    double testFraction,
    Sepsis3 sepsis3,
    String mortality,
    int mortalityDays,
    double terminalReward,
    double sofaShaping,
    double lactateShaping,
    double gamma,
    double medianRelativeError)
    implements Serializable {

  /** Mortality from {@code died_in_hospital}. */
  public static final String IN_HOSPITAL = "in-hospital";

  /** Mortality from a {@code death_time} within {@code mortality-days} of admission. */
  public static final String NINETY_DAY = "90-day";

  private static final String PREFIX = "sepsis-iql.cohort.";

  /**
   * Sepsis-3 suspected infection and organ dysfunction windows (Seymour et al., JAMA 2016).
   *
   * @param antibioticThenCultureHours a culture within this many hours after an antibiotic
   * @param cultureThenAntibioticHours an antibiotic within this many hours after a culture
   * @param sofaBeforeHours SOFA window start before the suspected infection
   * @param sofaAfterHours SOFA window end after the suspected infection
   * @param sofaThreshold lowest SOFA (worst values in the window) counted as organ dysfunction
   */
  public record Sepsis3(
      int antibioticThenCultureHours,
      int cultureThenAntibioticHours,
      int sofaBeforeHours,
      int sofaAfterHours,
      int sofaThreshold)
      implements Serializable {}

  public static CohortSettings from(Config config) {
    int before = Checks.intAtLeast(config, PREFIX + "window-before-hours", 0);
    int after = Checks.intAtLeast(config, PREFIX + "window-after-hours", 0);
    int bin = Checks.intAtLeast(config, PREFIX + "bin-hours", 1);
    if (before + after < bin) {
      throw Checks.invalid(
          PREFIX + "window-after-hours",
          "plus window-before-hours must cover at least one bin of " + bin + " hours",
          after);
    }
    int maxSteps = Checks.intAtLeast(config, PREFIX + "max-steps", 1);
    int minSteps = Checks.intAtLeast(config, PREFIX + "min-steps", 1);
    if (minSteps > maxSteps) {
      throw Checks.invalid(PREFIX + "min-steps", "must be at most max-steps " + maxSteps, minSteps);
    }
    double train = Checks.doubleIn(config, PREFIX + "split.train", 0.0, 1.0);
    double validation = Checks.doubleIn(config, PREFIX + "split.validation", 0.0, 1.0);
    double test = Checks.doubleIn(config, PREFIX + "split.test", 0.0, 1.0);
    if (Math.abs(train + validation + test - 1.0) > 1e-9) {
      throw Checks.invalid(
          PREFIX + "split", "fractions must sum to 1", train + " + " + validation + " + " + test);
    }
    if (!(train > 0)) {
      throw Checks.invalid(PREFIX + "split.train", "must be positive", train);
    }
    return new CohortSettings(
        before,
        after,
        bin,
        maxSteps,
        minSteps,
        Checks.doubleIn(config, PREFIX + "min-age-years", 0.0, 150.0),
        train,
        validation,
        test,
        sepsis3(config),
        Checks.oneOf(config, PREFIX + "reward.mortality", IN_HOSPITAL, NINETY_DAY),
        Checks.intAtLeast(config, PREFIX + "reward.mortality-days", 1),
        Checks.positive(config, PREFIX + "reward.terminal"),
        Checks.doubleIn(config, PREFIX + "reward.sofa-shaping", 0.0, 100.0),
        Checks.doubleIn(config, PREFIX + "reward.lactate-shaping", 0.0, 100.0),
        Checks.doubleIn(config, PREFIX + "reward.gamma", 0.0, 1.0),
        Checks.doubleIn(config, PREFIX + "median-relative-error", 0.0, 0.1));
  }

  private static Sepsis3 sepsis3(Config config) {
    String p = PREFIX + "sepsis3.";
    return new Sepsis3(
        Checks.intAtLeast(config, p + "antibiotic-then-culture-hours", 0),
        Checks.intAtLeast(config, p + "culture-then-antibiotic-hours", 0),
        Checks.intAtLeast(config, p + "sofa-before-hours", 0),
        Checks.intAtLeast(config, p + "sofa-after-hours", 0),
        Checks.intAtLeast(config, p + "sofa-threshold", 0));
  }

  /** Microseconds in one bin. */
  public long binMicros() {
    return binHours * 3_600_000_000L;
  }
}
