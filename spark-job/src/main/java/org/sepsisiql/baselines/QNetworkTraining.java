package org.sepsisiql.baselines;

import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.train.TrainSettings;
import org.sepsisiql.train.TrajectoryReader;

/**
 * How the baselines stage trains a Q-learning network ({@link BaselineKind#network()}), whichever
 * trainer runs ({@code train.trainer}): one JVM, minibatch by minibatch ({@link LocalQTrainer}), or
 * rounds of DL4J parameter averaging across executors ({@link SparkQTrainer}). Both validate after
 * each epoch (round; for neural fitted Q iteration, each iteration), write a checkpoint, and keep
 * the network with the lowest validation Bellman residual ({@link EpochLedger}).
 */
public interface QNetworkTraining {

  /**
   * What to train on.
   *
   * @param trainRows the checked train split as rows; the Spark trainer reads it on the executors
   * @param trainSet the same split on the driver, for the local trainer; null for Spark
   * @param scaling the auxiliary targets' standardization (unused by the Q losses, carried along)
   * @param validation the validation split on the driver
   */
  record Data(
      Dataset<Row> trainRows,
      Transitions trainSet,
      TrajectoryReader.AuxScaling scaling,
      Transitions validation) {}

  /** Where the networks go after each epoch. */
  interface Checkpoints {
    /** The online network after the epoch, optimizer state included (overwritten). */
    void last(ComputationGraph online);

    /** The network kept so far (overwritten whenever a later epoch improves). */
    void best(ComputationGraph online);
  }

  /**
   * One epoch's (round's, iteration's) figures.
   *
   * @param residual the validation Bellman residual: mean squared TD error against the targets
   * @param meanMaxQ mean of {@code max_a Q(s, a)} over the validation states: exploding values show
   */
  record Epoch(int epoch, double trainLoss, double residual, double meanMaxQ) {}

  /**
   * How training ended.
   *
   * @param best the kept network
   * @param keptEpoch its epoch (round, iteration)
   * @param stopReason {@code converged}, {@code max_iterations} or {@code diverged} (a non-finite
   *     residual)
   */
  record Result(ComputationGraph best, List<Epoch> epochs, int keptEpoch, String stopReason) {}

  Result train(BaselineKind kind, Data data, Checkpoints checkpoints);

  /** The trainer {@code settings.trainer()} names. */
  static QNetworkTraining of(
      QLearningSettings settings, SparkSession spark, long seed, Consumer<String> progress) {
    return settings.trainer() == TrainSettings.Trainer.SPARK
        ? new SparkQTrainer(spark, settings, seed, progress)
        : new LocalQTrainer(settings, seed, progress);
  }
}
