package org.sepsisiql.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sepsisiql.agent.BatchLabeller;

/**
 * The body of one round of both Spark trainers (the agent's and the Q-learning baselines'):
 * broadcast the frozen online and target networks ({@link NetworkSnapshot}), label the sampled
 * train transitions on the executors ({@link RoundLabeller}), persist the labelled minibatches for
 * the round, and fit the online network on them {@code passes} times with DL4J's parameter
 * averaging; the labelled minibatches and the broadcast are released afterwards.
 */
public final class AveragingRound {
  /** One round's labelled minibatches; DL4J persists its input at the same level. */
  static final StorageLevel LABELLED_STORAGE = StorageLevel.MEMORY_ONLY();

  private AveragingRound() {}

  /**
   * How a round labels its minibatches.
   *
   * @param labeller the trainer's targets
   * @param type the networks' data type
   * @param fraction share of each partition's transitions sampled per round
   */
  public record Labelling(BatchLabeller labeller, DataType type, int batchSize, double fraction) {}

  /** The round's labelled minibatches and the mean training loss over its passes. */
  public record Fit(long minibatches, double loss) {}

  public static Fit fit(
      SparkComputationGraph network,
      ComputationGraph target,
      JavaRDD<TransitionBlock> blocks,
      Labelling labelling,
      long roundSeed,
      int passes) {
    ComputationGraph online = network.getNetwork();
    Broadcast<NetworkSnapshot> snapshot =
        network.getSparkContext().broadcast(NetworkSnapshot.of(online, target));
    JavaRDD<MultiDataSet> labelled =
        blocks
            .mapPartitionsWithIndex(
                new RoundLabeller(
                    snapshot,
                    labelling.labeller(),
                    labelling.type(),
                    labelling.batchSize(),
                    labelling.fraction(),
                    roundSeed),
                true)
            .persist(LABELLED_STORAGE);
    try {
      long minibatches = labelled.count();
      double loss = 0;
      for (int pass = 0; pass < passes; pass++) {
        network.fitMultiDataSet(labelled);
        loss += network.getScore();
      }
      return new Fit(minibatches, loss / passes);
    } finally {
      labelled.unpersist(false);
      snapshot.destroy();
    }
  }
}
