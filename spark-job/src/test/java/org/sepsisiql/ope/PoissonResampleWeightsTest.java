package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PoissonResampleWeightsTest {
  @Test
  void countsFollowPoissonOne() {
    int draws = 400_000;
    double sum = 0;
    double squares = 0;
    int zeros = 0;
    for (int i = 0; i < draws; i++) {
      int m = PoissonResampleWeights.count(7L, i % 1000, i / 1000);
      sum += m;
      squares += m * m;
      zeros += m == 0 ? 1 : 0;
    }
    double mean = sum / draws;
    assertEquals(1, mean, 0.01, "mean of Poisson(1)");
    assertEquals(1, squares / draws - mean * mean, 0.01, "variance of Poisson(1)");
    assertEquals(Math.exp(-1), (double) zeros / draws, 0.005, "P(0) = 1/e");
  }

  @Test
  void countsArePureFunctionsOfTheirKeys() {
    for (int b = 0; b < 50; b++) {
      assertEquals(
          PoissonResampleWeights.count(3L, b, 12345L),
          PoissonResampleWeights.count(3L, b, 12345L),
          "same key, same count");
      assertEquals(
          PoissonResampleWeights.count(3L, b, 12345L),
          PoissonResampleWeights.count(
              PoissonResampleWeights.resampleKey(3L, b),
              PoissonResampleWeights.trajectoryKey(12345L)),
          "precomputed keys agree");
    }
  }
}
