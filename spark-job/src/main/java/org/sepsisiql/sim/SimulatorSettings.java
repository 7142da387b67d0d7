package org.sepsisiql.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import java.util.List;

/**
 * The simulator's tunable numbers, read from {@code sepsis-iql.simulator} (defaults and one-line
 * comments in {@code reference.conf}) and validated up front, so a bad value fails with its key
 * before any Spark job starts. Immutable and serializable: it travels to the executors.
 */
public record SimulatorSettings(
    int hoursBeforeOnset,
    int hoursAfterOnset,
    int binHours,
    int firstAdmissionYear,
    int lastAdmissionYear,
    double readmissionPairFraction,
    int clinicians,
    double clinicianSpread,
    double actionFloor,
    double vasopressorDrift,
    double fluidDrift,
    double mortalityLogitShift,
    double vitalMissingRate,
    double outlierRate,
    double nonCanonicalUnitFraction,
    DoseLevels fluidLevels,
    DoseLevels vasopressorLevels,
    double doseLogSd,
    int staysPerPartition,
    double gamma,
    double terminalReward)
    implements Serializable {

  static final String PREFIX = "sepsis-iql.simulator.";

  /** Medians of the doses sampled within levels 1 and 2, and the dose that separates them. */
  public record DoseLevels(double lowMedian, double highMedian, double cut)
      implements Serializable {}

  public SimulatorSettings {
    atLeast("bin-hours", binHours, 1);
    atLeast("hours-before-onset", hoursBeforeOnset, 0);
    atLeast("hours-after-onset", hoursAfterOnset, binHours);
    multipleOfBin("hours-before-onset", hoursBeforeOnset, binHours);
    multipleOfBin("hours-after-onset", hoursAfterOnset, binHours);
    atLeast("first-admission-year", firstAdmissionYear, 1970);
    atLeast("last-admission-year", lastAdmissionYear, firstAdmissionYear);
    inClosedUnit("readmission-pair-fraction", readmissionPairFraction);
    atLeast("clinicians", clinicians, 1);
    nonNegative("clinician-spread", clinicianSpread);
    if (!(actionFloor >= 0 && actionFloor < 1.0 / 9)) {
      throw invalid("action-floor", "must be in [0, 1/9)", actionFloor);
    }
    finite("vasopressor-drift", vasopressorDrift);
    finite("fluid-drift", fluidDrift);
    finite("mortality-logit-shift", mortalityLogitShift);
    inOpenUnit("vital-missing-rate", vitalMissingRate);
    inClosedUnit("outlier-rate", outlierRate);
    inClosedUnit("non-canonical-unit-fraction", nonCanonicalUnitFraction);
    validLevels("fluid-level", fluidLevels);
    validLevels("vasopressor-level", vasopressorLevels);
    if (!(doseLogSd > 0 && doseLogSd <= 2)) {
      throw invalid("dose-log-sd", "must be in (0, 2]", doseLogSd);
    }
    atLeast("stays-per-partition", staysPerPartition, 1);
    if (!(gamma > 0 && gamma <= 1)) {
      throw invalid("gamma", "must be in (0, 1]", gamma);
    }
    if (!(terminalReward > 0 && Double.isFinite(terminalReward))) {
      throw invalid("terminal-reward", "must be positive", terminalReward);
    }
  }

  /** Reads and validates {@code sepsis-iql.simulator} from a resolved root configuration. */
  public static SimulatorSettings from(Config root) {
    Config c = root.getConfig("sepsis-iql.simulator");
    return new SimulatorSettings(
        c.getInt("hours-before-onset"),
        c.getInt("hours-after-onset"),
        c.getInt("bin-hours"),
        c.getInt("first-admission-year"),
        c.getInt("last-admission-year"),
        c.getDouble("readmission-pair-fraction"),
        c.getInt("clinicians"),
        c.getDouble("clinician-spread"),
        c.getDouble("action-floor"),
        c.getDouble("vasopressor-drift"),
        c.getDouble("fluid-drift"),
        c.getDouble("mortality-logit-shift"),
        c.getDouble("vital-missing-rate"),
        c.getDouble("outlier-rate"),
        c.getDouble("non-canonical-unit-fraction"),
        levels(c, "fluid-level"),
        levels(c, "vasopressor-level"),
        c.getDouble("dose-log-sd"),
        c.getInt("stays-per-partition"),
        c.getDouble("gamma"),
        c.getDouble("terminal-reward"));
  }

  /** The defaults of {@code reference.conf}. */
  public static SimulatorSettings defaults() {
    return from(ConfigFactory.defaultReference());
  }

  /** Steps (bins) in the full window: at most this many per stay. */
  public int maxSteps() {
    return (hoursBeforeOnset + hoursAfterOnset) / binHours;
  }

  /** The step that starts at sepsis onset. */
  public int onsetStep() {
    return hoursBeforeOnset / binHours;
  }

  /** The same settings with another discount. */
  public SimulatorSettings withGamma(double newGamma) {
    return new SimulatorSettings(
        hoursBeforeOnset,
        hoursAfterOnset,
        binHours,
        firstAdmissionYear,
        lastAdmissionYear,
        readmissionPairFraction,
        clinicians,
        clinicianSpread,
        actionFloor,
        vasopressorDrift,
        fluidDrift,
        mortalityLogitShift,
        vitalMissingRate,
        outlierRate,
        nonCanonicalUnitFraction,
        fluidLevels,
        vasopressorLevels,
        doseLogSd,
        staysPerPartition,
        newGamma,
        terminalReward);
  }

  private static DoseLevels levels(Config c, String name) {
    List<Double> medians = c.getDoubleList(name + "-medians");
    if (medians.size() != 2) {
      throw invalid(name + "-medians", "must hold 2 values", medians);
    }
    return new DoseLevels(medians.get(0), medians.get(1), c.getDouble(name + "-cut"));
  }

  private static void validLevels(String name, DoseLevels levels) {
    if (!(levels.lowMedian() > 0 && levels.lowMedian() < levels.cut())) {
      throw invalid(name + "-medians", "must have a positive first value below the cut", levels);
    }
    if (!(levels.highMedian() > levels.cut() && Double.isFinite(levels.highMedian()))) {
      throw invalid(name + "-medians", "must have a second value above the cut", levels);
    }
  }

  private static void atLeast(String key, int value, int minimum) {
    if (value < minimum) {
      throw invalid(key, "must be at least " + minimum, value);
    }
  }

  private static void multipleOfBin(String key, int hours, int binHours) {
    if (binHours > 0 && hours % binHours != 0) {
      throw invalid(key, "must be a multiple of bin-hours (" + binHours + ")", hours);
    }
  }

  private static void inClosedUnit(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw invalid(key, "must be in [0, 1]", value);
    }
  }

  private static void inOpenUnit(String key, double value) {
    if (!(value > 0 && value < 1)) {
      throw invalid(key, "must be in (0, 1)", value);
    }
  }

  private static void nonNegative(String key, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw invalid(key, "must be at least 0", value);
    }
  }

  private static void finite(String key, double value) {
    if (!Double.isFinite(value)) {
      throw invalid(key, "must be finite", value);
    }
  }

  private static IllegalArgumentException invalid(String key, String rule, Object value) {
    return new IllegalArgumentException(PREFIX + key + " " + rule + ", cannot be: " + value);
  }
}
