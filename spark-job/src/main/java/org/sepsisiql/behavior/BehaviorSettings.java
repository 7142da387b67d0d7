package org.sepsisiql.behavior;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import org.sepsisiql.config.Checks;

/**
 * The behavior stage's settings, {@code sepsis-iql.behavior}: the regularization grid searched on
 * validation log-loss ({@code reg-params}, {@code elastic-net-param}), the optimizer budget ({@code
 * max-iter}, {@code tolerance}, {@code standardization}), the probability floor of the stored
 * {@code pi_b} ({@code probability-floor}, below 1/9 so nine floored actions still fit in a
 * distribution) and the number of calibration bins. Every value is validated here, with the key and
 * the bad value in the message.
 */
public record BehaviorSettings(
    List<Double> regParams,
    double elasticNetParam,
    int maxIter,
    double tolerance,
    boolean standardization,
    double probabilityFloor,
    int calibrationBins)
    implements Serializable {
  static final String PREFIX = "sepsis-iql.behavior.";

  public BehaviorSettings {
    regParams = List.copyOf(regParams);
  }

  public static BehaviorSettings from(Config config) {
    return new BehaviorSettings(
        regParams(config),
        Checks.doubleIn(config, PREFIX + "elastic-net-param", 0.0, 1.0),
        Checks.intAtLeast(config, PREFIX + "max-iter", 1),
        Checks.positive(config, PREFIX + "tolerance"),
        config.getBoolean(PREFIX + "standardization"),
        probabilityFloor(config),
        calibrationBins(config));
  }

  private static List<Double> regParams(Config config) {
    String key = PREFIX + "reg-params";
    List<Double> values = config.getDoubleList(key);
    if (values.isEmpty()) {
      throw Checks.invalid(key, "must list at least one value", values);
    }
    for (double value : values) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw Checks.invalid(key, "must hold finite values of at least 0", values);
      }
    }
    if (new HashSet<>(values).size() != values.size()) {
      throw Checks.invalid(key, "must not repeat a value", values);
    }
    return values;
  }

  private static double probabilityFloor(Config config) {
    String key = PREFIX + "probability-floor";
    double value = config.getDouble(key);
    if (!(value > 0 && value * BehaviorColumns.ACTIONS < 1)) {
      throw Checks.invalid(key, "must be in (0, 1/" + BehaviorColumns.ACTIONS + ")", value);
    }
    return value;
  }

  private static int calibrationBins(Config config) {
    int value = Checks.intAtLeast(config, PREFIX + "calibration-bins", 1);
    if (value > 1000) {
      throw Checks.invalid(PREFIX + "calibration-bins", "must be at most 1000", value);
    }
    return value;
  }
}
