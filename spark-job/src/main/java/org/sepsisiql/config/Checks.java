package org.sepsisiql.config;

import com.typesafe.config.Config;

/**
 * Typed reads of settings with validation up front; every message names the full key and the bad
 * value, e.g. {@code sepsis-iql.synthesize.stays must be at least 1, cannot be: 0}.
 */
public final class Checks {
  private Checks() {}

  public static int intAtLeast(Config config, String key, int minimum) {
    int value = config.getInt(key);
    if (value < minimum) {
      throw invalid(key, "must be at least " + minimum, value);
    }
    return value;
  }

  public static long longAtLeast(Config config, String key, long minimum) {
    long value = config.getLong(key);
    if (value < minimum) {
      throw invalid(key, "must be at least " + minimum, value);
    }
    return value;
  }

  public static double doubleIn(Config config, String key, double low, double high) {
    double value = config.getDouble(key);
    if (!(value >= low && value <= high)) {
      throw invalid(key, "must be in [" + low + ", " + high + "]", value);
    }
    return value;
  }

  public static double positive(Config config, String key) {
    double value = config.getDouble(key);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(key, "must be positive", value);
    }
    return value;
  }

  public static String oneOf(Config config, String key, String... allowed) {
    String value = config.getString(key);
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw invalid(key, "must be one of " + String.join(", ", allowed), value);
  }

  /**
   * The constant of {@code type} a kebab-case setting names ({@code best-criterion} is {@code
   * BEST_CRITERION}); an error listing the allowed names otherwise.
   */
  public static <E extends Enum<E>> E oneOf(Config config, String key, Class<E> type) {
    String value = config.getString(key);
    for (E constant : type.getEnumConstants()) {
      if (key(constant).equals(value)) {
        return constant;
      }
    }
    throw invalid(
        key,
        "must be one of "
            + String.join(
                ", ", java.util.Arrays.stream(type.getEnumConstants()).map(Checks::key).toList()),
        value);
  }

  /** A constant's name in the configuration: lower case, '-' for '_'. */
  public static String key(Enum<?> constant) {
    return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** A string that may be null (unset) in the configuration. */
  public static String optionalString(Config config, String key) {
    return config.getIsNull(key) ? null : config.getString(key);
  }

  public static InvalidConfigException invalid(String key, String rule, Object value) {
    return new InvalidConfigException(key + " " + rule + ", cannot be: " + value);
  }
}
