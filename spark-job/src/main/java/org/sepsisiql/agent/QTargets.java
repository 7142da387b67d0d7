package org.sepsisiql.agent;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The stop-gradient TD targets of the Q-learning baselines (BASELINES.md), from a frozen target
 * network {@code Q'}: {@code y = r + gamma (1 - done) Q'(s', a*)} with {@code a* = argmax_a Q(s',
 * a)} of the online network (Double DQN, {@code doubleQ}), or {@code y = r + gamma (1 - done) max_a
 * Q'(s', a)} (DQN and fitted Q iteration). Cost: one or two forward passes per transition.
 *
 * @param gamma the discount
 * @param doubleQ whether the online network chooses the next action and the target one values it
 */
public record QTargets(double gamma, boolean doubleQ) implements BatchLabeller {

  /** y for each transition of the batch, [n, 1]. */
  public INDArray of(ComputationGraph online, ComputationGraph target, Transitions.Batch batch) {
    INDArray nextQ = QNetwork.q(target, batch.nextStates());
    INDArray next;
    if (doubleQ) {
      int[] chosen = QNetwork.q(online, batch.nextStates()).argMax(1).toIntVector();
      INDArray oneHot = nextQ.like();
      for (int i = 0; i < chosen.length; i++) {
        oneHot.putScalar(i, chosen[i], 1.0);
      }
      next = nextQ.mul(oneHot).sum(true, 1);
    } else {
      next = nextQ.max(true, 1);
    }
    return next.muli(batch.notDone()).muli(gamma).addi(batch.rewards());
  }

  /** The batch's states with their labels (taken action, y) for a {@link QLearningLoss} head. */
  @Override
  public MultiDataSet labelled(
      ComputationGraph online, ComputationGraph target, Transitions.Batch batch) {
    return new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {batch.states()},
        new INDArray[] {QLearningLoss.labels(batch.actionOneHot(), of(online, target, batch))});
  }

  /**
   * The mean squared TD error {@code (y - Q(s,a))^2} of the online network over {@code data}, in
   * batches of {@code batchSize}: the validation Bellman residual the baselines stop on.
   */
  public double residual(
      ComputationGraph online, ComputationGraph target, Transitions data, int batchSize) {
    return meanOver(
        online,
        data,
        batchSize,
        batch -> {
          INDArray taken =
              QNetwork.q(online, batch.states()).mul(batch.actionOneHot()).sum(true, 1);
          INDArray error = of(online, target, batch).subi(taken);
          return error.muli(error);
        });
  }

  /** The mean of {@code max_a Q(s, a)} over {@code data}: how large the values grew. */
  public static double meanMaxQ(ComputationGraph network, Transitions data, int batchSize) {
    return meanOver(
        network, data, batchSize, batch -> QNetwork.q(network, batch.states()).max(true, 1));
  }

  /** The mean over all of {@code data} of a per-transition value computed batch by batch. */
  private static double meanOver(
      ComputationGraph network,
      Transitions data,
      int batchSize,
      java.util.function.Function<Transitions.Batch, INDArray> perTransition) {
    double sum = 0;
    int[] rows = data.identity();
    org.nd4j.linalg.api.buffer.DataType type = network.params().dataType();
    for (int from = 0; from < rows.length; from += batchSize) {
      Transitions.Batch batch =
          data.gather(rows, from, Math.min(rows.length, from + batchSize), type);
      sum += perTransition.apply(batch).sumNumber().doubleValue();
    }
    return sum / Math.max(1, rows.length);
  }
}
