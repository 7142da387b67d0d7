package org.sepsisiql.report;

import com.typesafe.config.Config;
import java.util.List;
import org.sepsisiql.config.Checks;

/**
 * The report stage's settings, {@code sepsis-iql.report}: chart sizes in pixels, the policy shown
 * as "learned" beside the clinicians, the estimators shown and their order, and the decimals of the
 * tables. Every value is validated here, with the key and the bad value in the message.
 */
public record ReportSettings(
    int chartWidth,
    int chartHeight,
    int heatmapSize,
    String learnedPolicy,
    List<String> estimators,
    int decimals) {
  static final String PREFIX = "sepsis-iql.report.";

  public ReportSettings {
    estimators = List.copyOf(estimators);
  }

  public static ReportSettings from(Config config) {
    return new ReportSettings(
        pixels(config, "chart-width"),
        pixels(config, "chart-height"),
        pixels(config, "heatmap-size"),
        learnedPolicy(config),
        estimators(config),
        decimals(config));
  }

  private static int pixels(Config config, String name) {
    int value = Checks.intAtLeast(config, PREFIX + name, 100);
    if (value > 4000) {
      throw Checks.invalid(PREFIX + name, "must be at most 4000", value);
    }
    return value;
  }

  private static String learnedPolicy(Config config) {
    String value = config.getString(PREFIX + "learned-policy");
    if (value.isBlank()) {
      throw Checks.invalid(PREFIX + "learned-policy", "must not be blank", "\"" + value + "\"");
    }
    return value;
  }

  private static List<String> estimators(Config config) {
    List<String> values = config.getStringList(PREFIX + "estimators");
    if (values.isEmpty()) {
      throw Checks.invalid(PREFIX + "estimators", "must list at least one estimator", values);
    }
    return values;
  }

  private static int decimals(Config config) {
    int value = Checks.intAtLeast(config, PREFIX + "decimals", 0);
    if (value > 10) {
      throw Checks.invalid(PREFIX + "decimals", "must be at most 10", value);
    }
    return value;
  }
}
