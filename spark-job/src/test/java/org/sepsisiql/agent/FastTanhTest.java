package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastTanhTest {
  @Test
  void agreesWithMathTanhOnTheWholeLine() {
    double worst = 0;
    for (int i = -2_000_000; i <= 2_000_000; i++) {
      float x = i * 1e-5f;
      worst = Math.max(worst, Math.abs(FastTanh.tanh(x) - Math.tanh(x)));
    }
    assertTrue(worst < 4e-7, "largest error " + worst);
    assertEquals(1f, FastTanh.tanh(1e6f), 1e-6);
    assertEquals(-1f, FastTanh.tanh(-1e6f), 1e-6);
  }

  @Test
  void theBatchFormEqualsTheScalarForm() {
    float[] values = {-9f, -1.5f, -1e-4f, 0f, 0.3f, 2f, 50f};
    float[] expected = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      expected[i] = FastTanh.tanh(values[i]);
    }
    FastTanh.tanhInPlace(values, values.length);
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, values);
  }
}
