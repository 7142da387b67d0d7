package org.sepsisiql.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sepsisiql.agent.BatchLabeller;
import org.sepsisiql.agent.Transitions;

/**
 * Executor side of one Spark round: restores the round's frozen online and target networks from the
 * broadcast {@link NetworkSnapshot} once per partition, shuffles the partition's transitions with a
 * seed of (round, partition), keeps the sampled fraction, and turns each minibatch into a labelled
 * {@code MultiDataSet} with the trainer's {@link BatchLabeller} (IQL: targets {@code Q'(s,a)} and
 * {@code r + gamma (1 - done) V(s')}; the Q-learning baselines: their TD targets). Cost: two
 * forward passes per sampled transition; memory: one round's labelled minibatches (about 270 bytes
 * per transition with 43 features).
 */
final class RoundLabeller
    implements Function2<Integer, Iterator<TransitionBlock>, Iterator<MultiDataSet>> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<NetworkSnapshot> snapshot;
  private final BatchLabeller labeller;
  private final DataType type;
  private final int batchSize;
  private final double fraction;
  private final long roundSeed;

  /**
   * @param labeller the trainer's targets
   * @param type the networks' data type
   */
  RoundLabeller(
      Broadcast<NetworkSnapshot> snapshot,
      BatchLabeller labeller,
      DataType type,
      int batchSize,
      double fraction,
      long roundSeed) {
    this.snapshot = snapshot;
    this.labeller = labeller;
    this.type = type;
    this.batchSize = batchSize;
    this.fraction = fraction;
    this.roundSeed = roundSeed;
  }

  @Override
  public Iterator<MultiDataSet> call(Integer partition, Iterator<TransitionBlock> blocks) {
    if (!blocks.hasNext()) {
      return List.<MultiDataSet>of().iterator();
    }
    NetworkSnapshot networks = snapshot.value();
    ComputationGraph online = networks.online();
    ComputationGraph target = networks.target();
    SeededRandom random = new SeededRandom(roundSeed ^ (0x9E3779B97F4A7C15L * (partition + 1)));
    List<MultiDataSet> labelled = new ArrayList<>();
    while (blocks.hasNext()) {
      Transitions t = blocks.next().transitions();
      int[] order = t.identity();
      random.shuffle(order);
      int kept = (int) Math.ceil(fraction * order.length);
      for (int from = 0; from < kept; from += batchSize) {
        int to = Math.min(kept, from + batchSize);
        labelled.add(labeller.labelled(online, target, t.gather(order, from, to, type)));
      }
    }
    return labelled.iterator();
  }
}
