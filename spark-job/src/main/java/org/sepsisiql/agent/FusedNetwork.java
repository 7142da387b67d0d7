package org.sepsisiql.agent;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.sepsisiql.data.ObservationPolicy;

/**
 * An {@link IqlNetwork} held as Java arrays for the fused training step ({@link FusedIqlUpdate}):
 * one {@link NormGeluKernel} per hidden layer and a {@link HeadsKernel} for the four heads. Its
 * outputs come as one row per example, {@code [Q(9), V, next MAP, next lactate]}. {@link #load} and
 * {@link #store} move the parameters from and to the graph's flat parameter vector; {@link #slots}
 * says where each parameter array lies in that vector, for the optimizer.
 */
final class FusedNetwork {
  static final int OUTPUTS = ObservationPolicy.ACTIONS + 3;
  static final int V_COLUMN = ObservationPolicy.ACTIONS;
  static final int MAP_COLUMN = ObservationPolicy.ACTIONS + 1;
  static final int LACTATE_COLUMN = ObservationPolicy.ACTIONS + 2;

  private final List<NormGeluKernel> hidden = new ArrayList<>();
  private final HeadsKernel heads;
  private final List<Slot> slots = new ArrayList<>();
  private final long parameterCount;

  /**
   * One parameter array of the graph: {@code length} values at {@code flatOffset} in the graph's
   * parameter vector, held in {@code values} from {@code offset}, with its gradient at the same
   * offset of {@code gradient}. {@code layer} indexes the DL4J layer (for per-layer clipping).
   */
  record Slot(
      int layer,
      String name,
      long flatOffset,
      int length,
      float[] values,
      float[] gradient,
      int offset,
      double decay) {}

  FusedNetwork(ComputationGraph graph) {
    parameterCount = graph.numParams();
    int layerIndex = 0;
    int width = -1;
    for (int i = 0; graph.getConfiguration().getVertices().containsKey("hidden" + i); i++) {
      Layer layer = graph.getLayer("hidden" + i);
      DenseNormGelu conf = (DenseNormGelu) layer.conf().getLayer();
      NormGeluKernel kernel =
          new NormGeluKernel((int) conf.getNIn(), (int) conf.getNOut(), conf.getEpsilon());
      hidden.add(kernel);
      addSlot(layerIndex, layer, NormGeluParams.WEIGHT, kernel.wt, kernel.weightGradient, 0);
      addSlot(layerIndex, layer, NormGeluParams.BIAS, kernel.bias, kernel.biasGradient, 0);
      addSlot(layerIndex, layer, NormGeluParams.GAIN, kernel.gain, kernel.gainGradient, 0);
      addSlot(layerIndex, layer, NormGeluParams.SHIFT, kernel.shift, kernel.shiftGradient, 0);
      layerIndex++;
      width = (int) conf.getNOut();
    }
    if (hidden.isEmpty()) {
      throw new IllegalArgumentException("the graph has no hidden layers named hidden0..");
    }
    heads = new HeadsKernel(width, OUTPUTS);
    int row = 0;
    for (String name : IqlNetwork.OUTPUTS) {
      Layer layer = graph.getLayer(name);
      int size = (int) layer.getParam("b").length();
      addSlot(layerIndex, layer, "W", heads.wt, heads.weightGradient, row * width);
      addSlot(layerIndex, layer, "b", heads.bias, heads.biasGradient, row);
      row += size;
      layerIndex++;
    }
    if (row != OUTPUTS) {
      throw new IllegalArgumentException("expected " + OUTPUTS + " head outputs, got " + row);
    }
    load(graph);
  }

  private void addSlot(
      int layerIndex, Layer layer, String key, float[] values, float[] gradient, int offset) {
    INDArray view = layer.getParam(key);
    double decay = 0;
    List<Regularization> regularizations = layer.conf().getLayer().getRegularizationByParam(key);
    for (Regularization regularization :
        regularizations == null ? List.<Regularization>of() : regularizations) {
      if (!(regularization instanceof WeightDecay weightDecay) || !weightDecay.isApplyLR()) {
        throw new IllegalArgumentException(
            "the fused update supports decoupled weight decay only, got "
                + regularization
                + " on "
                + key);
      }
      decay += weightDecay.getCoeff().valueAt(0, 0);
    }
    slots.add(
        new Slot(
            layerIndex,
            layer.conf().getLayer().getLayerName() + "." + key,
            view.offset(),
            (int) view.length(),
            values,
            gradient,
            offset,
            decay));
  }

  List<Slot> slots() {
    return slots;
  }

  int layers() {
    return hidden.size() + IqlNetwork.OUTPUTS.size();
  }

  long parameterCount() {
    return parameterCount;
  }

  /** Reads every parameter from the graph's flat vector. */
  void load(ComputationGraph graph) {
    float[] flat = new float[(int) graph.numParams()];
    HeapBlas.readRaw(graph.params(), flat);
    for (Slot slot : slots) {
      System.arraycopy(flat, (int) slot.flatOffset(), slot.values(), slot.offset(), slot.length());
    }
  }

  /** Writes every parameter into the graph's flat vector. */
  void store(ComputationGraph graph) {
    float[] flat = new float[(int) graph.numParams()];
    HeapBlas.readRaw(graph.params(), flat);
    for (Slot slot : slots) {
      System.arraycopy(slot.values(), slot.offset(), flat, (int) slot.flatOffset(), slot.length());
    }
    HeapBlas.write(flat, graph.params());
  }

  /** The row-major state buffer [n, features] of the first layer, to be filled before forward. */
  float[] input(int n) {
    return hidden.get(0).input(n);
  }

  /** Outputs [n, OUTPUTS] for the states in {@link #input}; keeps what backward needs. */
  float[] forward(int n) {
    float[] activations = null;
    for (int i = 0; i < hidden.size(); i++) {
      NormGeluKernel kernel = hidden.get(i);
      if (i > 0) {
        kernel.shareInput(activations, n);
      }
      activations = kernel.forward();
    }
    return heads.forward(activations, n);
  }

  /** Fills every parameter gradient from dL/doutputs of the last forward. */
  void backward(float[] dOut) {
    float[] gradient = heads.backward(dOut);
    for (int i = hidden.size() - 1; i >= 0; i--) {
      NormGeluKernel kernel = hidden.get(i);
      float[] dA = kernel.outputGradient();
      System.arraycopy(gradient, 0, dA, 0, dA.length);
      gradient = kernel.backward(dA, i > 0);
    }
  }
}
