package org.sepsisiql.agent;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link IqlUpdate}'s exact update, fused: the online and target networks held as Java arrays
 * ({@link FusedNetwork}), minibatches gathered straight into them, the losses ({@link
 * FusedLosses}), backpropagation and DL4J's optimizer step ({@link FusedAdam}) with no DL4J or ND4J
 * call per step other than OpenBLAS's GEMMs. The graphs stay the model of record: {@link
 * #storeInto} writes parameters, Adam moments and the iteration count back before validation, a
 * checkpoint or the end of training, and a new instance reads them from the graphs.
 *
 * <p>Available for single precision on ND4J's CPU backend ({@link #supports}); otherwise trainers
 * use {@link IqlUpdate}. Per update of a batch of n: two forward passes for the targets, one
 * forward and one backward pass of the online network, one Adam step and one Polyak step.
 */
public final class FusedIqlUpdate {
  private final AgentSettings settings;
  private final FusedNetwork online;
  private final FusedNetwork target;
  private final FusedAdam adam;
  private final FusedLosses losses;
  private int rows = -1;
  private FusedLosses.Labels labels;
  private float[] rewards;
  private float[] notDone;
  private float[] gradient;

  public FusedIqlUpdate(AgentSettings settings, ComputationGraph online, ComputationGraph target) {
    this.settings = settings;
    this.online = new FusedNetwork(online);
    this.target = new FusedNetwork(target);
    this.adam = new FusedAdam(this.online, settings);
    this.adam.load(online);
    this.losses = new FusedLosses(settings);
  }

  /**
   * Reads parameters, Adam moments and the iteration count from graphs of the architecture this
   * update was built for, keeping its buffers; a null {@code targetGraph} keeps the target network
   * it holds.
   */
  public void reload(ComputationGraph onlineGraph, ComputationGraph targetGraph) {
    online.load(onlineGraph);
    adam.load(onlineGraph);
    if (targetGraph != null) {
      target.load(targetGraph);
    }
  }

  /** Whether the fused update can run these settings on this ND4J backend. */
  public static boolean supports(AgentSettings settings) {
    return IqlNetwork.dataType(settings) == DataType.FLOAT && HeapBlas.available();
  }

  /** One update on the transitions {@code order[from..to)}; returns the minibatch loss. */
  public double step(Transitions data, int[] order, int from, int to) {
    double loss = fit(data, order, from, to);
    polyak((float) settings.targetUpdateRate());
    return loss;
  }

  /**
   * {@link #step} without the target network's Polyak step: the update of a Spark worker, whose
   * target network stays the round's (the driver moves it once per round).
   */
  public double fit(Transitions data, int[] order, int from, int to) {
    int n = to - from;
    float[] states = gather(data, order, from, n);
    float[] targetOut = target.forward(n);
    float[] nextOut = online.forward(n);
    int width = FusedNetwork.OUTPUTS;
    float gamma = (float) settings.gamma();
    for (int i = 0; i < n; i++) {
      labels.targetQ()[i] = targetOut[i * width + labels.actions()[i]];
      labels.tdTarget()[i] =
          rewards[i] + gamma * notDone[i] * nextOut[i * width + FusedNetwork.V_COLUMN];
    }
    System.arraycopy(states, 0, online.input(n), 0, n * data.features());
    float[] out = online.forward(n);
    double loss = losses.lossAndGradient(out, labels, n, gradient);
    online.backward(gradient);
    adam.step();
    return loss;
  }

  /** Updates taken so far, counting those of the graphs this update started from. */
  public int iteration() {
    return adam.iteration();
  }

  /** Writes parameters, Adam moments and the iteration count into the graphs. */
  public void storeInto(ComputationGraph onlineGraph, ComputationGraph targetGraph) {
    storeOnlineInto(onlineGraph);
    target.store(targetGraph);
  }

  /** Writes the online network's parameters, Adam moments and iteration count into the graph. */
  public void storeOnlineInto(ComputationGraph onlineGraph) {
    online.store(onlineGraph);
    adam.store(onlineGraph);
  }

  private void polyak(float rate) {
    var from = online.slots();
    var to = target.slots();
    for (int s = 0; s < to.size(); s++) {
      float[] source = from.get(s).values();
      float[] destination = to.get(s).values();
      int offset = to.get(s).offset();
      for (int j = offset; j < offset + to.get(s).length(); j++) {
        destination[j] = (1f - rate) * destination[j] + rate * source[j];
      }
    }
  }

  /**
   * Fills the labels, the target network's input with s and the online network's with s' (its first
   * pass computes V(s'), then s is copied in for the training pass); returns the s buffer.
   */
  private float[] gather(Transitions data, int[] order, int from, int n) {
    if (n != rows) {
      rows = n;
      labels =
          new FusedLosses.Labels(
              new int[n],
              new float[n],
              new float[n],
              new float[n],
              new float[n],
              new float[n],
              new float[n]);
      rewards = new float[n];
      notDone = new float[n];
      gradient = new float[n * FusedNetwork.OUTPUTS];
    }
    int features = data.features();
    float[] states = target.input(n);
    float[] nextStates = online.input(n);
    for (int k = 0; k < n; k++) {
      int i = order[from + k];
      System.arraycopy(data.states(), i * features, states, k * features, features);
      System.arraycopy(data.nextStates(), i * features, nextStates, k * features, features);
      labels.actions()[k] = data.actions()[i];
      rewards[k] = data.rewards()[i];
      notDone[k] = data.done()[i] ? 0f : 1f;
      labels.nextMap()[k] = data.nextMap()[i];
      labels.mapMask()[k] = data.auxMaskMap()[i];
      labels.nextLactate()[k] = data.nextLactate()[i];
      labels.lactateMask()[k] = data.auxMaskLactate()[i];
    }
    return states;
  }
}
