package org.sepsisiql.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.sepsisiql.udfs.UnitConversionsTest.assertNaN;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VasopressorsTest {

  private static final double EPS = 1e-9;

  @ParameterizedTest(name = "{0} {1} {2} {3} kg -> {4}")
  @CsvSource({
    "norepinephrine, 0.1, mcg/kg/min, 70, 0.1",
    "Epinephrine, 0.05, mcg/kg/min, 70, 0.05",
    "phenylephrine, 1.0, mcg/kg/min, 70, 0.1",
    "dopamine, 10, mcg/kg/min, 70, 0.1",
    "vasopressin, 0.04, units/min, 70, 0.1",
    "vasopressin, 0.04, units/min, NaN, 0.1",
    "vasopressin, 2.4, units/hr, 70, 0.1",
    "vasopressin, 2.4, Units/Hour, 70, 0.1",
    "vasopressin, 0.04, U/min, 70, 0.1",
    "norepinephrine, 7, mcg/min, 70, 0.1",
    "norepinephrine, 0.007, mg/min, 70, 0.1",
    "norepinephrine, 0.42, mg/hr, 70, 0.1",
    "norepinephrine, 0.42, mg/h, 70, 0.1",
    "norepinephrine, 420, mcg/hr, 70, 0.1",
    "norepinephrine, 6, mcg/kg/hr, 70, 0.1",
    "norepinephrine, 0.0001, mg/kg/min, 70, 0.1",
    "norepinephrine, 0.006, mg/kg/hr, 70, 0.1",
    "norepinephrine, 0.1, mcg/kg/min, NaN, 0.1",
    "norepinephrine, 0.1, mcgkgmin, 70, 0.1",
    "norepinephrine, 7, mcgmin, 70, 0.1",
    "norepinephrine, 0.1, ug/kg/min, 70, 0.1",
    "norepinephrine, 0.1, µg/kg/min, 70, 0.1",
    "norepinephrine, 0.1, ' MCG/KG/MIN ', 70, 0.1",
    "Levophed, 0.2, mcg/kg/min, 70, 0.2",
    "' levophed-k ', 0.2, mcg/kg/min, 70, 0.2",
    "Noradrenaline, 0.2, mcg/kg/min, 70, 0.2",
    "ADRENALINE, 0.2, mcg/kg/min, 70, 0.2",
    "NeoSynephrine, 2.0, mcg/kg/min, 70, 0.2",
    "neosynephrine-k, 140, mcg/min, 70, 0.2",
    "phenylephrine, 140, mcg/min, 70, 0.2",
    "dopamine, 1400, mcg/min, 70, 0.2",
    "norepinephrine, 0, mcg/kg/min, 70, 0",
    "vasopressin, 0, units/min, 70, 0"
  })
  void convertsToNorepinephrineEquivalent(
      String drug, double rate, String unit, double weight, double expected) {
    assertEquals(
        expected,
        Vasopressors.norepinephrineEquivalent(drug, rate, unit, weight),
        EPS,
        () -> drug + " " + rate + " " + unit + " at " + weight + " kg");
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} kg -> NaN")
  @CsvSource({
    "dobutamine, 5, mcg/kg/min, 70",
    "milrinone, 0.5, mcg/kg/min, 70",
    ", 0.1, mcg/kg/min, 70",
    "norepinephrine, 0.1, ml/hr, 70",
    "norepinephrine, 0.1, , 70",
    "norepinephrine, 0.1, '', 70",
    "norepinephrine, -0.1, mcg/kg/min, 70",
    "norepinephrine, NaN, mcg/kg/min, 70",
    "norepinephrine, Infinity, mcg/kg/min, 70",
    "norepinephrine, 7, mcg/min, NaN",
    "norepinephrine, 7, mcg/min, 0",
    "norepinephrine, 7, mcg/min, -70",
    "norepinephrine, 0.42, mg/hr, Infinity",
    "vasopressin, 0.1, mcg/kg/min, 70",
    "vasopressin, -0.04, units/min, 70",
    "norepinephrine, 0.04, units/min, 70",
    "dopamine, 5, units/hr, 70"
  })
  void isNaNForUnknownDrugUnitNegativeRateOrMissingWeight(
      String drug, double rate, String unit, double weight) {
    assertNaN(
        Vasopressors.norepinephrineEquivalent(drug, rate, unit, weight),
        drug + " " + rate + " '" + unit + "' at " + weight + " kg");
  }

  @Test
  void knownDrugsAreTheFiveCanonicalNames() {
    List<String> drugs = Vasopressors.knownDrugs();
    assertEquals(
        List.of("norepinephrine", "epinephrine", "phenylephrine", "vasopressin", "dopamine"),
        drugs,
        "known drugs");
    for (String drug : drugs) {
      assertEquals(drug, Vasopressors.canonicalDrug(drug.toUpperCase()), "canonical " + drug);
    }
    assertNull(Vasopressors.canonicalDrug("dobutamine"), "dobutamine is an inotrope, not known");
    assertNull(Vasopressors.canonicalDrug(null), "null drug");
  }
}
