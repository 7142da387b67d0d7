package org.sepsisiql.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sepsisiql.agent.Transitions;

/**
 * Executor side of one Spark round's sampling, shared by both ways a round builds its minibatches
 * ({@link RoundLabeller}, {@link RoundMinibatches}): shuffles each partition's transitions with a
 * seed of (round, partition), keeps the sampled fraction, and turns each run of {@code batchSize}
 * of them into one {@code MultiDataSet}.
 */
abstract class RoundSampler
    implements Function2<Integer, Iterator<TransitionBlock>, Iterator<MultiDataSet>> {
  private static final long serialVersionUID = 1L;

  private final int batchSize;
  private final double fraction;
  private final long roundSeed;

  RoundSampler(int batchSize, double fraction, long roundSeed) {
    this.batchSize = batchSize;
    this.fraction = fraction;
    this.roundSeed = roundSeed;
  }

  /** Turns the transitions {@code order[from..to)} into one minibatch. */
  interface Minibatch {
    MultiDataSet of(Transitions t, int[] order, int from, int to);
  }

  /** Prepares what this partition's minibatches need (called once per non-empty partition). */
  abstract Minibatch minibatch();

  @Override
  public final Iterator<MultiDataSet> call(Integer partition, Iterator<TransitionBlock> blocks) {
    if (!blocks.hasNext()) {
      return List.<MultiDataSet>of().iterator();
    }
    Minibatch minibatch = minibatch();
    SeededRandom random = new SeededRandom(roundSeed ^ (0x9E3779B97F4A7C15L * (partition + 1)));
    List<MultiDataSet> batches = new ArrayList<>();
    while (blocks.hasNext()) {
      Transitions t = blocks.next().transitions();
      int[] order = t.identity();
      random.shuffle(order);
      int kept = (int) Math.ceil(fraction * order.length);
      for (int from = 0; from < kept; from += batchSize) {
        batches.add(minibatch.of(t, order, from, Math.min(kept, from + batchSize)));
      }
    }
    return batches.iterator();
  }
}
