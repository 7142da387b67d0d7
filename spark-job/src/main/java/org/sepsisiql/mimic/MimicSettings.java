package org.sepsisiql.mimic;

import com.typesafe.config.Config;
import org.sepsisiql.config.Checks;

/**
 * The adapter's tunables, read from {@code sepsis-iql.mimic} (reference.conf documents each).
 *
 * @param ageCapYears age given to patients older than 89, whose MIMIC ages are shifted to ~300
 * @param labHoursBeforeIntime LABEVENTS rows this long before ICU admission still belong to the
 *     stay
 * @param infectionHoursBeforeIntime antibiotics and cultures this long before ICU admission count
 * @param careVueBolusHours a CareVue fluid volume is spread over this many hours before charttime
 * @param careVueRateHoldHours a CareVue vasopressor rate holds until the next one, at most this
 *     long
 * @param defaultWeightKg the weight of a stay without any plausible charted weight
 * @param minWeightKg lowest plausible charted weight
 * @param maxWeightKg highest plausible charted weight
 */
public record MimicSettings(
    double ageCapYears,
    int labHoursBeforeIntime,
    int infectionHoursBeforeIntime,
    int careVueBolusHours,
    int careVueRateHoldHours,
    double defaultWeightKg,
    double minWeightKg,
    double maxWeightKg) {

  private static final String PREFIX = "sepsis-iql.mimic.";

  /** Reads and validates the settings; messages name the key and the bad value. */
  public static MimicSettings from(Config config) {
    double minWeight = Checks.doubleIn(config, PREFIX + "min-weight-kg", 0.5, 1000);
    double maxWeight = Checks.doubleIn(config, PREFIX + "max-weight-kg", minWeight, 1000);
    return new MimicSettings(
        Checks.doubleIn(config, PREFIX + "age-cap-years", 89, 120),
        Checks.intAtLeast(config, PREFIX + "lab-hours-before-intime", 0),
        Checks.intAtLeast(config, PREFIX + "infection-hours-before-intime", 0),
        Checks.intAtLeast(config, PREFIX + "carevue-bolus-hours", 1),
        Checks.intAtLeast(config, PREFIX + "carevue-rate-hold-hours", 1),
        Checks.doubleIn(config, PREFIX + "default-weight-kg", minWeight, maxWeight),
        minWeight,
        maxWeight);
  }
}
