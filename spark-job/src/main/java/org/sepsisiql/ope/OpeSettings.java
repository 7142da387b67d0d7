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
 * @param ratioClip 0: off; else every per-step ratio pi_e / pi_b is capped at this (at least 1)
 */
public record OpeSettings(
    double gamma,
    int resamples,
    double confidence,
    long bootstrapSeed,
    double minUsableResamples,
    double plausibleRange,
    double probabilityTolerance,
    double piBFloor,
    double ratioClip)
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
    if (!(minUsableResamples >= 0 && minUsableResamples <= 1)) {
      throw Checks.invalid(
          PREFIX + "min-usable-resamples", "must be in [0, 1]", minUsableResamples);
    }
    if (!(probabilityTolerance >= 0 && probabilityTolerance <= 0.1)) {
      throw Checks.invalid(
          PREFIX + "probability-tolerance", "must be in [0, 0.1]", probabilityTolerance);
    }
    if (!(piBFloor >= 0 && piBFloor < 1)) {
      throw Checks.invalid(PREFIX + "pi-b-floor", "must be in [0, 1)", piBFloor);
    }
    if (!(ratioClip == 0 || (ratioClip >= 1 && ratioClip < Double.POSITIVE_INFINITY))) {
      throw Checks.invalid(PREFIX + "ratio-clip", "must be 0 (off) or at least 1", ratioClip);
    }
  }

  /** Settings without ratio clipping. */
  public OpeSettings(
      double gamma,
      int resamples,
      double confidence,
      long bootstrapSeed,
      double minUsableResamples,
      double plausibleRange,
      double probabilityTolerance,
      double piBFloor) {
    this(
        gamma,
        resamples,
        confidence,
        bootstrapSeed,
        minUsableResamples,
        plausibleRange,
        probabilityTolerance,
        piBFloor,
        0);
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
        config.getDouble(PREFIX + "min-usable-resamples"),
        Checks.positive(config, PREFIX + "plausible-range"),
        config.getDouble(PREFIX + "probability-tolerance"),
        Checks.doubleIn(config, PREFIX + "pi-b-floor", 0, 0.5),
        config.getDouble(PREFIX + "ratio-clip"));
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
        piBFloor,
        ratioClip);
  }

  /** The same settings with another pi_b floor. */
  public OpeSettings withPiBFloor(double floor) {
    return new OpeSettings(
        gamma,
        resamples,
        confidence,
        bootstrapSeed,
        minUsableResamples,
        plausibleRange,
        probabilityTolerance,
        floor,
        ratioClip);
  }

  /** The same settings with per-step ratios capped at {@code clip} (0: off). */
  public OpeSettings withRatioClip(double clip) {
    return new OpeSettings(
        gamma,
        resamples,
        confidence,
        bootstrapSeed,
        minUsableResamples,
        plausibleRange,
        probabilityTolerance,
        piBFloor,
        clip);
  }
}
