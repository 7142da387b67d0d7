package org.sepsisiql.baselines;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.config.Checks;
import org.sepsisiql.train.SparkTrainSettings;
import org.sepsisiql.train.TrainSettings;

/**
 * {@code sepsis-iql.baselines.q-network} (reference.conf documents each key; BASELINES.md the
 * method), with the agent's network and optimizer and the train stage's batch size, trainer and
 * Spark settings.
 *
 * @param agent the trunk, optimizer, precision and discount ({@code sepsis-iql.agent})
 * @param trainer {@code local} or {@code spark} ({@code sepsis-iql.train.trainer})
 * @param batchSize minibatch size ({@code sepsis-iql.train.batch-size})
 * @param spark parameter averaging's settings ({@code sepsis-iql.train.spark})
 * @param maxEpochs most epochs (DQNs) or iterations (neural fitted Q iteration)
 * @param minEpochs nothing is kept before this epoch (iteration)
 * @param patience stop after this many epochs (iterations) without improving the validation Bellman
 *     residual by {@code tolerance} (relative)
 * @param huberDelta the DQNs' Huber threshold
 * @param targetUpdateRate the DQNs' per-step Polyak rate of the target network
 * @param cqlAlpha weight of Dueling DQN's conservative penalty
 * @param epochsPerIteration neural fitted Q iteration's epochs on one iteration's fixed targets
 * @param minIterations neural fitted Q iteration keeps nothing before this iteration either ({@code
 *     baselines.min-iterations})
 * @param evalBatchSize batch size of validation passes
 */
public record QLearningSettings(
    AgentSettings agent,
    TrainSettings.Trainer trainer,
    int batchSize,
    SparkTrainSettings spark,
    int maxEpochs,
    int minEpochs,
    int patience,
    double tolerance,
    double huberDelta,
    double targetUpdateRate,
    double cqlAlpha,
    int epochsPerIteration,
    int minIterations,
    int evalBatchSize)
    implements Serializable {
  private static final String PREFIX = "sepsis-iql.baselines.q-network.";

  public static QLearningSettings from(Config config) {
    TrainSettings train = TrainSettings.from(config);
    int minEpochs = Checks.intAtLeast(config, PREFIX + "min-epochs", 1);
    int maxEpochs = Checks.intAtLeast(config, PREFIX + "max-epochs", 1);
    if (maxEpochs < minEpochs) {
      throw Checks.invalid(
          PREFIX + "max-epochs", "must be >= min-epochs (" + minEpochs + ")", maxEpochs);
    }
    return new QLearningSettings(
        AgentSettings.from(config),
        train.trainer(),
        train.batchSize(),
        train.spark(),
        maxEpochs,
        minEpochs,
        Checks.intAtLeast(config, PREFIX + "patience", 1),
        Checks.doubleIn(config, PREFIX + "relative-tolerance", 0.0, 1.0),
        Checks.positive(config, PREFIX + "huber-delta"),
        Checks.doubleIn(config, PREFIX + "target-update-rate", 0.0, 1.0),
        Checks.doubleIn(config, PREFIX + "cql-alpha", 0.0, Double.MAX_VALUE),
        Checks.intAtLeast(config, PREFIX + "fqi-epochs-per-iteration", 1),
        Checks.intAtLeast(config, "sepsis-iql.baselines.min-iterations", 1),
        train.evalBatchSize());
  }
}
