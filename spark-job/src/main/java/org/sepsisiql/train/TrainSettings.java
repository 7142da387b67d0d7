package org.sepsisiql.train;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.config.Checks;

/** Settings of the train stage, from {@code sepsis-iql.train}; see {@code reference.conf}. */
public record TrainSettings(
    Trainer trainer,
    int batchSize,
    int maxEpochs,
    int patience,
    double minImprovement,
    long maxLocalRows,
    int keepCheckpoints,
    int evalBatchSize,
    SparkTrainSettings spark)
    implements Serializable {
  private static final String PREFIX = "sepsis-iql.train.";

  /** Which trainer runs ({@code train.trainer}). */
  public enum Trainer {
    /** One JVM, exact per-minibatch IQL ({@link LocalIqlTrainer}). */
    LOCAL,
    /** Rounds of DL4J parameter averaging across executors ({@link SparkIqlTrainer}). */
    SPARK;

    /** The name in the configuration. */
    public String key() {
      return Checks.key(this);
    }
  }

  public static TrainSettings from(Config config) {
    return new TrainSettings(
        Checks.oneOf(config, PREFIX + "trainer", Trainer.class),
        Checks.intAtLeast(config, PREFIX + "batch-size", 1),
        Checks.intAtLeast(config, PREFIX + "max-epochs", 1),
        Checks.intAtLeast(config, PREFIX + "patience", 1),
        Checks.doubleIn(config, PREFIX + "min-improvement", 0.0, Double.MAX_VALUE),
        Checks.longAtLeast(config, PREFIX + "max-local-rows", 1),
        Checks.intAtLeast(config, PREFIX + "keep-checkpoints", 1),
        Checks.intAtLeast(config, PREFIX + "eval-batch-size", 1),
        SparkTrainSettings.from(config));
  }
}
