package org.sepsisiql.agent;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One exact IQL update on a minibatch, shared by every trainer:
 *
 * <ol>
 *   <li>stop-gradient targets: {@code Q'(s,a)} from the target network and {@code y = r + gamma (1
 *       - done) V(s')} from the online network (two forward passes, no gradients);
 *   <li>one optimizer step of the online network on {@code L_Q + L_V + L_aux - w H};
 *   <li>Polyak averaging of the target network toward the online one.
 * </ol>
 *
 * Cost per transition: about three forward and one backward pass of the network.
 */
public final class IqlUpdate implements BatchLabeller {
  private static final long serialVersionUID = 1L;
  private final AgentSettings settings;

  public IqlUpdate(AgentSettings settings) {
    this.settings = settings;
  }

  /** Performs the update and returns the online network's minibatch loss. */
  public double step(ComputationGraph online, ComputationGraph target, Transitions.Batch batch) {
    online.fit(labelled(online, target, batch));
    polyak(target, online, settings.targetUpdateRate());
    return online.score();
  }

  /** The minibatch with its labels and label masks, computed from the current networks. */
  @Override
  public MultiDataSet labelled(
      ComputationGraph online, ComputationGraph target, Transitions.Batch batch) {
    Targets targets = targets(online, target, batch);
    INDArray qLabels = TdEntropyLoss.labels(batch.actionOneHot(), targets.tdTarget());
    return new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {batch.states()},
        new INDArray[] {qLabels, targets.targetQ(), batch.nextMap(), batch.nextLactate()},
        null,
        new INDArray[] {null, null, batch.nextMapMask(), batch.nextLactateMask()});
  }

  /** Q'(s,a) of the target network and the TD target r + gamma (1 - done) V(s'); [n, 1] each. */
  public Targets targets(
      ComputationGraph online, ComputationGraph target, Transitions.Batch batch) {
    INDArray targetQ =
        target.output(false, batch.states())[IqlNetwork.Q].muli(batch.actionOneHot()).sum(true, 1);
    INDArray nextV = online.output(false, batch.nextStates())[IqlNetwork.V];
    INDArray td = nextV.muli(batch.notDone()).muli(settings.gamma()).addi(batch.rewards());
    return new Targets(targetQ, td);
  }

  /** target <- (1 - rate) target + rate online, in place on the flat parameter vector. */
  public static void polyak(ComputationGraph target, ComputationGraph online, double rate) {
    INDArray params = target.params();
    params.muli(1.0 - rate).addi(online.params().mul(rate));
  }

  /** Stop-gradient targets of one minibatch. */
  public record Targets(INDArray targetQ, INDArray tdTarget) {}
}
