package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.config.ConfigLoader;

/** Which estimates the reliability gate withholds or flags, on hand-built estimates, no Spark. */
class ReliabilityGateTest {
  private static final ReliabilitySettings DEFAULTS =
      new ReliabilitySettings(10, 0.02, 0.7, Map.of());

  /** Every estimate valid with interval [0.5, 1.5] except where given. */
  private static OpeEstimates estimates(
      long n, double ess, double essPerDecision, double paretoK, EstimateResult... overrides) {
    EstimateResult[] results =
        Arrays.stream(Estimator.values())
            .map(e -> new EstimateResult(e, 1.0, 0.5, 1.5, 100, true, "", ""))
            .toArray(EstimateResult[]::new);
    for (EstimateResult r : overrides) {
      results[r.estimator().ordinal()] = r;
    }
    return new OpeEstimates(
        n,
        5,
        0.99,
        100,
        1,
        ess,
        List.of(ess),
        essPerDecision,
        paretoK,
        0.1,
        0,
        List.of(results),
        new double[5][0]);
  }

  @Test
  void eachEstimatorIsJudgedByItsOwnEffectiveSampleSize() {
    OpeEstimates gated = ReliabilityGate.apply(estimates(310, 50, 4.1, 0.3), DEFAULTS);
    assertTrue(gated.result(Estimator.WIS).valid(), "WIS: trajectory-wise ESS 50 >= 10");
    assertTrue(gated.result(Estimator.DR).valid(), "DR: trajectory-wise ESS 50 >= 10");
    assertTrue(gated.result(Estimator.DM).valid(), "DM uses no weights");
    for (Estimator e : List.of(Estimator.WDR, Estimator.PDWIS)) {
      assertFalse(gated.result(e).valid(), e + ": per-decision ESS 4.1 < 10");
      assertEquals(
          "per-decision ESS 4.1 is below 10 (max of 10 and 2% of n = 310)",
          gated.result(e).reason(), e + " reason");
    }
  }

  @Test
  void theThresholdScalesWithN() {
    OpeEstimates gated = ReliabilityGate.apply(estimates(5000, 50, 200, 0.3), DEFAULTS);
    assertFalse(gated.result(Estimator.WIS).valid(), "ESS 50 < 2% of 5000 = 100");
    assertEquals(
        "trajectory-wise ESS 50 is below 100 (max of 10 and 2% of n = 5000)",
        gated.result(Estimator.WIS).reason(), "reason names ESS, kind and threshold");
    assertTrue(gated.result(Estimator.WDR).valid(), "per-decision ESS 200 >= 100");
    assertTrue(
        ReliabilityGate.apply(estimates(400, 50, 200, 0.3), DEFAULTS).result(Estimator.WIS).valid(),
        "ESS 50 >= max(10, 8)");
  }

  @Test
  void aHeavyWeightTailWithholdsEveryWeightedEstimate() {
    OpeEstimates gated = ReliabilityGate.apply(estimates(1000, 500, 500, 0.93), DEFAULTS);
    for (Estimator e : List.of(Estimator.WDR, Estimator.WIS, Estimator.PDWIS, Estimator.DR)) {
      assertFalse(gated.result(e).valid(), e + " withheld at k-hat 0.93");
      assertTrue(gated.result(e).reason().contains("k-hat 0.93"), gated.result(e).reason());
    }
    assertTrue(gated.result(Estimator.DM).valid(), "DM kept");
    assertTrue(
        ReliabilityGate.apply(estimates(1000, 500, 500, Double.NaN), DEFAULTS)
            .result(Estimator.WDR)
            .valid(),
        "an undefined k-hat withholds nothing");
  }

  @Test
  void configuredEstimatorsAreWithheldWithTheirReason() {
    ReliabilitySettings settings =
        new ReliabilitySettings(10, 0.02, 0.7, Map.of(Estimator.DM, "DM undercovers"));
    OpeEstimates gated = ReliabilityGate.apply(estimates(1000, 500, 500, 0.3), settings);
    assertFalse(gated.result(Estimator.DM).valid(), "DM withheld by default");
    assertEquals("DM undercovers", gated.result(Estimator.DM).reason(), "configured reason");
    assertTrue(gated.result(Estimator.WDR).valid(), "others untouched");
    EstimateResult invalid =
        new EstimateResult(Estimator.WIS, 20, 19, 21, 100, false, "outside the range", "");
    assertEquals(
        "outside the range",
        ReliabilityGate.apply(estimates(1000, 1, 1, 0.3, invalid), DEFAULTS)
            .result(Estimator.WIS)
            .reason(),
        "an invalid estimate keeps its first reason");
  }

  @Test
  void wdrIsFlaggedWhenItsIntervalMissesWis() {
    EstimateResult wdr = new EstimateResult(Estimator.WDR, 3, 2.5, 3.5, 100, true, "", "");
    OpeEstimates gated = ReliabilityGate.apply(estimates(1000, 500, 500, 0.3, wdr), DEFAULTS);
    EstimateResult flagged = gated.result(Estimator.WDR);
    assertTrue(flagged.valid(), "flagged, still valid");
    assertTrue(flagged.flag().contains("do not overlap"), flagged.flag());
    assertEquals("", gated.result(Estimator.WIS).flag(), "only WDR is flagged");
    EstimateResult touching = new EstimateResult(Estimator.WDR, 2, 1.5, 2.5, 100, true, "", "");
    assertEquals(
        "",
        ReliabilityGate.apply(estimates(1000, 500, 500, 0.3, touching), DEFAULTS)
            .result(Estimator.WDR)
            .flag(),
        "touching intervals overlap");
    assertEquals(
        "",
        ReliabilityGate.apply(estimates(1000, 500, 4, 0.3, wdr), DEFAULTS)
            .result(Estimator.WDR)
            .flag(),
        "a withheld WDR is not flagged");
  }

  private static ReliabilitySettings fromOverlay(Path folder, String text) throws IOException {
    Path file = folder.resolve("overlay.conf");
    Files.writeString(file, text);
    return ReliabilitySettings.from(ConfigLoader.load(file.toFile(), Map.of()));
  }

  @Test
  void settingsComeFromTheConfigurationAndNameAnUnknownEstimator(@TempDir Path folder)
      throws IOException {
    ReliabilitySettings defaults = ReliabilitySettings.from(ConfigLoader.defaults());
    assertEquals(10, defaults.minEffectiveSampleSize(), 0, "min-effective-sample-size");
    assertEquals(0.02, defaults.minEffectiveSampleShare(), 0, "min-effective-sample-share");
    assertEquals(0.7, defaults.maxParetoK(), 0, "max-pareto-k");
    assertEquals(
        java.util.Set.of(Estimator.DM),
        defaults.withheld().keySet(),
        "DM withheld by default (the OPE study's coverage)");
    assertTrue(
        defaults.withheld().get(Estimator.DM).contains("covered the truth"),
        "the reason cites the measured coverage: " + defaults.withheld().get(Estimator.DM));
    String key = "sepsis-iql.evaluate.withheld-estimators = ";
    ReliabilitySettings listed =
        fromOverlay(folder, key + "[{estimator = DM, reason = \"undercovers\"}]");
    assertEquals(Map.of(Estimator.DM, "undercovers"), listed.withheld(), "parsed list");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> fromOverlay(folder, key + "[{estimator = FOO, reason = x}]"));
    assertTrue(e.getMessage().contains("FOO"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReliabilitySettings(10, 1.5, 0.7, Map.of()),
        "share above 1");
  }
}
