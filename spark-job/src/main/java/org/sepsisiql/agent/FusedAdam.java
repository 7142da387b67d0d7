package org.sepsisiql.agent;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * DL4J's optimizer step of {@link IqlNetwork}, on Java arrays, in DL4J's order: gradient clipping
 * by each layer's L2 norm ({@code ClipL2PerLayer}), Adam with bias correction at iteration {@code t
 * + 1}, decoupled weight decay added to the update ({@code coefficient * learning rate * w}), then
 * {@code w -= update}. The moments live in the same layout as DL4J's updater state (per updater
 * block, first moments then second moments), so {@link #load} and {@link #store} exchange them with
 * the graph and a checkpoint holds them as before.
 */
final class FusedAdam {
  private final FusedNetwork network;
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double clip;
  private final float[] m;
  private final float[] v;
  private final double[] layerSquares;
  private int iteration;

  FusedAdam(FusedNetwork network, AgentSettings settings) {
    this.network = network;
    learningRate = settings.learningRate();
    beta1 = settings.adamBeta1();
    beta2 = settings.adamBeta2();
    epsilon = settings.adamEpsilon();
    clip = settings.gradientClip();
    m = new float[(int) network.parameterCount()];
    v = new float[(int) network.parameterCount()];
    layerSquares = new double[network.layers()];
  }

  int iteration() {
    return iteration;
  }

  /** Reads the moments and the iteration count of the graph's updater. */
  void load(ComputationGraph graph) {
    checkUpdater(graph);
    iteration = graph.getConfiguration().getIterationCount();
    ComputationGraphUpdater updater = graph.getUpdater(true);
    float[] state = new float[(int) updater.getStateViewArray().length()];
    HeapBlas.readRaw(updater.getStateViewArray(), state);
    for (UpdaterBlock block : updater.getUpdaterBlocks()) {
      int length = block.getParamOffsetEnd() - block.getParamOffsetStart();
      int start = block.getUpdaterViewOffsetStart();
      System.arraycopy(state, start, m, block.getParamOffsetStart(), length);
      System.arraycopy(state, start + length, v, block.getParamOffsetStart(), length);
    }
  }

  /** Writes the moments and the iteration count into the graph's updater. */
  void store(ComputationGraph graph) {
    ComputationGraphUpdater updater = graph.getUpdater(true);
    float[] state = new float[(int) updater.getStateViewArray().length()];
    for (UpdaterBlock block : updater.getUpdaterBlocks()) {
      int length = block.getParamOffsetEnd() - block.getParamOffsetStart();
      int start = block.getUpdaterViewOffsetStart();
      System.arraycopy(m, block.getParamOffsetStart(), state, start, length);
      System.arraycopy(v, block.getParamOffsetStart(), state, start + length, length);
    }
    HeapBlas.write(state, updater.getStateViewArray());
    graph.getConfiguration().setIterationCount(iteration);
  }

  /** One step from the gradients the network's last backward left in its slots. */
  void step() {
    clipPerLayer();
    double correction1 = 1 - Math.pow(beta1, iteration + 1);
    double correction2 = 1 - Math.pow(beta2, iteration + 1);
    float alpha = (float) (learningRate * Math.sqrt(correction2) / correction1);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float eps = (float) epsilon;
    for (FusedNetwork.Slot slot : network.slots()) {
      float decay = (float) (slot.decay() * learningRate);
      float[] w = slot.values();
      float[] g = slot.gradient();
      int base = (int) slot.flatOffset();
      int offset = slot.offset();
      for (int j = 0; j < slot.length(); j++) {
        float grad = g[offset + j];
        float first = b1 * m[base + j] + (1f - b1) * grad;
        float second = b2 * v[base + j] + (1f - b2) * grad * grad;
        m[base + j] = first;
        v[base + j] = second;
        float update = alpha * first / ((float) Math.sqrt(second) + eps);
        w[offset + j] -= update + decay * w[offset + j];
      }
    }
    iteration++;
  }

  private void clipPerLayer() {
    java.util.Arrays.fill(layerSquares, 0);
    for (FusedNetwork.Slot slot : network.slots()) {
      layerSquares[slot.layer()] +=
          RowSums.dot(slot.gradient(), slot.gradient(), slot.offset(), slot.length());
    }
    for (FusedNetwork.Slot slot : network.slots()) {
      double norm = Math.sqrt(layerSquares[slot.layer()]);
      if (norm > clip) {
        float scale = (float) (clip / norm);
        float[] g = slot.gradient();
        for (int j = slot.offset(); j < slot.offset() + slot.length(); j++) {
          g[j] *= scale;
        }
      }
    }
  }

  private static void checkUpdater(ComputationGraph graph) {
    List<UpdaterBlock> blocks = graph.getUpdater(true).getUpdaterBlocks();
    for (UpdaterBlock block : blocks) {
      IUpdater config = block.getGradientUpdater().getConfig();
      if (!(config instanceof Adam)) {
        throw new IllegalArgumentException("the fused update needs Adam, got " + config);
      }
    }
  }
}
