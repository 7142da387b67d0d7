package org.sepsisiql.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.sim.GroundTruth;
import org.sepsisiql.sim.SimulatorSettings;

/**
 * Decides whether true policy values can be measured: only when the run's data came from the
 * simulator, which the synthesize command records in {@code <run>/extracts/simulator.json} ({@code
 * {"seed": ..., "stays": ...}}). The rollouts use the cohort's seed plus {@code
 * ground-truth.seed-offset}, so they simulate other patients than the ones the policy was trained
 * and tested on, drawn from the same population; {@code ground-truth.stays} per policy.
 */
final class GroundTruthPlans {
  private GroundTruthPlans() {}

  static PolicyEvaluation.TruthPlan from(RunContext run, EvaluateSettings settings) {
    JsonNode simulator =
        EvaluateStage.readJson(run.folder().readText(EvaluateStage.SIMULATOR_FILE));
    if (simulator == null) {
      return null;
    }
    if (!simulator.path("seed").canConvertToLong()) {
      throw new IllegalArgumentException(
          EvaluateStage.SIMULATOR_FILE + " must hold a numeric \"seed\", cannot be: " + simulator);
    }
    SimulatorSettings simulation =
        SimulatorSettings.from(run.config()).withGamma(settings.ope().gamma());
    return new PolicyEvaluation.TruthPlan(
        new GroundTruth(simulation),
        settings.groundTruthStays(),
        simulator.path("seed").asLong() + settings.groundTruthSeedOffset());
  }
}
