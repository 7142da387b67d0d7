package org.sepsisiql.ope;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.sepsisiql.config.Checks;

/**
 * The {@code sepsis-iql.evaluate} settings of {@link ReliabilityGate}, validated on construction
 * (reference.conf documents each key).
 *
 * @param minEffectiveSampleSize the least ESS an importance-weighted estimate needs, whatever n
 * @param minEffectiveSampleShare ... and the least share of n: threshold {@code max(minimum, share
 *     * n)}
 * @param maxParetoK the largest Pareto k-hat of the weights an importance-weighted estimate may
 *     have
 * @param withheld estimators withheld by default, each with the reason shown
 */
public record ReliabilitySettings(
    double minEffectiveSampleSize,
    double minEffectiveSampleShare,
    double maxParetoK,
    Map<Estimator, String> withheld)
    implements Serializable {

  private static final String PREFIX = "sepsis-iql.evaluate.";

  public ReliabilitySettings {
    if (!(minEffectiveSampleSize >= 0) || Double.isInfinite(minEffectiveSampleSize)) {
      throw Checks.invalid(
          PREFIX + "min-effective-sample-size", "must be at least 0", minEffectiveSampleSize);
    }
    if (!(minEffectiveSampleShare >= 0 && minEffectiveSampleShare <= 1)) {
      throw Checks.invalid(
          PREFIX + "min-effective-sample-share", "must be in [0, 1]", minEffectiveSampleShare);
    }
    if (!(maxParetoK > 0) || Double.isInfinite(maxParetoK)) {
      throw Checks.invalid(PREFIX + "max-pareto-k", "must be positive", maxParetoK);
    }
    for (Map.Entry<Estimator, String> entry : withheld.entrySet()) {
      if (entry.getValue() == null || entry.getValue().isBlank()) {
        throw Checks.invalid(
            PREFIX + "withheld-estimators",
            "needs a reason for " + entry.getKey(),
            entry.getValue());
      }
    }
    withheld = Map.copyOf(withheld);
  }

  public static ReliabilitySettings from(Config config) {
    return new ReliabilitySettings(
        config.getDouble(PREFIX + "min-effective-sample-size"),
        config.getDouble(PREFIX + "min-effective-sample-share"),
        config.getDouble(PREFIX + "max-pareto-k"),
        withheld(config.getConfigList(PREFIX + "withheld-estimators")));
  }

  private static Map<Estimator, String> withheld(List<? extends Config> entries) {
    Map<Estimator, String> withheld = new EnumMap<>(Estimator.class);
    for (int i = 0; i < entries.size(); i++) {
      String key = PREFIX + "withheld-estimators[" + i + "]";
      Config entry = entries.get(i);
      String name = entry.hasPath("estimator") ? entry.getString("estimator") : null;
      Estimator estimator = estimator(key + ".estimator", name);
      if (withheld.containsKey(estimator)) {
        throw Checks.invalid(key + ".estimator", "is listed twice", name);
      }
      withheld.put(estimator, entry.hasPath("reason") ? entry.getString("reason") : null);
    }
    return withheld;
  }

  /** The estimator of that name, or an error naming the name and the allowed ones. */
  static Estimator estimator(String key, String name) {
    for (Estimator estimator : Estimator.values()) {
      if (estimator.name().equals(name)) {
        return estimator;
      }
    }
    throw Checks.invalid(
        key,
        "must be one of " + Arrays.toString(Estimator.values()) + " (unknown estimator)",
        name);
  }

  /** The ESS an importance-weighted estimate on n trajectories needs. */
  public double essThreshold(long n) {
    return Math.max(minEffectiveSampleSize, minEffectiveSampleShare * n);
  }
}
