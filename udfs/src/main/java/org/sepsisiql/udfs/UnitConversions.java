package org.sepsisiql.udfs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Converts measurements of the canonical variables (the {@code variable} column of the {@code
 * measurements} dataset, DESIGN.md section 3) to one canonical unit per variable.
 *
 * <p>Every method works on primitives where {@code NaN} means missing, and answers {@code NaN} for
 * a missing or non-finite value or a unit it does not know: bad data never throws, so one odd row
 * cannot fail a Spark job, and the cohort stage counts the {@code NaN}s it drops. Unit spellings
 * are matched case-insensitively, ignoring whitespace and the degree sign, with {@code µ}/{@code μ}
 * read as {@code u} ({@code "mm Hg"} = {@code "mmHg"}, {@code "µmol/L"} = {@code "umol/l"}).
 * Conversions are pure unit changes: range checks and clipping belong to the cohort stage, so a
 * negative value converts like any other.
 *
 * <p>Factors: glucose mmol/L x 18.016, urea mmol/L x 2.801 (BUN), creatinine umol/L / 88.42,
 * magnesium mmol/L x 2.431 (mEq/L x 1.2155), hemoglobin g/L / 10, lactate mg/dL / 9.008, bilirubin
 * umol/L / 17.104, blood gases kPa x 7.50062, temperature (F - 32) x 5/9, weight lb x 0.45359237.
 * These follow the molar masses (glucose 180.16, urea nitrogen 28.01, creatinine 113.12, Mg 24.31,
 * lactate 90.08, bilirubin 584.66 g/mol) and are the ones in udfs/README.md.
 */
public final class UnitConversions {

  private static final double MMHG_PER_KPA = 7.50062;
  private static final double KG_PER_LB = 0.45359237;

  private static final String[] BPM = {"bpm", "beats/min", "beats per minute", "/min", "1/min"};
  private static final String[] PER_MIN = {
    "/min", "1/min", "insp/min", "breaths/min", "breaths per minute", "br/min", "bpm", "rpm"
  };
  private static final String[] MMHG = {"mmHg", "mm Hg", "torr"};
  private static final String[] KPA = {"kPa"};
  private static final String[] CELSIUS = {"C", "°C", "degC", "deg C", "celsius"};
  private static final String[] FAHRENHEIT = {"F", "°F", "degF", "deg F", "fahrenheit"};
  private static final String[] PERCENT = {"%", "percent"};
  private static final String[] MMOL_L = {"mmol/L", "mEq/L"};
  private static final String[] MMOL_L_ONLY = {"mmol/L"};
  private static final String[] MG_DL = {"mg/dL", "mg/100mL"};
  private static final String[] UMOL_L = {"umol/L", "µmol/L", "micromol/L"};
  private static final String[] G_DL = {"g/dL"};
  private static final String[] G_L = {"g/L"};
  private static final String[] K_PER_UL = {
    "K/uL", "K/µL", "10^9/L", "x10^9/L", "10*9/L", "10^3/uL", "x10^3/uL", "thou/uL", "K/mm3", "G/L"
  };
  private static final String[] UNITLESS = {"unitless", "none", "1"};

  private static final Map<String, Variable> VARIABLES = buildVariables();

  private UnitConversions() {}

  /** One canonical variable: its canonical unit and how each accepted unit key converts to it. */
  private record Variable(String unit, Map<String, DoubleUnaryOperator> conversions) {}

  /** Degrees Fahrenheit to degrees Celsius; {@code NaN} for a missing or non-finite value. */
  public static double celsiusFromFahrenheit(double f) {
    return Double.isFinite(f) ? (f - 32.0) * 5.0 / 9.0 : Double.NaN;
  }

  /** Pounds to kilograms (1 lb = 0.45359237 kg); {@code NaN} for a missing or non-finite value. */
  public static double kilogramsFromPounds(double lb) {
    return Double.isFinite(lb) ? lb * KG_PER_LB : Double.NaN;
  }

  /**
   * FiO2 as a fraction 0.21..1: values given in percent (unit "%" or "percent", or unit null and
   * value &gt; 1) are divided by 100.
   *
   * <p>A null or blank unit is common for FiO2, and charts mix 0.4 and 40 for the same setting;
   * since a fraction above 1 is impossible, such a value must be a percentage. The units {@code
   * "fraction"}, {@code "ratio"} and {@code "unitless"} keep the value as it is. Any other unit
   * gives {@code NaN}. The result is not clipped to 0.21..1.
   */
  public static double fio2Fraction(double value, String unit) {
    if (!Double.isFinite(value)) {
      return Double.NaN;
    }
    String key = Keys.unit(unit);
    if (key == null || key.isEmpty()) {
      return value > 1.0 ? value / 100.0 : value;
    }
    return switch (key) {
      case "%", "percent" -> value / 100.0;
      case "fraction", "ratio", "unitless", "none", "1" -> value;
      default -> Double.NaN;
    };
  }

