package org.sepsisiql.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DoseLevelsTest {

  @ParameterizedTest(name = "dose {0}, median {1} -> {2}")
  @CsvSource({
    "0, 0.1, 0",
    "-0.0, 0.1, 0",
    "NaN, 0.1, 0",
    "0.0001, 0.1, 1",
    "0.05, 0.1, 1",
    "0.1, 0.1, 1",
    "0.1000001, 0.1, 2",
    "5, 0.1, 2",
    "250, 500, 1",
    "501, 500, 2",
    "-0.01, 0.1, -1",
    "-500, 500, -1",
    "Infinity, 0.1, -1",
    "-Infinity, 0.1, -1"
  })
  void levelSplitsAtTheNonZeroMedian(double dose, double median, int expected) {
    assertEquals(expected, DoseLevels.level(dose, median), () -> "dose " + dose + " / " + median);
  }

  @ParameterizedTest(name = "median {0} is rejected")
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
  void levelRejectsAnInvalidMedianNamingIt(double median) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DoseLevels.level(1.0, median),
            "median " + median + " must be rejected");
    assertTrue(e.getMessage().contains(String.valueOf(median)), "message names the value: " + e);
  }
}
