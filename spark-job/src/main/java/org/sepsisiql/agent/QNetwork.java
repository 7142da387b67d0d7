package org.sepsisiql.agent;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sepsisiql.data.ObservationPolicy;

/**
 * The Q-learning baselines' network (BASELINES.md): the agent's {@link DenseNormGelu} trunk and
 * optimizer ({@code sepsis-iql.agent}), and one linear head {@value #OUTPUT} trained with a {@link
 * QLearningLoss}: 9 Q values, or V and 9 advantages for the dueling head. The loss travels in the
 * configuration's JSON, so a saved network knows whether its head is dueling ({@link #loss}).
 */
public final class QNetwork {
  public static final String OUTPUT = "q";

  private QNetwork() {}

  /** A new network with seeded initial parameters. */
  public static ComputationGraph create(
      AgentSettings settings, QLearningLoss loss, int features, long seed) {
    ComputationGraph network =
        new ComputationGraph(
            layers(IqlNetwork.optimizer(settings, seed), settings, loss, features));
    network.init();
    return network;
  }

  /** The same graph for DL4J's finite-difference check (double, no updater). */
  static ComputationGraphConfiguration forGradientCheck(
      AgentSettings settings, QLearningLoss loss, int features, long seed) {
    return layers(IqlNetwork.forGradientCheck(settings, seed), settings, loss, features);
  }

  /** The loss of a network built here, which says how its output becomes Q. */
  public static QLearningLoss loss(ComputationGraph network) {
    OutputLayer head = (OutputLayer) network.getLayer(OUTPUT).conf().getLayer();
    if (!(head.getLossFn() instanceof QLearningLoss loss)) {
      throw new IllegalArgumentException(
          "not a Q-learning network: its head's loss is " + head.getLossFn());
    }
    return loss;
  }

  /** Q(s, .) of a batch of states, [n, 9]. */
  public static INDArray q(ComputationGraph network, INDArray states) {
    return QLearningLoss.qValues(network.outputSingle(false, states), loss(network).dueling());
  }

  private static ComputationGraphConfiguration layers(
      NeuralNetConfiguration.Builder base,
      AgentSettings settings,
      QLearningLoss loss,
      int features) {
    ComputationGraphConfiguration.GraphBuilder graph = base.graphBuilder();
    IqlNetwork.Trunk trunk = IqlNetwork.trunk(graph, settings, features);
    graph.addLayer(
        OUTPUT,
        new OutputLayer.Builder(loss)
            .nIn(trunk.width())
            .nOut(loss.outputs(ObservationPolicy.ACTIONS))
            .activation(Activation.IDENTITY)
            .build(),
        trunk.layer());
    return graph.setOutputs(OUTPUT).build();
  }
}
