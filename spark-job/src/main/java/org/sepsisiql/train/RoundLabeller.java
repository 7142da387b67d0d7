package org.sepsisiql.train;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.sepsisiql.agent.BatchLabeller;

/**
 * A round's minibatches labelled on the executors: restores the round's frozen online and target
 * networks from the broadcast {@link NetworkSnapshot} once per partition and labels each sampled
 * minibatch with the trainer's {@link BatchLabeller} (IQL on other backends than the fused one:
 * targets {@code Q'(s,a)} and {@code r + gamma (1 - done) V(s')}; the Q-learning baselines: their
 * TD targets). Cost: two forward passes per sampled transition; memory: one round's labelled
 * minibatches (about 270 bytes per transition with 43 features).
 */
final class RoundLabeller extends RoundSampler {
  private static final long serialVersionUID = 1L;

  private final Broadcast<NetworkSnapshot> snapshot;
  private final BatchLabeller labeller;
  private final DataType type;

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
    super(batchSize, fraction, roundSeed);
    this.snapshot = snapshot;
    this.labeller = labeller;
    this.type = type;
  }

  @Override
  Minibatch minibatch() {
    NetworkSnapshot networks = snapshot.value();
    ComputationGraph online = networks.online();
    ComputationGraph target = networks.target();
    return (t, order, from, to) ->
        labeller.labelled(online, target, t.gather(order, from, to, type));
  }
}
