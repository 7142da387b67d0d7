package org.sepsisiql.clinical;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.config.Checks;

/**
 * The {@code sepsis-iql.evaluate.clinical} thresholds (DESIGN.md section 7; reference.conf says
 * what each one means).
 *
 * @param gridPoints points of each sweep grid, evenly spaced between the two percentiles
 * @param lowPercentile lower end of the sweep grid (train percentile of the swept feature)
 * @param highPercentile upper end of the sweep grid
 * @param maxPValue a sweep passes when its one-sided p-value is below this
 * @param minLevelChange ... and its expected level moves at least this much across the grid
 * @param minActionShare an action counts as used when chosen in at least this share of states
 * @param minActionsUsed the diversity test needs at least this many used actions
 * @param minEntropy the diversity test needs the chosen-action entropy (nats) above this
 * @param hazards the four hazard scenarios' thresholds
 */
public record ClinicalSettings(
    int gridPoints,
    double lowPercentile,
    double highPercentile,
    double maxPValue,
    double minLevelChange,
    double minActionShare,
    int minActionsUsed,
    double minEntropy,
    HazardThresholds hazards)
    implements Serializable {
  private static final String PREFIX = "sepsis-iql.evaluate.clinical.";

  /**
   * @param lowMap A: MAP below this with no treatment; C: MAP at most this with no fluid
   * @param highMap B: MAP above this with the highest vasopressor level
   * @param overloadMap D: MAP at least this ...
   * @param overloadBalanceMl D: ... cumulative fluid balance above this (mL) and the highest fluid
   */
  public record HazardThresholds(
      double lowMap, double highMap, double overloadMap, double overloadBalanceMl)
      implements Serializable {}

  public static ClinicalSettings from(Config config) {
    double low = Checks.doubleIn(config, PREFIX + "grid-low-percentile", 0, 1);
    double high = Checks.doubleIn(config, PREFIX + "grid-high-percentile", 0, 1);
    if (!(low < high)) {
      throw Checks.invalid(
          PREFIX + "grid-high-percentile", "must be above grid-low-percentile " + low, high);
    }
    return new ClinicalSettings(
        Checks.intAtLeast(config, PREFIX + "grid-points", 3),
        low,
        high,
        Checks.doubleIn(config, PREFIX + "max-p-value", 0, 1),
        Checks.doubleIn(config, PREFIX + "min-level-change", 0, 2),
        Checks.doubleIn(config, PREFIX + "min-action-share", 0, 1),
        Checks.intAtLeast(config, PREFIX + "min-actions-used", 1),
        Checks.doubleIn(config, PREFIX + "min-entropy-nats", 0, Math.log(9)),
        new HazardThresholds(
            Checks.positive(config, PREFIX + "hazards.low-map"),
            Checks.positive(config, PREFIX + "hazards.high-map"),
            Checks.positive(config, PREFIX + "hazards.overload-map"),
            Checks.positive(config, PREFIX + "hazards.overload-balance-ml")));
  }
}
