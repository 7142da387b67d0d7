package org.sepsisiql.agent;

/**
 * The four linear heads (Q, V, next MAP, next lactate) as one product on Java arrays: their weights
 * stacked into {@code wt} [outputs, nIn] (each head's DL4J 'f'-ordered [nIn, k] weight is, in
 * memory, k rows of it) and their biases into {@code bias}. Forward: {@code out = h wt^T + bias};
 * backward from dL/dout: the weight and bias gradients and dL/dh.
 */
final class HeadsKernel {
  private final int nIn;
  private final int outputs;
  final float[] wt;
  final float[] bias;
  final float[] weightGradient;
  final float[] biasGradient;
  private int rows = -1;
  private float[] h;
  private float[] out;
  private float[] dh;

  HeadsKernel(int nIn, int outputs) {
    this.nIn = nIn;
    this.outputs = outputs;
    wt = new float[outputs * nIn];
    bias = new float[outputs];
    weightGradient = new float[outputs * nIn];
    biasGradient = new float[outputs];
  }

  int outputs() {
    return outputs;
  }

  /** Outputs [rows, outputs] for the trunk's activations {@code h} [rows, nIn]. */
  float[] forward(float[] h, int n) {
    if (n != rows) {
      rows = n;
      out = new float[n * outputs];
      dh = new float[n * nIn];
    }
    this.h = h;
    HeapBlas.nt(h, wt, out, n, nIn, outputs);
    for (int r = 0; r < n; r++) {
      int off = r * outputs;
      for (int j = 0; j < outputs; j++) {
        out[off + j] += bias[j];
      }
    }
    return out;
  }

  /** Fills the gradients from dL/dout [rows, outputs] of the last forward and returns dL/dh. */
  float[] backward(float[] dOut) {
    HeapBlas.tn(dOut, h, weightGradient, outputs, rows, nIn);
    java.util.Arrays.fill(biasGradient, 0f);
    for (int r = 0; r < rows; r++) {
      int off = r * outputs;
      for (int j = 0; j < outputs; j++) {
        biasGradient[j] += dOut[off + j];
      }
    }
    HeapBlas.nn(dOut, wt, dh, rows, outputs, nIn);
    return dh;
  }
}
