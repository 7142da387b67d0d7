package org.sepsisiql.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitConversionsTest {

  private static final double EPS = 1e-6;

  @Test
  void celsiusFromFahrenheitConvertsAndPassesMissingThrough() {
    assertEquals(100.0, UnitConversions.celsiusFromFahrenheit(212.0), EPS, "boiling point");
    assertEquals(0.0, UnitConversions.celsiusFromFahrenheit(32.0), EPS, "freezing point");
    assertEquals(37.0, UnitConversions.celsiusFromFahrenheit(98.6), EPS, "body temperature");
    assertEquals(-40.0, UnitConversions.celsiusFromFahrenheit(-40.0), EPS, "negative value");
    assertNaN(UnitConversions.celsiusFromFahrenheit(Double.NaN), "missing temperature");
    assertNaN(UnitConversions.celsiusFromFahrenheit(Double.POSITIVE_INFINITY), "infinite value");
  }

  @Test
  void kilogramsFromPoundsConvertsAndPassesMissingThrough() {
    assertEquals(100.0, UnitConversions.kilogramsFromPounds(220.46226218), EPS, "220 lb");
    assertEquals(0.45359237, UnitConversions.kilogramsFromPounds(1.0), EPS, "one pound");
    assertEquals(0.0, UnitConversions.kilogramsFromPounds(0.0), EPS, "zero");
    assertNaN(UnitConversions.kilogramsFromPounds(Double.NaN), "missing weight");
    assertNaN(UnitConversions.kilogramsFromPounds(Double.NEGATIVE_INFINITY), "infinite weight");
  }

  @ParameterizedTest(name = "fio2 {0} {1} -> {2}")
  @CsvSource({
    "40, %, 0.4",
    "40, percent, 0.4",
    "40, ' PERCENT ', 0.4",
    "40, , 0.4",
    "40, '', 0.4",
    "100, , 1.0",
    "0.4, , 0.4",
    "1.0, , 1.0",
    "0.5, fraction, 0.5",
    "0.5, Ratio, 0.5",
    "21, '%', 0.21"
  })
  void fio2FractionReadsPercentAndFraction(double value, String unit, double expected) {
    assertEquals(
        expected,
        UnitConversions.fio2Fraction(value, unit),
        EPS,
        () -> "fio2 " + value + " '" + unit + "'");
  }

  @Test
  void fio2FractionIsNaNForMissingValueOrUnknownUnit() {
    assertNaN(UnitConversions.fio2Fraction(Double.NaN, "%"), "missing value");
    assertNaN(UnitConversions.fio2Fraction(Double.NaN, null), "missing value and unit");
    assertNaN(UnitConversions.fio2Fraction(40.0, "mmHg"), "unknown unit");
    assertNaN(UnitConversions.fio2Fraction(40.0, "L/min"), "oxygen flow is not FiO2");
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "heart_rate, 80, bpm, 80",
    "heart_rate, 80, beats/min, 80",
    "heart_rate, 80, BPM, 80",
    "sbp, 120, mmHg, 120",
    "map, 65, mm Hg, 65",
    "dbp, 60, MMHG, 60",
    "resp_rate, 18, insp/min, 18",
    "resp_rate, 18, breaths/min, 18",
    "resp_rate, 18, /min, 18",
    "temp_c, 98.6, F, 37",
    "temp_c, 98.6, °F, 37",
    "temp_c, 98.6, degF, 37",
    "temp_c, -40, f, -40",
    "temp_c, 37, C, 37",
    "temp_c, 37, °C, 37",
    "temp_c, 37, degC, 37",
    "temp_c, 37, ' c ', 37",
    "spo2, 95, %, 95",
    "fio2, 50, %, 0.5",
    "fio2, 50, , 0.5",
    "fio2, 0.5, , 0.5",
    "gcs, 14, , 14",
    "mech_vent, 1, , 1",
    "potassium, 4.1, mEq/L, 4.1",
    "sodium, 140, mmol/L, 140",
    "chloride, 100, meq/l, 100",
    "glucose, 5.5, mmol/L, 99.088",
    "glucose, 100, mg/dl, 100",
    "glucose, 100, MG/DL, 100",
    "bun, 10, mmol/L, 28.01",
    "creatinine, 88.42, umol/L, 1",
    "creatinine, 176.84, µmol/L, 2",
    "creatinine, 176.84, μmol/L, 2",
    "magnesium, 1, mmol/L, 2.431",
    "magnesium, 2, mEq/L, 2.431",
    "hemoglobin, 120, g/L, 12",
    "hemoglobin, 12, g/dL, 12",
    "wbc, 8, 10^9/L, 8",
    "wbc, 8, K/uL, 8",
    "platelets, 200, 10^9/L, 200",
    "inr, 1.1, , 1.1",
    "ph, 7.4, , 7.4",
    "pao2, 10, kPa, 75.0062",
    "paco2, 5, KPA, 37.5031",
    "paco2, 40, mmHg, 40",
    "base_excess, -3, mEq/L, -3",
    "bicarbonate, 24, mmol/l, 24",
    "lactate, 18.016, mg/dL, 2",
    "lactate, 2, mmol/L, 2",
    "bilirubin, 17.104, umol/L, 1",
    "' Glucose ', 5.5, mmol/L, 99.088"
  })
  void toCanonicalConvertsKnownUnits(String variable, double value, String unit, double expected) {
    assertEquals(
        expected,
        UnitConversions.toCanonical(variable, value, unit),
        1e-4,
        () -> variable + " " + value + " '" + unit + "'");
  }

  @ParameterizedTest(name = "{0} {1} {2} -> NaN")
  @CsvSource({
    "glucose, 100, g/L",
    "heart_rate, 80, mmHg",
    "temp_c, 310, K",
    "gcs, 15, mg",
    "lactate, 2, umol/L",
    "weight_kg, 70, kg",
    ", 70, kg",
    "potassium, NaN, mmol/L",
    "potassium, NaN, ",
    "potassium, Infinity, mmol/L"
  })
  void toCanonicalIsNaNForUnknownUnitVariableOrMissingValue(
      String variable, double value, String unit) {
    assertNaN(
        UnitConversions.toCanonical(variable, value, unit),
        variable + " " + value + " '" + unit + "'");
  }

  @Test
  void toCanonicalKeepsValuesInTheCanonicalUnitOrWithoutUnit() {
    for (String variable : UnitConversions.canonicalVariables()) {
      String unit = UnitConversions.canonicalUnit(variable);
      assertEquals(
          0.5, UnitConversions.toCanonical(variable, 0.5, null), EPS, variable + " null unit");
      assertEquals(0.5, UnitConversions.toCanonical(variable, 0.5, ""), EPS, variable + " empty");
      if (unit != null) {
        assertEquals(
            0.5, UnitConversions.toCanonical(variable, 0.5, unit), EPS, variable + " in " + unit);
      }
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "glucose, mg/dL",
    "heart_rate, bpm",
    "temp_c, C",
    "fio2, fraction",
    "spo2, %",
    "wbc, K/uL",
    "lactate, mmol/L",
    "pao2, mmHg",
    "GLUCOSE, mg/dL",
    "gcs, ",
    "mech_vent, ",
    "inr, ",
    "ph, "
  })
  void canonicalUnitNamesTheUnitOrNullWhenUnitless(String variable, String expected) {
    assertEquals(expected, UnitConversions.canonicalUnit(variable), "unit of " + variable);
  }

  @Test
  void canonicalUnitRejectsUnknownVariableNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> UnitConversions.canonicalUnit("weight_kg"),
            "unknown variable");
    assertTrue(e.getMessage().contains("weight_kg"), "message names the variable: " + e);
    assertThrows(
        IllegalArgumentException.class, () -> UnitConversions.canonicalUnit(null), "null name");
  }

  @Test
  void canonicalVariablesListsTheDocumentedNames() {
    List<String> expected =
        List.of(
            "heart_rate",
            "sbp",
            "map",
            "dbp",
            "resp_rate",
            "temp_c",
            "spo2",
            "fio2",
            "gcs",
            "mech_vent",
            "potassium",
            "sodium",
            "chloride",
            "glucose",
            "bun",
            "creatinine",
            "magnesium",
            "hemoglobin",
            "wbc",
            "platelets",
            "inr",
            "ph",
            "pao2",
            "paco2",
            "base_excess",
            "bicarbonate",
            "lactate",
            "bilirubin");
    List<String> actual = UnitConversions.canonicalVariables();
    assertEquals(expected, actual, "canonical variables in documented order");
    assertThrows(
        UnsupportedOperationException.class, () -> actual.add("x"), "list is unmodifiable");
  }

  @Test
  void unitTextIsNormalizedBeforeLookup() {
    assertNull(Keys.unit(null), "null unit stays null");
    assertEquals("mmhg", Keys.unit(" mm Hg "), "whitespace and case");
    assertEquals("umol/l", Keys.unit("µmol/L"), "micro sign");
    assertEquals("c", Keys.unit("°C"), "degree sign");
  }

  static void assertNaN(double actual, String message) {
    assertTrue(Double.isNaN(actual), () -> message + ": expected NaN but was " + actual);
  }
}
