package org.sepsisiql.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepsisiql.data.ObservationPolicy;

/**
 * The truth's estimand and precision, in one JVM: expected returns agree with sampled returns, the
 * simulator's own clinicians of a later period reproduce the observed returns of that period's
 * patients, and paired differences are more precise than the values they come from.
 */
class GroundTruthTest {
  private static final long SEED = 23;
  private static final SimulatorSettings SETTINGS = SimulatorSettings.defaults();
  private static final double GAMMA = SETTINGS.gamma();
  private static final double REWARD = SETTINGS.terminalReward();

  @Test
  void expectedReturnsHaveTheSampledMeanWithASmallerError() {
    ObservationPolicy policy = ClinicianPolicy.representative(SETTINGS, 2015);
    StaySimulator simulator = new StaySimulator(SETTINGS, SEED);
    int stays = 3000;
    double sum = 0;
    double squares = 0;
    for (long index = 0; index < stays; index++) {
      double g = simulator.rollout(index, policy).discountedReturn(GAMMA, REWARD);
      sum += g;
      squares += g * g;
    }
    double sampledMean = sum / stays;
    double sampledError = Math.sqrt((squares / stays - sampledMean * sampledMean) / stays);
    GroundTruth.Result expected = new GroundTruth(SETTINGS).evaluateLocally(policy, stays, SEED);
    System.out.printf(
        "sampled %.3f +- %.3f, expected %.3f +- %.3f (%d stays)%n",
        sampledMean, sampledError, expected.mean(), expected.standardError(), stays);
    assertTrue(
        Math.abs(expected.mean() - sampledMean) < 3 * sampledError,
        "expected returns should have the sampled returns' mean: "
            + expected.mean()
            + " vs "
            + sampledMean);
    assertTrue(
        expected.standardError() < 0.6 * sampledError,
        "conditioning on the path should shrink the error: "
            + expected.standardError()
            + " vs "
            + sampledError);
  }

  @Test
  void theSimulatedCliniciansOfALaterPeriodReproduceThatPeriodsObservedReturns() {
    long from = LocalDate.of(2017, 6, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    StaySimulator cohort = new StaySimulator(SETTINGS, SEED);
    double sum = 0;
    double squares = 0;
    long n = 0;
    for (long index = 0; index < 16_000; index++) {
      PatientProfile profile = cohort.profile(index);
      long firstAdmission =
          profile.readmission() ? cohort.profile(index - 1).admitMillis() : profile.admitMillis();
      if (firstAdmission >= from) {
        double g = cohort.observedOutcome(index).discountedReturn(GAMMA, REWARD);
        sum += g;
        squares += g * g;
        n++;
      }
    }
    double observed = sum / n;
    double observedError = Math.sqrt((squares / n - observed * observed) / n);
    GroundTruth.Result truth =
        new GroundTruth(SETTINGS)
            .compareLocally(
                List.of(StaySimulator.SIMULATED_CLINICIANS),
                0,
                new GroundTruth.Population(SEED + 1, 3000, from))
            .values()
            .get(0);
    System.out.printf(
        "observed later-period return %.3f +- %.3f (%d stays), truth %.3f +- %.3f%n",
        observed, observedError, n, truth.mean(), truth.standardError());
    double error = Math.hypot(observedError, truth.standardError());
    assertTrue(
        Math.abs(truth.mean() - observed) < 3 * error,
        "the clinicians' truth should be the observed return of their period's patients: "
            + truth.mean()
            + " vs "
            + observed);
  }

  @Test
  void pairedDifferencesAreMorePreciseThanTheValues() {
    ObservationPolicy early = ClinicianPolicy.representative(SETTINGS, 2009);
    ObservationPolicy late = ClinicianPolicy.representative(SETTINGS, 2019);
    GroundTruth.Comparison comparison =
        new GroundTruth(SETTINGS)
            .compareLocally(
                List.of(early, late, new PhysiologyAwarePolicy()),
                0,
                GroundTruth.Population.wholeRange(SEED, 1000));
    System.out.println(
        "values " + comparison.values() + ", differences " + comparison.differences());
    assertEquals(0, comparison.differences().get(0).mean(), 0, "the reference's own difference");
    for (int k = 1; k < 3; k++) {
      assertTrue(
          comparison.differences().get(k).standardError()
              < 0.5 * comparison.values().get(k).standardError(),
          "paired difference " + k + " should be more precise than the value");
    }
  }

  @Test
  void furtherRoundsRollOutOnlyThePoliciesThatAreNotYetPrecise() {
    ObservationPolicy clinicians = ClinicianPolicy.representative(SETTINGS, 2015);
    ObservationPolicy earlier = ClinicianPolicy.representative(SETTINGS, 2010);
    ObservationPolicy none = raw -> new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0};
    GroundTruth.Comparison comparison =
        new GroundTruth(SETTINGS, 100, 50)
            .compareLocally(
                List.of(clinicians, earlier, none),
                0,
                GroundTruth.Population.wholeRange(SEED, 200),
                new GroundTruth.Precision(0.5, 1000));
    System.out.println("rounds: " + comparison.values());
    GroundTruth.Result precise = comparison.values().get(1);
    GroundTruth.Result noisy = comparison.values().get(2);
    assertEquals(200, precise.stays(), "a precise policy stops after the first round");
    assertTrue(noisy.stays() > precise.stays(), "the noisier policy gets more stays");
    assertEquals(0, noisy.stays() % 200, "whole rounds");
    assertTrue(
        noisy.standardError() <= 0.45 || noisy.stays() == 1000,
        "precise enough, or stopped at the cap: " + noisy);
    assertEquals(
        noisy.stays(),
        comparison.differences().get(2).stays(),
        "every stay of a policy is paired with the reference's");
  }

