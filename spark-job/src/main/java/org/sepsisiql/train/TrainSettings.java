package org.sepsisiql.train;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.config.Checks;

/** Settings of the train stage, from {@code sepsis-iql.train}; see {@code reference.conf}. */
public record TrainSettings(
    String trainer,
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

  public static TrainSettings from(Config config) {
    return new TrainSettings(
        Checks.oneOf(config, PREFIX + "trainer", "local", "spark"),
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