  /**
   * Converts a measurement of a canonical variable to its canonical unit. Null or empty unit =
   * already canonical. Unknown unit = NaN.
   *
   * <p>The variable name is matched case-insensitively; an unknown variable gives {@code NaN}
   * rather than an exception, because it comes from data. FiO2 goes through {@link
   * #fio2Fraction(double, String)}, so a unitless FiO2 above 1 is read as a percentage.
   */
  public static double toCanonical(String variable, double value, String unit) {
    Variable v = variable == null ? null : VARIABLES.get(Keys.name(variable));
    if (v == null || !Double.isFinite(value)) {
      return Double.NaN;
    }
    if ("fio2".equals(Keys.name(variable))) {
      return fio2Fraction(value, unit);
    }
    String key = Keys.unit(unit);
    if (key == null || key.isEmpty()) {
      return value;
    }
    DoubleUnaryOperator conversion = v.conversions().get(key);
    return conversion == null ? Double.NaN : conversion.applyAsDouble(value);
  }

  /**
   * The canonical unit of a variable, e.g. "mg/dL" for glucose; null for unitless variables; throws
   * IllegalArgumentException for an unknown variable name.
   */
  public static String canonicalUnit(String variable) {
    Variable v = variable == null ? null : VARIABLES.get(Keys.name(variable));
    if (v == null) {
      throw new IllegalArgumentException(
          "variable must be one of " + canonicalVariables() + ", cannot be: " + variable);
    }
    return v.unit();
  }

  /** The canonical variable names, in the order of the documentation; an unmodifiable list. */
  public static List<String> canonicalVariables() {
    return List.copyOf(VARIABLES.keySet());
  }

  private static Map<String, Variable> buildVariables() {
    Map<String, Variable> v = new LinkedHashMap<>();
    v.put("heart_rate", variable("bpm", same(BPM)));
    v.put("sbp", variable("mmHg", same(MMHG)));
    v.put("map", variable("mmHg", same(MMHG)));
    v.put("dbp", variable("mmHg", same(MMHG)));
    v.put("resp_rate", variable("/min", same(PER_MIN)));
    Map<String, DoubleUnaryOperator> temp = same(CELSIUS);
    put(temp, FAHRENHEIT, UnitConversions::celsiusFromFahrenheit);
    v.put("temp_c", variable("C", temp));
    v.put("spo2", variable("%", same(PERCENT)));
    v.put("fio2", variable("fraction", Map.of()));
    v.put("gcs", variable(null, same(UNITLESS, "points", "score")));
    v.put("mech_vent", variable(null, same(UNITLESS, "flag")));
    v.put("potassium", variable("mmol/L", same(MMOL_L)));
    v.put("sodium", variable("mmol/L", same(MMOL_L)));
    v.put("chloride", variable("mmol/L", same(MMOL_L)));
    v.put("glucose", variable("mg/dL", scaled(MG_DL, MMOL_L_ONLY, 18.016)));
    v.put("bun", variable("mg/dL", scaled(MG_DL, MMOL_L_ONLY, 2.801)));
    v.put("creatinine", variable("mg/dL", scaled(MG_DL, UMOL_L, 1.0 / 88.42)));
    Map<String, DoubleUnaryOperator> magnesium = scaled(MG_DL, MMOL_L_ONLY, 2.431);
    put(magnesium, new String[] {"mEq/L"}, x -> x * 2.431 / 2.0);
    v.put("magnesium", variable("mg/dL", magnesium));
    v.put("hemoglobin", variable("g/dL", scaled(G_DL, G_L, 0.1)));
    v.put("wbc", variable("K/uL", same(K_PER_UL)));
    v.put("platelets", variable("K/uL", same(K_PER_UL)));
    v.put("inr", variable(null, same(UNITLESS, "ratio")));
    v.put("ph", variable(null, same(UNITLESS, "pH")));
    v.put("pao2", variable("mmHg", scaled(MMHG, KPA, MMHG_PER_KPA)));
    v.put("paco2", variable("mmHg", scaled(MMHG, KPA, MMHG_PER_KPA)));
    v.put("base_excess", variable("mmol/L", same(MMOL_L)));
    v.put("bicarbonate", variable("mmol/L", same(MMOL_L)));
    v.put("lactate", variable("mmol/L", scaled(MMOL_L, MG_DL, 1.0 / 9.008)));
    v.put("bilirubin", variable("mg/dL", scaled(MG_DL, UMOL_L, 1.0 / 17.104)));
    return Collections.unmodifiableMap(v);
  }

  private static Variable variable(String unit, Map<String, DoubleUnaryOperator> conversions) {
    return new Variable(unit, Collections.unmodifiableMap(conversions));
  }

  private static Map<String, DoubleUnaryOperator> same(String[] spellings, String... extra) {
    Map<String, DoubleUnaryOperator> conversions = new LinkedHashMap<>();
    put(conversions, spellings, DoubleUnaryOperator.identity());
    put(conversions, extra, DoubleUnaryOperator.identity());
    return conversions;
  }

  private static Map<String, DoubleUnaryOperator> scaled(
      String[] canonical, String[] other, double factor) {
    Map<String, DoubleUnaryOperator> conversions = same(canonical);
    put(conversions, other, x -> x * factor);
    return conversions;
  }

  private static void put(
      Map<String, DoubleUnaryOperator> conversions, String[] spellings, DoubleUnaryOperator f) {
    for (String spelling : spellings) {
      conversions.put(Keys.unit(spelling), f);
    }
  }
}
