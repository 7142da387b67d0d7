package org.sepsisiql.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The canonical measured variables: the values of the {@code variable} column of the {@code
 * measurements} dataset (DESIGN.md section 3), in their canonical units (converted by the udfs'
 * {@code to_canonical_unit}).
 *
 * <p>Each variable carries its physiological range (values outside are impossible and dropped,
 * counted in {@code _quality}) and its hold time: how long a value is carried forward within a stay
 * before it counts as missing (sample-and-hold). Hold times follow the sampling frequency: vitals
 * are charted about hourly and held 8 hours; labs drawn every 4 to 24 hours are held 28 hours;
 * blood gases 12 hours. Both the cohort stage and the simulator's rollouts read this one table, so
 * a policy sees in a rollout exactly what it saw in training.
 */
public enum ClinicalVariable {
  HEART_RATE("heart_rate", 0, 250, 8),
  SBP("sbp", 0, 300, 8),
  MAP("map", 0, 200, 8),
  DBP("dbp", 0, 200, 8),
  RESP_RATE("resp_rate", 0, 80, 8),
  TEMP_C("temp_c", 25, 45, 12),
  SPO2("spo2", 50, 100, 8),
  FIO2("fio2", 0.21, 1.0, 12),
  GCS("gcs", 3, 15, 12),
  MECH_VENT("mech_vent", 0, 1, 24),
  POTASSIUM("potassium", 1, 15, 28),
  SODIUM("sodium", 95, 180, 28),
  CHLORIDE("chloride", 70, 150, 28),
  GLUCOSE("glucose", 10, 1500, 28),
  BUN("bun", 1, 300, 28),
  CREATININE("creatinine", 0.1, 20, 28),
  MAGNESIUM("magnesium", 0.5, 10, 28),
  HEMOGLOBIN("hemoglobin", 2, 25, 28),
  WBC("wbc", 0.05, 500, 28),
  PLATELETS("platelets", 1, 2000, 28),
  INR("inr", 0.5, 20, 28),
  PH("ph", 6.7, 8.0, 12),
  PAO2("pao2", 20, 700, 12),
  PACO2("paco2", 10, 200, 12),
  BASE_EXCESS("base_excess", -50, 50, 12),
  BICARBONATE("bicarbonate", 2, 60, 28),
  LACTATE("lactate", 0.1, 30, 12),
  BILIRUBIN("bilirubin", 0.1, 70, 28);

  private static final Map<String, ClinicalVariable> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(ClinicalVariable::columnName, Function.identity()));

  private final String columnName;
  private final double minimum;
  private final double maximum;
  private final int holdHours;

  ClinicalVariable(String columnName, double minimum, double maximum, int holdHours) {
    this.columnName = columnName;
    this.minimum = minimum;
    this.maximum = maximum;
    this.holdHours = holdHours;
  }

  /** The canonical name, as written in the {@code variable} column. */
  public String columnName() {
    return columnName;
  }

  /** Lowest physiologically possible value in the canonical unit (inclusive). */
  public double minimum() {
    return minimum;
  }

  /** Highest physiologically possible value in the canonical unit (inclusive). */
  public double maximum() {
    return maximum;
  }

  /** Whether a canonical value is finite and inside the physiological range. */
  public boolean isPlausible(double value) {
    return Double.isFinite(value) && value >= minimum && value <= maximum;
  }

  /** Hours a value is carried forward before it counts as missing. */
  public int holdHours() {
    return holdHours;
  }

  /** Looks a variable up by its canonical name (case-insensitive). */
  public static ClinicalVariable fromName(String name) {
    ClinicalVariable variable =
        name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    if (variable == null) {
      throw new IllegalArgumentException("unknown clinical variable: " + name);
    }
    return variable;
  }

  /** Whether a name is one of the canonical variables (case-insensitive). */
  public static boolean isKnown(String name) {
    return name != null && BY_NAME.containsKey(name.trim().toLowerCase(Locale.ROOT));
  }
}
