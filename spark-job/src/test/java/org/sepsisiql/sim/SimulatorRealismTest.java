package org.sepsisiql.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.data.ObservationPolicy;
import org.sepsisiql.udfs.Vasopressors;

/** Calibration of a 2,000-stay cohort against DESIGN.md section 8, measured in one JVM. */
class SimulatorRealismTest {
  private static final long SEED = 7;
  private static SimulatorSettings settings;
  private static CohortFigures figures;

  @BeforeAll
  static void simulate() {
    settings = SimulatorSettings.defaults();
    figures = CohortFigures.measure(settings, SEED, 2000);
  }

  @Test
  void mortalityIsInThePublishedRange() {
    assertTrue(
        figures.mortality() >= 0.15 && figures.mortality() <= 0.35,
        "in-hospital mortality should be 15-35 %, was " + figures.mortality());
  }

  @Test
  void meanArterialPressureAndLactateArePlausible() {
    double[] map = figures.mapQuartiles();
    assertTrue(map[1] >= 72 && map[1] <= 83, "MAP median should be near 75-80: " + map[1]);
    assertTrue(map[0] > 60 && map[2] < 100, "MAP quartiles implausible: " + Arrays.toString(map));
    double[] lactate = figures.lactateQuartiles();
    assertTrue(
        lactate[1] >= 1.5 && lactate[1] <= 2.5, "lactate median should be 1.5-2.5: " + lactate[1]);
    assertTrue(
        figures.lactateP95() > 2 * lactate[1] - lactate[0],
        "lactate should have a long right tail, p95 = " + figures.lactateP95());
  }

  @Test
  void treatmentFrequenciesAndDosesMatchTheTargets() {
    assertTrue(
        figures.vasoStepShare() >= 0.12 && figures.vasoStepShare() <= 0.32,
        "vasopressors should be given in roughly 15-30 % of steps: " + figures.vasoStepShare());
    assertTrue(figures.fluidStepShare() >= 0.5, "fluids should be given in most steps: " + figures);
    double[] vaso = figures.vasoQuartiles();
    assertTrue(vaso[0] > 0.05 && vaso[0] < 0.12, "vaso Q1 near 0.08: " + Arrays.toString(vaso));
    assertTrue(vaso[2] > 0.3 && vaso[2] < 0.6, "vaso Q3 near 0.45: " + Arrays.toString(vaso));
    double[] fluid = figures.fluidQuartiles();
    assertTrue(fluid[0] > 30 && fluid[0] < 80, "fluid Q1 near 50: " + Arrays.toString(fluid));
    assertTrue(fluid[2] > 350 && fluid[2] < 750, "fluid Q3 near 530: " + Arrays.toString(fluid));
  }

  @Test
  void cliniciansUseAllNineActions() {
    long[] counts = figures.actionCounts();
    long total = Arrays.stream(counts).sum();
    for (int action = 0; action < 9; action++) {
      assertTrue(
          counts[action] >= 0.005 * total,
          "action " + action + " should be used in >= 0.5 % of bins: " + Arrays.toString(counts));
    }
  }

  @Test
  void practiceDriftsTowardVasopressorsAndAwayFromFluids() {
    assertTrue(
        figures.lateVasoShare() > figures.earlyVasoShare() + 0.02,
        "late admissions should get vasopressors more often: " + figures);
    assertTrue(
        figures.lateMeanFluid() < figures.earlyMeanFluid() - 20,
        "late admissions should get less fluid per bin: " + figures);
  }

  @Test
  void someStaysAreReadmissions() {
    assertTrue(
        figures.readmissionShare() > 0.02 && figures.readmissionShare() < 0.15,
        "readmission share: " + figures.readmissionShare());
  }

  @Test
  void chartedVasopressorRatesConvertBackToTheIntendedDose() {
    for (VasopressorDrug drug : VasopressorDrug.values()) {
      double rate = drug.rate(0.3, 72.5);
      double dose =
          Vasopressors.norepinephrineEquivalent(drug.drugName(), rate, drug.rateUnit(), 72.5);
      assertEquals(0.3, dose, 1e-12, drug + " charted as " + rate + " " + drug.rateUnit());
    }
  }

  @Test
  void physiologyAwarePolicyBeatsTheCliniciansOnTrueValue() {
    GroundTruth truth = new GroundTruth(settings);
    ObservationPolicy clinicians = ClinicianPolicy.representative(settings, 2014);
    GroundTruth.Result clinical = truth.evaluateLocally(clinicians, 3000, SEED);
    GroundTruth.Result better = truth.evaluateLocally(new PhysiologyAwarePolicy(), 3000, SEED);
    double margin = 2 * Math.hypot(clinical.standardError(), better.standardError());
    assertTrue(
        better.mean() - clinical.mean() > margin,
        "better " + better + " should beat clinicians " + clinical + " by > " + margin);
  }

  @Test
  void rollingOutTheStaysOwnClinicianReproducesTheObservedStay() {
    StaySimulator simulator = new StaySimulator(settings, SEED);
    long binMillis = settings.binHours() * 3_600_000L;
    for (long index = 0; index < 200; index++) {
      StayEvents observed = simulator.generate(index);
      ClinicianPolicy clinician = ClinicianPolicy.forStay(settings, SEED, observed.profile);
      StayOutcome rolled = simulator.rollout(index, clinician);
      long lastBinStart = observed.profile.admitMillis() + (rolled.steps() - 1) * binMillis;
      assertEquals(observed.died, rolled.died(), "outcome of stay " + index);
      assertTrue(
          observed.endMillis > lastBinStart
              && (!rolled.endedInWindow() || observed.endMillis < lastBinStart + binMillis),
          "stay " + index + " should end in its last simulated bin");
    }
  }

  @Test
  void rolloutsAreReproducibleAndDependOnTheSeed() {
    GroundTruth truth = new GroundTruth(settings);
    ObservationPolicy policy = new PhysiologyAwarePolicy();
    assertEquals(
        truth.evaluateLocally(policy, 300, 11),
        truth.evaluateLocally(policy, 300, 11),
        "same seed");
    assertTrue(
        truth.evaluateLocally(policy, 300, 11).mean()
            != truth.evaluateLocally(policy, 300, 12).mean(),
        "different seeds should give different rollouts");
  }
}
