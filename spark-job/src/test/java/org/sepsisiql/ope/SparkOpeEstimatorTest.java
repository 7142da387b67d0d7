package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepsisiql.ope.OpeFixtures.constant;
import static org.sepsisiql.ope.OpeFixtures.nine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.ope.ReferenceOpe.Contribution;
import org.sepsisiql.ope.ReferenceOpe.Step;
import org.sepsisiql.ope.ReferenceOpe.Trajectory;
import org.sepsisiql.testing.TestSpark;

class SparkOpeEstimatorTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  private static OpeResult evaluate(List<Trajectory> data, OpeSettings settings) {
    return new SparkOpeEstimator(settings).evaluate(OpeFixtures.frame(spark, data));
  }

  @Test
  void samePolicyAndZeroQGiveTheMeanDiscountedReturn() {
    List<Trajectory> data = new ArrayList<>();
    for (Trajectory t : OpeFixtures.random(60, 18, 1)) {
      List<Step> steps = new ArrayList<>();
      for (Step s : t.steps()) {
        steps.add(new Step(s.action(), s.reward(), s.piB(), s.piB(), new double[9]));
      }
      data.add(new Trajectory(t.stayId(), steps));
    }
    double mean =
        data.stream().mapToDouble(t -> ReferenceOpe.discountedReturn(t, 0.99)).sum() / data.size();
    OpeEstimates estimates = evaluate(data, OpeFixtures.settings(0)).estimates();
    assertEquals(mean, estimates.result(Estimator.WDR).rawValue(), 1e-12, "WDR = mean return");
    assertEquals(mean, estimates.result(Estimator.WIS).rawValue(), 1e-12, "WIS = mean return");
    assertEquals(mean, estimates.result(Estimator.PDWIS).rawValue(), 1e-12, "PDWIS = mean");
    assertEquals(mean, estimates.result(Estimator.DR).rawValue(), 1e-12, "DR = mean return");
    assertEquals(60, estimates.effectiveSampleSize(), 1e-9, "equal weights: ESS = n");
  }

  /**
   * gamma 0.5, pi_b(a=0) = 0.5 everywhere, Qhat = 1 for every action (so Vhat = 1).
   *
   * <pre>
   * A (T=1): ratio 2,              r = 1            rho = 2, 2, 2 (frozen)
   * B (T=2): ratios 0.5, 2,        r = 0, 2         rho = 0.5, 1, 1
   * C (T=3): ratios 1, 1, 1,       r = 0, 0, 4      rho = 1, 1, 1
   * D_0 = 3.5, D_1 = 4, D_2 = 4 (A stays in the sums after its end)
   * w_0 = 4/7, 1/7, 2/7;  w_1 = w_2 = 1/2, 1/4, 1/4;  w_{-1} = 1/3
   * WDR  A: 4/7 - 4/7 + 1/3                                     = 1/3
   *      B: (0 - 1/7 + 1/3) + 0.5 (2/4 - 1/4 + 1/7)             = 65/168
   *      C: (-2/7 + 1/3) + 0.5 (-1/4 + 2/7) + 0.25 (1 - 1/4 + 1/4) = 53/168     sum 29/28
   * PDWIS: 4/7 + 0.5 * 1/4 * 2 + 0.25 * 1/4 * 4 = 4/7 + 1/4 + 1/4 = 15/14
   * WIS: returns 1, 1, 1; final weights 1/2, 1/4, 1/4           = 1
   * DR (1/3 each): A 2 - 2 + 1 = 1; B (0 - .5 + 1) + .5 (2 - 1 + .5) = 1.25;
   *      C 0 + 0 + .25 (4 - 1 + 1) = 1                          sum 13/12
   * DM: Vhat(s_0) = 1                                           = 1
   * ESS: 1 / (1/4 + 1/16 + 1/16) = 8/3;  at step 0: 49 / 21 = 7/3
   * per-decision ESS: A, B, C end at steps 0, 1, 2: (7/3 + 8/3 + 8/3) / 3 = 23/9
   * largest weight share: 1/2; k-hat undefined (n = 3)
   * </pre>
   */
  @Test
  void unequalLengthsKeepEndedTrajectoriesInTheDenominators() {
    double[] piB = nine(0.5, 0.5);
    double[] q = constant(1);
    List<Trajectory> data =
        List.of(
            new Trajectory(1, List.of(new Step(0, 1, nine(1), piB, q))),
            new Trajectory(
                2,
                List.of(new Step(0, 0, nine(0.25, 0.75), piB, q), new Step(0, 2, nine(1), piB, q))),
            new Trajectory(
                3,
                List.of(
                    new Step(0, 0, piB, piB, q),
                    new Step(0, 0, piB, piB, q),
                    new Step(0, 4, piB, piB, q))));
    OpeSettings settings = new OpeSettings(0.5, 0, 0.95, 1, 0.9, 15, 1e-6, 0);
    OpeResult result = evaluate(data, settings);
    OpeEstimates e = result.estimates();
    assertEquals(29.0 / 28, e.result(Estimator.WDR).rawValue(), 1e-12, "WDR by hand");
    assertEquals(15.0 / 14, e.result(Estimator.PDWIS).rawValue(), 1e-12, "PDWIS by hand");
    assertEquals(1.0, e.result(Estimator.WIS).rawValue(), 1e-12, "WIS by hand");
    assertEquals(13.0 / 12, e.result(Estimator.DR).rawValue(), 1e-12, "DR by hand");
    assertEquals(1.0, e.result(Estimator.DM).rawValue(), 1e-12, "DM by hand");
    assertEquals(8.0 / 3, e.effectiveSampleSize(), 1e-12, "ESS by hand");
    assertEquals(7.0 / 3, e.effectiveSampleSizePerStep().get(0), 1e-12, "ESS at step 0");
    assertEquals(8.0 / 3, e.effectiveSampleSizeFinalStep(), 1e-12, "ESS at the final step");
    assertEquals(23.0 / 9, e.effectiveSampleSizePerDecision(), 1e-12, "per-decision ESS");
    assertEquals(23.0 / 9, e.effectiveSampleSizeFor(Estimator.WDR), 1e-12, "WDR's ESS");
    assertEquals(8.0 / 3, e.effectiveSampleSizeFor(Estimator.WIS), 1e-12, "WIS's ESS");
    assertEquals(0.5, e.maxWeightShare(), 1e-12, "largest weight share");
    assertTrue(Double.isNaN(e.paretoK()), "k-hat needs n >= 25");
    Map<Long, Row> rows = byStay(result.perTrajectory());
    assertEquals(1.0 / 3, rows.get(1L).getDouble(4), 1e-12, "WDR contribution of A");
    assertEquals(65.0 / 168, rows.get(2L).getDouble(4), 1e-12, "WDR contribution of B");
    assertEquals(53.0 / 168, rows.get(3L).getDouble(4), 1e-12, "WDR contribution of C");
    assertEquals(2.0, rows.get(1L).getDouble(3), 1e-12, "rho_final of A");
    assertEquals(2, rows.get(2L).getInt(1), "length of B");
  }

  /**
   * The fixture above with every per-step ratio capped at 1.5: A's ratio 2 becomes 1.5, B's second
   * ratio 2 becomes 1.5.
   *
   * <pre>
   * rho: A 1.5, 1.5, 1.5;  B 0.5, 0.75, 0.75;  C 1, 1, 1      D_0 = 3, D_1 = D_2 = 3.25
   * PDWIS = 1.5/3 * 1 + 0.5 * 0.75/3.25 * 2 + 0.25 * 1/3.25 * 4 = 1/2 + 1.75/3.25
   * ESS = 3.25^2 / (1.5^2 + 0.75^2 + 1)
   * </pre>
   */
  @Test
  void ratioClippingCapsEveryPerStepRatioBeforeTheProducts() {
    double[] piB = nine(0.5, 0.5);
    double[] q = constant(1);
    List<Trajectory> data =
        List.of(
            new Trajectory(1, List.of(new Step(0, 1, nine(1), piB, q))),
            new Trajectory(
                2,
                List.of(new Step(0, 0, nine(0.25, 0.75), piB, q), new Step(0, 2, nine(1), piB, q))),
            new Trajectory(
                3,
                List.of(
                    new Step(0, 0, piB, piB, q),
                    new Step(0, 0, piB, piB, q),
                    new Step(0, 4, piB, piB, q))));
    OpeSettings settings = new OpeSettings(0.5, 0, 0.95, 1, 0.9, 15, 1e-6, 0, 1.5);
    OpeResult result = evaluate(data, settings);
    Map<Long, Row> rows = byStay(result.perTrajectory());
    assertEquals(1.5, rows.get(1L).getDouble(3), 1e-12, "rho_final of A capped");
    assertEquals(0.75, rows.get(2L).getDouble(3), 1e-12, "rho_final of B: 0.5 * 1.5");
    assertEquals(1.0, rows.get(3L).getDouble(3), 1e-12, "rho_final of C unchanged");
    OpeEstimates e = result.estimates();
    assertEquals(0.5 + 1.75 / 3.25, e.result(Estimator.PDWIS).rawValue(), 1e-12, "PDWIS");
    assertEquals(3.25 * 3.25 / 3.8125, e.effectiveSampleSize(), 1e-12, "ESS of clipped weights");
    result.release();
  }

  @Test
  void randomDataMatchesTheReferenceForEveryEstimatorContributionAndInterval() {
    List<Trajectory> data = OpeFixtures.random(150, 18, 7);
    OpeSettings settings = OpeFixtures.settings(200);
    OpeResult result = evaluate(data, settings);
    double[] ones = new double[data.size()];
    java.util.Arrays.fill(ones, 1);
    double[] expected = ReferenceOpe.estimates(data, settings.gamma(), ones);
    double[][] resamples =
        ReferenceOpe.bootstrap(data, settings.gamma(), 200, settings.bootstrapSeed());
    for (Estimator estimator : Estimator.values()) {
      EstimateResult actual = result.estimates().result(estimator);
      int e = estimator.ordinal();
      assertEquals(expected[e], actual.rawValue(), 1e-9, estimator + " point estimate");
      double[] interval = ReferenceOpe.interval(resamples[e], settings.confidence());
      assertEquals(interval[0], actual.rawLower(), 1e-9, estimator + " lower bound");
      assertEquals(interval[1], actual.rawUpper(), 1e-9, estimator + " upper bound");
      assertEquals(200, actual.usableResamples(), estimator + " usable resamples");
      assertArrayEquals(
          resamples[e], result.estimates().resampleValues(estimator), 1e-9, estimator + " per b");
    }
    double[] logRho =
        data.stream().mapToDouble(t -> Math.log(ReferenceOpe.rho(t, t.length() - 1))).toArray();
    double total = Arrays.stream(logRho).map(Math::exp).sum();
    double largest = Arrays.stream(logRho).map(Math::exp).max().orElseThrow();
    OpeEstimates estimates = result.estimates();
    assertEquals(largest / total, estimates.maxWeightShare(), 1e-12, "largest weight share");
    double khat = ParetoTail.khat(logRho, data.size());
    assertFalse(Double.isNaN(khat), "k-hat defined for n = 150");
    assertEquals(khat, estimates.paretoK(), 1e-9, "k-hat of the top M + 1 collected by Spark");
    assertEquals(
        perDecisionEss(data), estimates.effectiveSampleSizePerDecision(), 1e-9, "per-decision");
    SparkOpeEstimator.WeightTail tail =
        new SparkOpeEstimator(settings).weightTail(OpeFixtures.frame(spark, data));
    assertEquals(khat, tail.paretoK(), 1e-9, "the weight tail alone: the same k-hat");
    assertEquals(
        perDecisionEss(data), tail.effectiveSampleSizePerDecision(), 1e-9, "and the same ESS");
    List<LocalWeightTail.Step> steps = new java.util.ArrayList<>();
    List<double[]> piE = new java.util.ArrayList<>();
    for (int i = data.size() - 1; i >= 0; i--) {
      ReferenceOpe.Trajectory trajectory = data.get(i);
      for (int t = trajectory.length() - 1; t >= 0; t--) {
        ReferenceOpe.Step step = trajectory.steps().get(t);
        steps.add(new LocalWeightTail.Step(trajectory.stayId(), t, step.action(), step.piB()));
        piE.add(step.piE());
      }
    }
    SparkOpeEstimator.WeightTail local =
        LocalWeightTail.of(steps, piE.toArray(double[][]::new), settings);
    assertEquals(khat, local.paretoK(), 1e-9, "on the driver, rows in any order: the same k-hat");
    assertEquals(
        perDecisionEss(data), local.effectiveSampleSizePerDecision(), 1e-9, "and the same ESS");
    Map<Long, Row> rows = byStay(result.perTrajectory());
    assertEquals(data.size(), rows.size(), "one row per trajectory");
    for (Contribution c : ReferenceOpe.contributions(data, settings.gamma())) {
      Row row = rows.get(c.stayId());
      String id = "stay " + c.stayId() + " ";
      assertEquals(c.length(), row.getInt(1), id + "length");
      assertEquals(c.discountedReturn(), row.getDouble(2), 1e-9, id + "discounted_return");
      assertEquals(c.rhoFinal(), row.getDouble(3), 1e-9 * Math.max(1, c.rhoFinal()), id + "rho");
      assertEquals(c.wdr(), row.getDouble(4), 1e-9, id + "wdr_contribution");
      assertEquals(c.wis(), row.getDouble(5), 1e-9, id + "wis_contribution");
      assertEquals(c.pdwis(), row.getDouble(6), 1e-9, id + "pdwis_contribution");
      assertEquals(c.dr(), row.getDouble(7), 1e-9, id + "dr_contribution");
      assertEquals(c.dm(), row.getDouble(8), 1e-9, id + "dm_contribution");
    }
  }

  /** The driver's weight tail refuses what the Spark validator refuses, in one line. */
  @Test
  void theDriverWeightTailRefusesBrokenInput() {
    OpeSettings settings = OpeFixtures.settings(10);
    double[] uniform = new double[9];
    Arrays.fill(uniform, 1.0 / 9);
    List<LocalWeightTail.Step> gap =
        List.of(
            new LocalWeightTail.Step(7, 0, 1, uniform), new LocalWeightTail.Step(7, 2, 1, uniform));
    InvalidOpeInputException missing =
        assertThrows(
            InvalidOpeInputException.class,
            () -> LocalWeightTail.of(gap, new double[][] {uniform, uniform}, settings));
    assertTrue(missing.getMessage().contains("contiguous unique steps 0..T-1 (e.g. stay_id 7)"));
    double[] half = uniform.clone();
    half[0] += 0.5;
    InvalidOpeInputException sum =
        assertThrows(
            InvalidOpeInputException.class,
            () ->
                LocalWeightTail.of(
                    List.of(new LocalWeightTail.Step(8, 0, 1, uniform)),
                    new double[][] {half},
                    settings));
    assertTrue(sum.getMessage().contains("pi_e that is not 9 probabilities"), sum.getMessage());
    assertFalse(sum.getMessage().contains("\n"), "one line");
  }

  @Test
  void resultsDoNotDependOnPartitioning() {
    List<Trajectory> data = OpeFixtures.random(120, 18, 11);
    Dataset<Row> frame = OpeFixtures.frame(spark, data);
    SparkOpeEstimator estimator = new SparkOpeEstimator(OpeFixtures.settings(100));
    OpeEstimates one = estimator.evaluate(frame.repartition(1)).estimates();
    OpeEstimates seven = estimator.evaluate(frame.repartition(7)).estimates();
    for (Estimator e : Estimator.values()) {
      EstimateResult a = one.result(e);
      EstimateResult b = seven.result(e);
      assertEquals(a.rawValue(), b.rawValue(), 1e-12, e + " value, 1 vs 7 partitions");
      assertEquals(a.rawLower(), b.rawLower(), 1e-12, e + " lower, 1 vs 7 partitions");
      assertEquals(a.rawUpper(), b.rawUpper(), 1e-12, e + " upper, 1 vs 7 partitions");
    }
    assertEquals(one.effectiveSampleSize(), seven.effectiveSampleSize(), 1e-9, "ESS");
  }

  @Test
  void anEstimateOutsideThePlausibleRangeIsInvalidEverywhere() {
    List<Trajectory> data = new ArrayList<>();
    for (Trajectory t : OpeFixtures.random(40, 6, 3)) {
      List<Step> steps = new ArrayList<>();
      for (Step s : t.steps()) {
        steps.add(new Step(s.action(), 100 + s.reward(), s.piE(), s.piB(), s.qHat()));
      }
      data.add(new Trajectory(t.stayId(), steps));
    }
    OpeEstimates estimates = evaluate(data, OpeFixtures.settings(50)).estimates();
    EstimateResult wis = estimates.result(Estimator.WIS);
    assertFalse(wis.valid(), "WIS of returns above 100 is implausible");
    assertTrue(wis.value().isEmpty(), "an invalid value is never shown");
    assertTrue(wis.reason().contains("outside the range"), wis.reason());
    Row row = estimates.toFrame(spark).filter("estimator = 'WIS'").collectAsList().get(0);
    assertNull(row.get(row.fieldIndex("value")), "no value in the frame");
    assertFalse(row.getBoolean(row.fieldIndex("valid")), "valid column false");
    assertEquals("", row.getString(row.fieldIndex("flag")), "no flag");
    assertEquals(estimates.paretoK(), row.getDouble(row.fieldIndex("pareto_k")), 0, "pareto_k");
    assertEquals(
        estimates.effectiveSampleSize(), row.getDouble(row.fieldIndex("ess_used")), 0, "WIS ESS");
    Row dm = estimates.toFrame(spark).filter("estimator = 'DM'").collectAsList().get(0);
    assertTrue(dm.isNullAt(dm.fieldIndex("ess_used")), "DM uses no weights: no ESS");
    assertTrue(estimates.result(Estimator.DM).valid(), "DM (Qhat within range) stays valid");
  }

  @Test
  void zeroWeightsForEveryTrajectoryMakeTheWeightedEstimatesInvalid() {
    double[] piB = nine(0.5, 0.5);
    List<Trajectory> data =
        List.of(
            new Trajectory(1, List.of(new Step(0, 1, nine(0, 1), piB, constant(0)))),
            new Trajectory(2, List.of(new Step(1, 1, nine(1, 0), piB, constant(0)))));
    OpeEstimates estimates = evaluate(data, OpeFixtures.settings(20)).estimates();
    for (Estimator e : List.of(Estimator.WDR, Estimator.WIS, Estimator.PDWIS)) {
      assertFalse(estimates.result(e).valid(), e + " undefined");
      assertTrue(estimates.result(e).reason().contains("weight 0"), estimates.result(e).reason());
    }
  }

  /** sum_t (n_t / n) ESS_t computed from products of ratios, rho frozen after the end. */
  private static double perDecisionEss(List<Trajectory> data) {
    int horizon = data.stream().mapToInt(Trajectory::length).max().orElseThrow();
    double ess = 0;
    for (int t = 0; t < horizon; t++) {
      double sum = 0;
      double squares = 0;
      int ending = 0;
      for (Trajectory trajectory : data) {
        double rho = ReferenceOpe.rho(trajectory, t);
        sum += rho;
        squares += rho * rho;
        ending += trajectory.length() - 1 == t ? 1 : 0;
      }
      ess += sum * sum / squares * ending / data.size();
    }
    return ess;
  }

  private static Map<Long, Row> byStay(Dataset<Row> perTrajectory) {
    Map<Long, Row> rows = new HashMap<>();
    for (Row row : perTrajectory.collectAsList()) {
      rows.put(row.getLong(0), row);
    }
    return rows;
  }
}
