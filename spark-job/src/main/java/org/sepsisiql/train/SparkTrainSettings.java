package org.sepsisiql.train;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.config.Checks;

/**
 * Settings of the Spark trainer, from {@code sepsis-iql.train.spark}; see {@code reference.conf}.
 * {@code targetUpdateRate} is NaN for {@code auto}: the rate that matches the local trainer's
 * per-step Polyak rate over one round's minibatches per worker ({@link #roundTargetRate}).
 */
public record SparkTrainSettings(
    int maxRounds,
    double sampleFraction,
    int passesPerRound,
    int averagingFrequency,
    int workers,
    int prefetch,
    double targetUpdateRate)
    implements Serializable {
  private static final String PREFIX = "sepsis-iql.train.spark.";

  public static SparkTrainSettings from(Config config) {
    return new SparkTrainSettings(
        Checks.intAtLeast(config, PREFIX + "max-rounds", 1),
        positiveFraction(config, PREFIX + "sample-fraction"),
        Checks.intAtLeast(config, PREFIX + "passes-per-round", 1),
        Checks.intAtLeast(config, PREFIX + "averaging-frequency", 1),
        Checks.intAtLeast(config, PREFIX + "workers", 0),
        Checks.intAtLeast(config, PREFIX + "prefetch", 0),
        targetRate(config, PREFIX + "target-update-rate"));
  }

  /**
   * The Polyak rate applied once per round: the configured one, or for {@code auto} {@code 1 - (1 -
   * tau)^k} with tau the agent's per-step rate and k the optimizer steps each worker takes in the
   * round, i.e. the same total mixing the local trainer applies over k steps.
   */
  public double roundTargetRate(double perStepRate, long stepsPerWorker) {
    if (!Double.isNaN(targetUpdateRate)) {
      return targetUpdateRate;
    }
    return 1.0 - Math.pow(1.0 - perStepRate, Math.max(1, stepsPerWorker));
  }

  /** The settings that define the training trajectory (all but max-rounds), for fingerprints. */
  public String withoutLimits() {
    return sampleFraction
        + "|"
        + passesPerRound
        + "|"
        + averagingFrequency
        + "|"
        + workers
        + "|"
        + targetUpdateRate;
  }

  private static double positiveFraction(Config config, String key) {
    double value = config.getDouble(key);
    if (!(value > 0 && value <= 1)) {
      throw Checks.invalid(key, "must be in (0, 1]", value);
    }
    return value;
  }

  private static double targetRate(Config config, String key) {
    if ("auto".equals(config.getValue(key).unwrapped())) {
      return Double.NaN;
    }
    double value;
    try {
      value = config.getDouble(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw Checks.invalid(
          key, "must be auto or a number in (0, 1]", config.getValue(key).render());
    }
    if (!(value > 0 && value <= 1)) {
      throw Checks.invalid(key, "must be auto or a number in (0, 1]", value);
    }
    return value;
  }
}
