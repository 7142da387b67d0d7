package org.sepsisiql.evaluate;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.sepsisiql.clinical.ClinicalSettings;
import org.sepsisiql.config.Checks;
import org.sepsisiql.ope.FqeSettings;
import org.sepsisiql.ope.OpeSettings;
import org.sepsisiql.ope.ReliabilityGate;
import org.sepsisiql.ope.ReliabilitySettings;

/**
 * The {@code sepsis-iql.evaluate} settings of the evaluate stage, validated on read (reference.conf
 * documents each key).
 *
 * @param ope the estimators' settings; {@code piBFloor} is {@code pi-b-floor}, or {@code
 *     taken-action-floor} when that is 0, so a zero pi_b of a taken action is floored and counted
 * @param fqe fitted Q evaluation
 * @param clinical the clinical tests' thresholds
 * @param learnedQ where the learned policy's Qhat comes from
 * @param batchSize states per forward pass
 * @param cloningSoftening mass spread uniformly by behavior cloning
 * @param noTreatmentEpsilon mass spread over actions 1..8 by the no-treatment policy
 * @param groundTruthStays simulated stays per policy for the true value
 * @param groundTruthSeedOffset added to the cohort's seed for the rollouts
 * @param groundTruthStaysPerTask stays per Spark task of the rollouts (fixes summation order)
 * @param groundTruthMaxStandardError rollouts continue, in rounds, until every true value is at
 *     least this precise (or {@code groundTruthMaxStays}); a warning names any that is not
 * @param groundTruthMaxStays the most stays a true value is measured on
 * @param reliability when an estimate is withheld or flagged ({@link ReliabilityGate})
 * @param advantageBetas the betas of the advantage-weighted extraction tried on validation
 * @param chooseNetwork which networks compete
 */
public record EvaluateSettings(
    OpeSettings ope,
    FqeSettings fqe,
    ClinicalSettings clinical,
    LearnedQ learnedQ,
    int batchSize,
    double cloningSoftening,
    double noTreatmentEpsilon,
    long groundTruthStays,
    long groundTruthSeedOffset,
    int groundTruthStaysPerTask,
    double groundTruthMaxStandardError,
    long groundTruthMaxStays,
    ReliabilitySettings reliability,
    List<Double> advantageBetas,
    NetworkChoice chooseNetwork)
    implements Serializable {
  private static final String PREFIX = "sepsis-iql.evaluate.";

  /** Where the learned policy's Qhat comes from ({@code evaluate.learned-q}). */
  public enum LearnedQ {
    /** Fitted Q evaluation of the extracted policy. */
    FQE,
    /** The agent's own Q head. */
    AGENT
  }

  /**
   * Which of the train stage's networks compete on validation ({@code evaluate.choose-network}).
   */
  public enum NetworkChoice {
    /** The best-criterion network and the kept checkpoints, by validation WDR. */
    VALIDATION_WDR,
    /** The best validation-criterion network alone. */
    BEST_CRITERION
  }

  public static EvaluateSettings from(Config config) {
    OpeSettings ope = OpeSettings.from(config);
    double takenFloor = Checks.doubleIn(config, PREFIX + "taken-action-floor", 0, 0.1);
    if (ope.piBFloor() == 0 && takenFloor > 0) {
      ope = ope.withPiBFloor(takenFloor);
    }
    return new EvaluateSettings(
        ope,
        FqeSettings.from(config),
        ClinicalSettings.from(config),
        Checks.oneOf(config, PREFIX + "learned-q", LearnedQ.class),
        Checks.intAtLeast(config, PREFIX + "batch-size", 1),
        Checks.doubleIn(config, PREFIX + "behavior-cloning-softening", 0, 1),
        Checks.doubleIn(config, PREFIX + "no-treatment-epsilon", 0, 1),
        Checks.longAtLeast(config, PREFIX + "ground-truth.stays", 1),
        config.getLong(PREFIX + "ground-truth.seed-offset"),
        Checks.intAtLeast(config, PREFIX + "ground-truth.stays-per-task", 1),
        Checks.doubleIn(config, PREFIX + "ground-truth.max-standard-error", 0, Double.MAX_VALUE),
        Checks.longAtLeast(config, PREFIX + "ground-truth.max-stays", 1),
        ReliabilitySettings.from(config),
        advantageBetas(config),
        Checks.oneOf(config, PREFIX + "choose-network", NetworkChoice.class));
  }

  /** Whether the kept checkpoints compete with the best-criterion network on validation. */
  public boolean networkByValidationWdr() {
    return chooseNetwork == NetworkChoice.VALIDATION_WDR;
  }

  private static List<Double> advantageBetas(Config config) {
    String key = PREFIX + "advantage-betas";
    List<Double> betas = config.getDoubleList(key);
    if (betas.isEmpty() || betas.stream().anyMatch(b -> !(b > 0) || b.isInfinite())) {
      throw Checks.invalid(key, "must be one or more finite values > 0", betas);
    }
    return List.copyOf(betas);
  }
}
