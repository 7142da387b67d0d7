package org.sepsisiql.agent;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sepsisiql.data.ObservationPolicy;

/**
 * The IQL multi-task network (DESIGN.md section 6) as a DL4J {@link ComputationGraph}: the state
 * passes through {@link DenseNormGelu} layers (41 -> 256 -> 256 -> 128 by default), and four linear
 * heads read the last one: Q (one value per action), V, next MAP and next lactate. Outputs come in
 * that order ({@link #Q}, {@link #V}, {@link #NEXT_MAP}, {@link #NEXT_LACTATE}).
 *
 * <p>Optimizer: Adam with decoupled weight decay ({@code weightDecay(coef, true)}: the decay is
 * applied to the weights scaled by the learning rate, outside Adam's moments, as AdamW does), and
 * gradient clipping by the L2 norm of each layer's gradient ({@code ClipL2PerLayer}). DL4J has no
 * clipping by the global norm over all layers (PyTorch's {@code clip_grad_norm_}); per-layer
 * clipping bounds every layer's step the same way and, unlike element-wise clipping, keeps the
 * gradient's direction. The whole configuration, losses included, survives DL4J's JSON.
 */
public final class IqlNetwork {
  public static final int Q = 0;
  public static final int V = 1;
  public static final int NEXT_MAP = 2;
  public static final int NEXT_LACTATE = 3;
  public static final List<String> OUTPUTS = List.of("q", "v", "next_map", "next_lactate");
  public static final String INPUT = "state";

  private IqlNetwork() {}

  /** A new network with seeded initial parameters. */
  public static ComputationGraph create(AgentSettings settings, int features, long seed) {
    ComputationGraph network = new ComputationGraph(configuration(settings, features, seed));
    network.init();
    return network;
  }

  public static DataType dataType(AgentSettings settings) {
    return "double".equals(settings.precision()) ? DataType.DOUBLE : DataType.FLOAT;
  }

  public static ComputationGraphConfiguration configuration(
      AgentSettings settings, int features, long seed) {
    return layers(optimizer(settings, seed), settings, features);
  }

  /**
   * The agent's optimizer (Adam, decoupled weight decay, per-layer clipping) and initialization, in
   * the settings' precision: shared with the Q-learning baselines' networks ({@link QNetwork}).
   */
  static NeuralNetConfiguration.Builder optimizer(AgentSettings settings, long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(dataType(settings))
        .weightInit(WeightInit.valueOf(settings.weightInit()))
        .updater(
            new Adam.Builder()
                .learningRate(settings.learningRate())
                .beta1(settings.adamBeta1())
                .beta2(settings.adamBeta2())
                .epsilon(settings.adamEpsilon())
                .build())
        .weightDecay(settings.weightDecay(), true)
        .gradientNormalization(GradientNormalization.ClipL2PerLayer)
        .gradientNormalizationThreshold(settings.gradientClip());
  }

  /** What DL4J's finite-difference check needs: double precision, no updater, no clipping. */
  static NeuralNetConfiguration.Builder forGradientCheck(AgentSettings settings, long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.DOUBLE)
        .weightInit(WeightInit.valueOf(settings.weightInit()))
        .updater(new NoOp());
  }

  /**
   * The same graph in double precision with a no-op updater, no weight decay and no clipping: what
   * DL4J's finite-difference gradient check needs to compare raw gradients.
   */
  static ComputationGraphConfiguration forGradientCheck(
      AgentSettings settings, int features, long seed) {
    return layers(forGradientCheck(settings, seed), settings, features);
  }

  /** The input and the {@link DenseNormGelu} trunk; returns the last layer's name and width. */
  static Trunk trunk(
      ComputationGraphConfiguration.GraphBuilder graph, AgentSettings settings, int features) {
    graph.addInputs(INPUT).setInputTypes(InputType.feedForward(features));
    String previous = INPUT;
    int width = features;
    for (int i = 0; i < settings.hiddenSizes().size(); i++) {
      int size = settings.hiddenSizes().get(i);
      String name = "hidden" + i;
      graph.addLayer(
          name,
          new DenseNormGelu.Builder()
              .nIn(width)
              .nOut(size)
              .epsilon(settings.layerNormEpsilon())
              .build(),
          previous);
      previous = name;
      width = size;
    }
    return new Trunk(previous, width);
  }

  /** The trunk's last layer, which the heads read. */
  record Trunk(String layer, int width) {}

  private static ComputationGraphConfiguration layers(
      NeuralNetConfiguration.Builder base, AgentSettings settings, int features) {
    ComputationGraphConfiguration.GraphBuilder graph = base.graphBuilder();
    Trunk trunk = trunk(graph, settings, features);
    String previous = trunk.layer();
    int width = trunk.width();
    ILossFunction[] losses = {
      new TdEntropyLoss(settings.temperature(), settings.entropyWeight()),
      new ExpectileLoss(settings.expectile()),
      new ScaledSquaredLoss(settings.auxWeight()),
      new ScaledSquaredLoss(settings.auxWeight())
    };
    int[] sizes = {ObservationPolicy.ACTIONS, 1, 1, 1};
    for (int head = 0; head < OUTPUTS.size(); head++) {
      graph.addLayer(
          OUTPUTS.get(head),
          new OutputLayer.Builder(losses[head])
              .nIn(width)
              .nOut(sizes[head])
              .activation(Activation.IDENTITY)
              .build(),
          previous);
    }
    return graph.setOutputs(OUTPUTS.toArray(new String[0])).build();
  }
}
