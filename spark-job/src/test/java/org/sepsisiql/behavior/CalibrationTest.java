package org.sepsisiql.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  @Test
  void perfectlyCalibratedPredictorHasZeroError() {
    int n = 15_000;
    double[] confidence = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      int bin = i % 15;
      confidence[i] = (bin + 0.5) / 15;
      int rank = i / 15;
      correct[i] = rank < Math.round(confidence[i] * (n / 15));
    }
    double ece =
        Calibration.expectedCalibrationError(Calibration.reliability(confidence, correct, 15));
    assertTrue(ece < 1e-3, "exactly calibrated by construction: " + ece);
  }

  @Test
  void randomlyDrawnCalibratedPredictorHasSmallError() {
    Random random = new Random(3);
    int n = 200_000;
    double[] confidence = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      confidence[i] = random.nextDouble();
      correct[i] = random.nextDouble() < confidence[i];
    }
    double ece =
        Calibration.expectedCalibrationError(Calibration.reliability(confidence, correct, 15));
    assertTrue(ece < 0.01, "calibrated in expectation: " + ece);
  }

  @Test
  void overconfidentPredictorHasLargeError() {
    int n = 1000;
    double[] confidence = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      confidence[i] = 0.95;
      correct[i] = i % 2 == 0;
    }
    List<Calibration.Bin> table = Calibration.reliability(confidence, correct, 15);
    assertEquals(0.45, Calibration.expectedCalibrationError(table), 1e-9, "0.95 said, 0.5 right");
    assertEquals(1000, table.get(14).count(), "all in the last bin");
    assertEquals(0.5, table.get(14).accuracy(), 1e-12, "bin accuracy");
  }

  @Test
  void binsAreEqualWidthWithTheLastClosed() {
    assertEquals(0, Calibration.binOf(0.0, 15), "0 in the first bin");
    assertEquals(14, Calibration.binOf(1.0, 15), "1 in the last bin");
    assertEquals(1, Calibration.binOf(1.0 / 15 + 1e-12, 15), "just above an edge");
    assertEquals(0.0, Calibration.expectedCalibrationError(List.of()), "empty table");
  }
}
