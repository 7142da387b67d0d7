package org.sepsisiql.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sepsisiql.udfs.UnitConversionsTest.assertNaN;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoresTest {

  private static final double NaN = Double.NaN;

  @Test
  void pfRatioDividesAndIsNaNWhenUndefined() {
    assertEquals(200.0, Scores.pfRatio(80.0, 0.4), 1e-9, "80 / 0.4");
    assertEquals(476.19, Scores.pfRatio(100.0, 0.21), 0.01, "room air");
    assertNaN(Scores.pfRatio(80.0, 0.0), "fio2 zero");
    assertNaN(Scores.pfRatio(80.0, -0.4), "fio2 negative");
    assertNaN(Scores.pfRatio(NaN, 0.4), "pao2 missing");
    assertNaN(Scores.pfRatio(80.0, NaN), "fio2 missing");
    assertNaN(Scores.pfRatio(-80.0, 0.4), "pao2 negative");
    assertNaN(Scores.pfRatio(80.0, Double.POSITIVE_INFINITY), "fio2 infinite");
  }

  @Test
  void shockIndexDividesAndIsNaNWhenUndefined() {
    assertEquals(1.0, Scores.shockIndex(100.0, 100.0), 1e-9, "100 / 100");
    assertEquals(0.6, Scores.shockIndex(72.0, 120.0), 1e-9, "72 / 120");
    assertNaN(Scores.shockIndex(100.0, 0.0), "sbp zero");
    assertNaN(Scores.shockIndex(100.0, -90.0), "sbp negative");
    assertNaN(Scores.shockIndex(100.0, NaN), "sbp missing");
    assertNaN(Scores.shockIndex(NaN, 120.0), "heart rate missing");
    assertNaN(Scores.shockIndex(-100.0, 120.0), "heart rate negative");
  }

  @ParameterizedTest(name = "P/F {0}, ventilated {1} -> {2}")
  @CsvSource({
    "500, false, 0",
    "400, false, 0",
    "399.9, false, 1",
    "300, false, 1",
    "299.9, false, 2",
    "200, false, 2",
    "199.9, false, 2",
    "99.9, false, 2",
    "0, false, 2",
    "400, true, 0",
    "399.9, true, 1",
    "300, true, 1",
    "299.9, true, 2",
    "200, true, 2",
    "199.9, true, 3",
    "100, true, 3",
    "99.9, true, 4",
    "0, true, 4",
    "NaN, true, 0",
    "NaN, false, 0",
    "-50, true, 0"
  })
  void sofaRespirationThresholds(double pf, boolean vent, int expected) {
    assertEquals(expected, Scores.sofaRespiration(pf, vent), () -> "P/F " + pf + " vent " + vent);
  }

  @ParameterizedTest(name = "platelets {0} -> {1}")
  @CsvSource({
    "300, 0",
    "150, 0",
    "149.9, 1",
    "100, 1",
    "99.9, 2",
    "50, 2",
    "49.9, 3",
    "20, 3",
    "19.9, 4",
    "0, 4",
    "NaN, 0",
    "-1, 0"
  })
  void sofaCoagulationThresholds(double platelets, int expected) {
    assertEquals(expected, Scores.sofaCoagulation(platelets), () -> "platelets " + platelets);
  }

  @ParameterizedTest(name = "bilirubin {0} -> {1}")
  @CsvSource({
    "0.5, 0",
    "1.19, 0",
    "1.2, 1",
    "1.99, 1",
    "2.0, 2",
    "5.99, 2",
    "6.0, 3",
    "11.99, 3",
    "12.0, 4",
    "30, 4",
    "NaN, 0",
    "-1, 0"
  })
  void sofaLiverThresholds(double bilirubin, int expected) {
    assertEquals(expected, Scores.sofaLiver(bilirubin), () -> "bilirubin " + bilirubin);
  }

  @ParameterizedTest(name = "MAP {0}, NE-eq {1} -> {2}")
  @CsvSource({
    "85, 0, 0",
    "70, 0, 0",
    "69.9, 0, 1",
    "69.9, NaN, 1",
    "50, -0.2, 1",
    "NaN, NaN, 0",
    "NaN, 0, 0",
    "85, 0.001, 3",
    "85, 0.1, 3",
    "50, 0.1, 3",
    "85, 0.1001, 4",
    "NaN, 0.5, 4"
  })
  void sofaCardiovascularThresholds(double map, double ne, int expected) {
    assertEquals(expected, Scores.sofaCardiovascular(map, ne), () -> "MAP " + map + " NE " + ne);
  }

  @ParameterizedTest(name = "GCS {0} -> {1}")
  @CsvSource({
    "15, 0", "14.9, 1", "14, 1", "13, 1", "12.9, 2", "12, 2", "10, 2", "9.9, 3", "9, 3", "6, 3",
    "5.9, 4", "5, 4", "3, 4", "NaN, 0", "2.9, 0", "16, 0", "-1, 0"
  })
  void sofaCnsThresholds(double gcs, int expected) {
    assertEquals(expected, Scores.sofaCns(gcs), () -> "GCS " + gcs);
  }

  @ParameterizedTest(name = "creatinine {0}, urine {1} -> {2}")
  @CsvSource({
    "1.0, NaN, 0",
    "1.19, NaN, 0",
    "1.2, NaN, 1",
    "1.99, NaN, 1",
    "2.0, NaN, 2",
    "3.49, NaN, 2",
    "3.5, NaN, 3",
    "4.99, NaN, 3",
    "5.0, NaN, 4",
    "NaN, 2000, 0",
    "NaN, 500, 0",
    "NaN, 499.9, 3",
    "NaN, 200, 3",
    "NaN, 199.9, 4",
    "NaN, 0, 4",
    "1.2, 100, 4",
    "5.0, 1000, 4",
    "2.0, 400, 3",
    "3.5, 450, 3",
    "NaN, NaN, 0",
    "-1, -100, 0"
  })
  void sofaRenalTakesTheWorseOfCreatinineAndUrine(double creatinine, double urine, int expected) {
    assertEquals(
        expected,
        Scores.sofaRenal(creatinine, urine),
        () -> "creatinine " + creatinine + " urine " + urine);
  }

  @Test
  void sofaSumsTheComponents() {
    assertEquals(
        0, Scores.sofa(450, false, 250, 0.8, 80, 0, 15, 0.9, 1500), "healthy patient scores 0");
    assertEquals(0, Scores.sofa(NaN, false, NaN, NaN, NaN, NaN, NaN, NaN, NaN), "all missing");
    // respiration 3 + coagulation 2 + liver 2 + cardiovascular 4 + CNS 3 + renal 3
    assertEquals(17, Scores.sofa(150, true, 80, 2.5, 60, 0.2, 8, 1.5, 300), "mixed failure");
    assertEquals(24, Scores.sofa(50, true, 10, 15, 40, 0.5, 3, 6, 50), "maximum score");
    assertEquals(2, Scores.sofa(50, false, NaN, NaN, NaN, NaN, NaN, NaN, NaN), "capped at 2");
  }

  @ParameterizedTest(name = "T {0}, HR {1}, RR {2}, PaCO2 {3}, WBC {4} -> {5}")
  @CsvSource({
    "37, 80, 16, 40, 8, 0",
    "38, 90, 20, 32, 12, 0",
    "36, 90, 20, 32, 4, 0",
    "38.1, 80, 16, 40, 8, 1",
    "35.9, 80, 16, 40, 8, 1",
    "37, 91, 16, 40, 8, 1",
    "37, 80, 21, 40, 8, 1",
    "37, 80, 16, 31.9, 8, 1",
    "37, 80, 25, 30, 8, 1",
    "37, 80, NaN, 30, 8, 1",
    "37, 80, 16, 40, 12.1, 1",
    "37, 80, 16, 40, 3.9, 1",
    "39, 120, 30, 28, 20, 4",
    "NaN, NaN, NaN, NaN, NaN, 0",
    "37, 80, 16, -5, -1, 0"
  })
  void sirsCountsCriteriaMet(
      double temp, double hr, double rr, double paco2, double wbc, int expected) {
    assertEquals(
        expected,
        Scores.sirs(temp, hr, rr, paco2, wbc),
        () -> "SIRS of " + temp + ", " + hr + ", " + rr + ", " + paco2 + ", " + wbc);
  }
}
