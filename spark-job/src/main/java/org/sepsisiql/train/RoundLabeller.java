package org.sepsisiql.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.IqlNetwork;
import org.sepsisiql.agent.IqlUpdate;
import org.sepsisiql.agent.Transitions;

/**
 * Executor side of one Spark round: restores the round's frozen online and target networks from the
 * broadcast {@link NetworkSnapshot} once per partition, shuffles the partition's transitions with a
 * seed of (round, partition), keeps the sampled fraction, and turns each minibatch into a labelled
 * {@code MultiDataSet} with {@link IqlUpdate#labelled} (targets {@code Q'(s,a)} and {@code r +
 * gamma (1 - done) V(s')}). Cost: two forward passes per sampled transition; memory: one round's
 * labelled minibatches (about 270 bytes per transition with 43 features).
 */
final class RoundLabeller
    implements Function2<Integer, Iterator<TransitionBlock>, Iterator<MultiDataSet>> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<NetworkSnapshot> snapshot;
  private final AgentSettings agent;
  private final int batchSize;
  private final double fraction;
  private final long roundSeed;

  RoundLabeller(
      Broadcast<NetworkSnapshot> snapshot,
      AgentSettings agent,
      int batchSize,
      double fraction,
      long roundSeed) {
    this.snapshot = snapshot;
    this.agent = agent;
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
    IqlUpdate update = new IqlUpdate(agent);
    DataType type = IqlNetwork.dataType(agent);
    SeededRandom random = new SeededRandom(roundSeed ^ (0x9E3779B97F4A7C15L * (partition + 1)));
    List<MultiDataSet> labelled = new ArrayList<>();
    while (blocks.hasNext()) {
      Transitions t = blocks.next().transitions();
      int[] order = t.identity();
      random.shuffle(order);
      int kept = (int) Math.ceil(fraction * order.length);
      for (int from = 0; from < kept; from += batchSize) {
        int to = Math.min(kept, from + batchSize);
        labelled.add(update.labelled(online, target, t.gather(order, from, to, type)));
      }
    }
    return labelled.iterator();
  }
}
