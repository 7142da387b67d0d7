package org.sepsisiql.ope;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.config.Checks;

/**
 * The {@code sepsis-iql.evaluate} settings of off-policy evaluation, validated on read (see {@code
 * reference.conf} for what each one means).
 *
 * @param gamma discount of the evaluated returns
 * @param resamples bootstrap resamples (0 disables the bootstrap)
 * @param confidence coverage of the percentile intervals, e.g. 0.95
 * @param bootstrapSeed seed of the Poisson bootstrap weights
 * @param minUsableResamples share of resamples that must be usable for an interval
 * @param plausibleRange rewards allow values in [-range, +range]
 * @param probabilityTolerance allowed deviation of a probability row's sum from 1
 * @param piBFloor 0: a taken action with pi_b = 0 is an error; else raised to this floor, counted
 */
public record OpeSettings(
    double gamma,
    int resamples,
    double confidence,
    long bootstrapSeed,
    double minUsableResamples,
    double plausibleRange,
    double probabilityTolerance,
    double piBFloor)
    implements Serializable {

  private static final String PREFIX = "sepsis-iql.evaluate.";
  private static final long BOOTSTRAP_STREAM = 0x6f70652d626f6f74L;

  public OpeSettings {
    if (!(gamma > 0 && gamma <= 1)) {
      throw Checks.invalid(PREFIX + "gamma", "must be in (0, 1]", gamma);
    }
    if (resamples < 0) {
      throw Checks.invalid(PREFIX + "bootstrap-resamples", "must be at least 0", resamples);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw Checks.invalid(PREFIX + "confidence", "must be in (0, 1)", confidence);
    }
    if (!(plausibleRange > 0) || Double.isInfinite(plausibleRange)) {
      throw Checks.invalid(PREFIX + "plausible-range", "must be positive", plausibleRange);
    }
    if (!(piBFloor >= 0 && piBFloor < 1)) {
      throw Checks.invalid(PREFIX + "pi-b-floor", "must be in [0, 1)", piBFloor);
    }
  }

  public static OpeSettings from(Config config) {
    long seed =
        config.getIsNull(PREFIX + "bootstrap-seed")
            ? config.getLong("sepsis-iql.seed") ^ BOOTSTRAP_STREAM
            : config.getLong(PREFIX + "bootstrap-seed");
    return new OpeSettings(
        Checks.doubleIn(config, PREFIX + "gamma", Double.MIN_VALUE, 1),
        Checks.intAtLeast(config, PREFIX + "bootstrap-resamples", 0),
        Checks.doubleIn(config, PREFIX + "confidence", 0.5, 0.999),
        seed,
        Checks.doubleIn(config, PREFIX + "min-usable-resamples", 0, 1),
        Checks.positive(config, PREFIX + "plausible-range"),
        Checks.doubleIn(config, PREFIX + "probability-tolerance", 0, 0.1),
        Checks.doubleIn(config, PREFIX + "pi-b-floor", 0, 0.5));
  }

  /** The same settings with another number of resamples (benchmarks, tests). */
  public OpeSettings withResamples(int count) {
    return new OpeSettings(
        gamma,
        count,
        confidence,
        bootstrapSeed,
        minUsableResamples,
        plausibleRange,
        probabilityTolerance,
        piBFloor);
  }
}
