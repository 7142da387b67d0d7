package org.sepsisiql.train;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.agent.Transitions;

/**
 * How the train stage learns the agent, whichever trainer runs ({@code train.trainer}): one JVM
 * with the exact per-minibatch update ({@link LocalIqlTrainer}) or rounds of DL4J parameter
 * averaging across executors ({@link SparkIqlTrainer}). Both start from or resume a {@link
 * CheckpointStore}, write one metrics row and one checkpoint per epoch (a round for the Spark
 * trainer), and stop early on the validation criterion.
 */
public interface Trainer {
  /**
   * What to train on.
   *
   * @param trainRows the checked train split as rows ({@link TrajectoryReader#checkedSplit}); the
   *     Spark trainer reads it on the executors
   * @param trainSet the same split loaded on the driver, for the local trainer; null for Spark
   * @param scaling the auxiliary targets' standardization fitted on the train split
   * @param validation the validation split on the driver
   */
  record Data(
      Dataset<Row> trainRows,
      Transitions trainSet,
      TrajectoryReader.AuxScaling scaling,
      Transitions validation) {}

  /**
   * Where a training run goes.
   *
   * @param store checkpoints (and, on resume, where the run continues from)
   * @param metrics one row per epoch or round
   * @param resume continue a killed run from its last checkpoint
   * @param listener called after each checkpoint (tests use it to simulate a kill)
   */
  record Run(
      CheckpointStore store, MetricsWriter metrics, boolean resume, EpochListener listener) {}

  /** Called after each epoch's (round's) checkpoint is written. */
  @FunctionalInterface
  interface EpochListener {
    void afterCheckpoint(EpochMetrics metrics);
  }

  /**
   * How a training run ended; for the Spark trainer {@code epochs} and {@code bestEpoch} count
   * rounds.
   */
  record Outcome(
      int epochs, long steps, int bestEpoch, double bestCriterion, boolean stoppedEarly) {}

  /** Trains until the criterion stops improving or the budget is spent. */
  Outcome train(Data data, Run run);
}
