package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.ope.PairedDifference.Difference;
import org.sepsisiql.ope.ReferenceOpe.Step;
import org.sepsisiql.ope.ReferenceOpe.Trajectory;
import org.sepsisiql.testing.TestSpark;

/** Two policies on the same trajectories, differences checked against a plain recomputation. */
class PairedDifferenceTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  /** The same trajectories, actions and rewards under another evaluated policy (pi_e mixed). */
  private static List<Trajectory> otherPolicy(List<Trajectory> data) {
    List<Trajectory> other = new ArrayList<>();
    for (Trajectory t : data) {
      List<Step> steps = new ArrayList<>();
      for (Step s : t.steps()) {
        double[] piE = new double[9];
        for (int a = 0; a < 9; a++) {
          piE[a] = 0.5 * s.piE()[a] + 0.5 * s.piB()[a];
        }
        steps.add(new Step(s.action(), s.reward(), piE, s.piB(), s.qHat()));
      }
      other.add(new Trajectory(t.stayId(), steps));
    }
    return other;
  }

  private static OpeEstimates evaluate(List<Trajectory> data, OpeSettings settings) {
    try (OpeResult result =
        new SparkOpeEstimator(settings).evaluate(OpeFixtures.frame(spark, data))) {
      return result.estimates();
    }
  }

  @Test
  void differencesMatchAPairedRecomputation() {
    List<Trajectory> first = OpeFixtures.random(80, 8, 13);
    List<Trajectory> second = otherPolicy(first);
    OpeSettings settings = OpeFixtures.settings(100);
    OpeEstimates a = evaluate(first, settings);
    OpeEstimates b = evaluate(second, settings);
    List<Difference> differences = PairedDifference.of(a, b, settings);
    double[][] resamplesA = ReferenceOpe.bootstrap(first, 0.99, 100, settings.bootstrapSeed());
    double[][] resamplesB = ReferenceOpe.bootstrap(second, 0.99, 100, settings.bootstrapSeed());
    for (Estimator estimator : Estimator.values()) {
      int e = estimator.ordinal();
      Difference d = differences.get(e);
      assertEquals(estimator, d.estimator(), "in estimator order");
      assertEquals(
          a.result(estimator).rawValue() - b.result(estimator).rawValue(),
          d.value(),
          1e-12,
          estimator + " point difference");
      double[] paired = new double[100];
      for (int r = 0; r < 100; r++) {
        paired[r] = resamplesA[e][r] - resamplesB[e][r];
      }
      double[] interval = ReferenceOpe.interval(paired, 0.95);
      assertEquals(interval[0], d.lower(), 1e-9, estimator + " lower");
      assertEquals(interval[1], d.upper(), 1e-9, estimator + " upper");
      assertEquals(100, d.usableResamples(), estimator + " usable");
    }
    Difference dm = differences.get(Estimator.DM.ordinal());
    double unpairedWidth =
        (a.result(Estimator.DM).rawUpper() - a.result(Estimator.DM).rawLower())
            + (b.result(Estimator.DM).rawUpper() - b.result(Estimator.DM).rawLower());
    assertTrue(dm.upper() - dm.lower() < unpairedWidth, "pairing narrows the DM difference");
  }

  @Test
  void tooFewUsableResamplesGiveNoInterval() {
    double[][] values = new double[5][10];
    double[][] other = new double[5][10];
    for (int r = 0; r < 10; r++) {
      values[0][r] = r < 5 ? Double.NaN : r;
    }
    Difference wdr =
        PairedDifference.of(estimates(30, 10, 1, values), estimates(30, 10, 1, other), 0.95, 0.9)
            .get(0);
    assertFalse(wdr.hasInterval(), "5 of 10 usable < 90 %");
    assertEquals(5, wdr.usableResamples(), "NaN resamples skipped");
    assertTrue(
        PairedDifference.of(estimates(30, 10, 1, values), estimates(30, 10, 1, other), 0.95, 0.5)
            .get(0)
            .hasInterval(),
        "5 of 10 usable >= 50 %");
  }

  @Test
  void refusesUnpairedEstimates() {
    double[][] ten = new double[5][10];
    assertThrows(
        IllegalArgumentException.class,
        () -> PairedDifference.of(estimates(30, 10, 1, ten), estimates(31, 10, 1, ten), 0.95, 0.9),
        "different n");
    IllegalArgumentException b =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PairedDifference.of(
                    estimates(30, 10, 1, ten), estimates(30, 20, 1, new double[5][20]), 0.95, 0.9));
    assertTrue(b.getMessage().contains("B = 10 and 20"), b.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PairedDifference.of(estimates(30, 10, 1, ten), estimates(30, 10, 2, ten), 0.95, 0.9),
        "different seeds");
  }

  private static OpeEstimates estimates(long n, int resamples, long seed, double[][] values) {
    List<EstimateResult> results = new ArrayList<>();
    for (Estimator e : Estimator.values()) {
      results.add(new EstimateResult(e, 1, 0, 2, resamples, true, "", ""));
    }
    return new OpeEstimates(
        n, 3, 0.99, resamples, seed, n, List.of((double) n), n, 0.1, 0.1, 0, results, values);
  }
}
