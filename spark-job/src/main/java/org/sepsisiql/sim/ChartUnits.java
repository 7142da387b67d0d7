package org.sepsisiql.sim;

import org.sepsisiql.data.ClinicalVariable;

/**
 * The unit strings the simulated wards chart, by small integer code (stored compactly per event).
 * Code 0 is "no unit" (null: canonical by convention). Each variable has a canonical spelling and,
 * for four variables, a non-canonical one that the udfs must convert: temperature in F, glucose in
 * mmol/L, FiO2 in percent, creatinine in umol/L.
 */
final class ChartUnits {
  static final int NONE = 0;
  private static final String[] NAMES = {
    null,
    "bpm",
    "mmHg",
    "insp/min",
    "C",
    "%",
    "mEq/L",
    "mg/dL",
    "g/dL",
    "K/uL",
    "mmol/L",
    "F",
    "umol/L"
  };
  static final int FAHRENHEIT = 11;
  static final int MMOL_L = 10;
  static final int PERCENT = 5;
  static final int UMOL_L = 12;

  private ChartUnits() {}

  static String name(int code) {
    return NAMES[code];
  }

  /** The canonical unit code of a variable. */
  static int canonical(ClinicalVariable variable) {
    return switch (variable) {
      case HEART_RATE -> 1;
      case SBP, MAP, DBP, PAO2, PACO2 -> 2;
      case RESP_RATE -> 3;
      case TEMP_C -> 4;
      case SPO2 -> PERCENT;
      case POTASSIUM, SODIUM, CHLORIDE, BICARBONATE -> 6;
      case GLUCOSE, BUN, CREATININE, MAGNESIUM, BILIRUBIN -> 7;
      case HEMOGLOBIN -> 8;
      case WBC, PLATELETS -> 9;
      case BASE_EXCESS, LACTATE -> MMOL_L;
      case FIO2, GCS, MECH_VENT, INR, PH -> NONE;
    };
  }
}