  /**
   * Reweighting each stay's own clinician by factors that are all equal changes nothing; factors
   * that favour one action shift the stays' choices to it and so change their values.
   */
  @Test
  void reweightedCliniciansAreTheCliniciansTimesTheFactors() {
    StaySimulator simulator = new StaySimulator(SETTINGS, SEED);
    long[] stays = new long[200];
    for (int i = 0; i < stays.length; i++) {
      stays[i] = i;
    }
    double[] own = simulator.expectedReturns(stays, StaySimulator.SIMULATED_CLINICIANS);
    ObservationPolicy flat = raw -> filled(3.0);
    double[] same = simulator.expectedReturns(stays, StaySimulator.reweightedClinicians(flat));
    org.junit.jupiter.api.Assertions.assertArrayEquals(own, same, 1e-12);
    ObservationPolicy noTreatment =
        raw -> {
          double[] factors = filled(1e-6);
          factors[0] = 1;
          return factors;
        };
    double[] shifted =
        simulator.expectedReturns(stays, StaySimulator.reweightedClinicians(noTreatment));
    double difference = 0;
    for (int i = 0; i < stays.length; i++) {
      difference += own[i] - shifted[i];
    }
    assertTrue(
        difference / stays.length > 1,
        "leaning toward no treatment costs value: " + difference / stays.length);
    assertThrows(
        UnsupportedOperationException.class,
        () ->
            StaySimulator.reweightedClinicians(flat)
                .actionProbabilities(new double[org.sepsisiql.data.Feature.COUNT]));
  }

  private static double[] filled(double value) {
    double[] values = new double[ObservationPolicy.ACTIONS];
    java.util.Arrays.fill(values, value);
    return values;
  }

  @Test
  void theSimulatedCliniciansMarkerIsNotAPolicyOfItsOwn() {
    assertThrows(
        UnsupportedOperationException.class,
        () ->
            StaySimulator.SIMULATED_CLINICIANS.actionProbabilities(
                new double[org.sepsisiql.data.Feature.COUNT]));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GroundTruth(SETTINGS)
                .compareLocally(
                    List.of(new PhysiologyAwarePolicy()),
                    1,
                    GroundTruth.Population.wholeRange(SEED, 10)));
  }
}
