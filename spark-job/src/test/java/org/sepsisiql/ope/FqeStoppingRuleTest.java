package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;

class FqeStoppingRuleTest {

  @Test
  void stopsAfterPatienceIterationsWithoutARelativeImprovement() {
    FqeStoppingRule rule = rule(3, Map.of("patience", "2", "relative-tolerance", "0.1"));
    // 0.95 is a new best but not a 10 % improvement; 0.5 is; 0.49 and 0.48 are not.
    int stop = run(rule, 9, 8, 1.0, 0.95, 0.5, 0.49, 0.48, 0.47, 0.46);
    assertEquals(7, stop, "stops two iterations after the last improvement (iteration 5)");
    assertEquals(FqeModel.StopReason.CONVERGED, rule.stopAfter(7), "reason");
    assertEquals(7, rule.bestIteration(), "keeps the lowest residual");
  }

  @Test
  void neverKeepsAnIterateBeforeTheHorizon() {
    FqeStoppingRule rule = rule(4, Map.of("patience", "1"));
    int stop = run(rule, 0.01, 0.02, 0.03, 5, 6);
    assertEquals(5, stop, "runs H = 4, then one more without improvement");
    assertEquals(4, rule.bestIteration(), "iterations 1..3 had not propagated the reward");
  }

  @Test
  void runsTheLargerFloorAndStopsAtMaxIterations() {
    FqeStoppingRule floor = rule(2, Map.of("patience", "1", "min-iterations", "5"));
    assertEquals(
        6,
        run(floor, 1, 1, 1, 1, 1, 1, 1),
        "min-iterations above H is the floor: the first iterate that may be kept, then patience");
    assertEquals(5, floor.bestIteration(), "nothing before the floor is kept");
    FqeStoppingRule ceiling = rule(2, Map.of("max-iterations", "4"));
    assertEquals(4, run(ceiling, 8, 4, 2, 1, 0.5), "still improving at max-iterations");
    assertEquals(FqeModel.StopReason.MAX_ITERATIONS, ceiling.stopAfter(4), "reason");
    FqeStoppingRule raised = rule(6, Map.of("max-iterations", "3", "patience", "1"));
    assertEquals(6, raised.ceiling(), "max-iterations below H is raised to H");
  }

  private static int run(FqeStoppingRule rule, double... residuals) {
    for (int k = 1; k <= residuals.length; k++) {
      rule.record(k, residuals[k - 1]);
      if (rule.stopAfter(k) != null) {
        return k;
      }
    }
    return -1;
  }

  private static FqeStoppingRule rule(int horizon, Map<String, String> fqe) {
    Map<String, String> overrides = new HashMap<>();
    fqe.forEach((key, value) -> overrides.put("sepsis-iql.evaluate.fqe." + key, value));
    return new FqeStoppingRule(horizon, FqeSettings.from(ConfigLoader.load(null, overrides)));
  }
}
