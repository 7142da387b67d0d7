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
 * broadcast the frozen online and target networks ({@link NetworkSnapshot}), sample the round's
 * train transitions on the executors into minibatches (labelled there with {@link RoundLabeller},
 * or packed unlabelled for the fused IQL workers with {@link RoundMinibatches}), persist them for
 * the round, and fit the online network on them {@code passes} times with DL4J's parameter
 * averaging; the minibatches and the broadcast are released afterwards.
 */
public final class AveragingRound {
  /** One round's minibatches; DL4J persists its input at the same level. */
  static final StorageLevel MINIBATCH_STORAGE = StorageLevel.MEMORY_ONLY();

  private AveragingRound() {}

  /** How a round turns its sampled transitions into the minibatches DL4J fits. */
  public sealed interface Minibatches permits Labelling, Unlabelled {}

  /**
   * Minibatches labelled on the executors from the round's frozen networks, fitted by DL4J's own
   * workers.
   *
   * @param labeller the trainer's targets
   * @param type the networks' data type
   * @param fraction share of each partition's transitions sampled per round
   */
  public record Labelling(BatchLabeller labeller, DataType type, int batchSize, double fraction)
      implements Minibatches {}

  /**
   * Unlabelled minibatches for the fused IQL workers of {@code master}, which label as they fit.
   *
   * @param fraction share of each partition's transitions sampled per round
   */
  record Unlabelled(FusedAveragingMaster master, int batchSize, double fraction)
      implements Minibatches {}

  /** The round's minibatches and the mean training loss over its passes. */
  public record Fit(long minibatches, double loss) {}

  public static Fit fit(
      SparkComputationGraph network,
      ComputationGraph target,
      JavaRDD<TransitionBlock> blocks,
      Minibatches minibatches,
      long roundSeed,
      int passes) {
    ComputationGraph online = network.getNetwork();
    Broadcast<NetworkSnapshot> snapshot =
        network.getSparkContext().broadcast(NetworkSnapshot.of(online, target));
    JavaRDD<MultiDataSet> batches =
        blocks
            .mapPartitionsWithIndex(sampler(minibatches, snapshot, roundSeed), true)
            .persist(MINIBATCH_STORAGE);
    try {
      long count = batches.count();
      double loss = 0;
      for (int pass = 0; pass < passes; pass++) {
        network.fitMultiDataSet(batches);
        loss += network.getScore();
      }
      return new Fit(count, loss / passes);
    } finally {
      batches.unpersist(false);
      snapshot.destroy();
    }
  }

  private static RoundSampler sampler(
      Minibatches minibatches, Broadcast<NetworkSnapshot> snapshot, long roundSeed) {
    if (minibatches instanceof Labelling labelling) {
      return new RoundLabeller(
          snapshot,
          labelling.labeller(),
          labelling.type(),
          labelling.batchSize(),
          labelling.fraction(),
          roundSeed);
    }
    Unlabelled unlabelled = (Unlabelled) minibatches;
    unlabelled.master().useRound(snapshot);
    return new RoundMinibatches(unlabelled.batchSize(), unlabelled.fraction(), roundSeed);
  }
}
