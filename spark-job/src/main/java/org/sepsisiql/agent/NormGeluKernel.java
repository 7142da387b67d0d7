package org.sepsisiql.agent;

/**
 * The arithmetic of a {@link DenseNormGelu} layer in single precision on Java arrays (DESIGN.md
 * section 6; the same math as the ND4J path of {@link DenseNormGeluImpl}): GEMMs through {@link
 * HeapBlas}, row and column sums as BLAS matrix-vector products, everything element-wise in loops
 * the JIT vectorizes. The forward pass keeps what backpropagation needs (the input, {@code xhat},
 * the inverse standard deviations, {@code y} and the tanh term), so backpropagation does not
 * recompute it. Buffers are allocated once per batch size and reused.
 *
 * <p>Weights are held transposed ({@code wt} [nOut, nIn], row-major), which is the memory layout of
 * DL4J's 'f'-ordered [nIn, nOut] weight view, so they are copied without reordering.
 */
final class NormGeluKernel {
  private static final float K = (float) TanhGelu.K;
  private static final float C = (float) TanhGelu.C;

  private final int nIn;
  private final int nOut;
  private final float epsilon;
  final float[] wt;
  final float[] bias;
  final float[] gain;
  final float[] shift;
  final float[] weightGradient;
  final float[] biasGradient;
  final float[] gainGradient;
  final float[] shiftGradient;
  private int rows = -1;
  private float[] x;
  private float[] xhat;
  private float[] rstd;
  private float[] rowStat;
  private float[] rowStat2;
  private final float[] rowIn;
  private final float[] rowOut;
  private float[] y;
  private float[] t;
  private float[] a;
  private float[] dz;
  private float[] dx;
  private float[] dA;

  NormGeluKernel(int nIn, int nOut, double epsilon) {
    this.nIn = nIn;
    this.nOut = nOut;
    this.epsilon = (float) epsilon;
    wt = new float[nIn * nOut];
    bias = new float[nOut];
    gain = new float[nOut];
    shift = new float[nOut];
    weightGradient = new float[nIn * nOut];
    biasGradient = new float[nOut];
    gainGradient = new float[nOut];
    shiftGradient = new float[nOut];
    rowIn = new float[nOut];
    rowOut = new float[nOut];
  }

  /** The input buffer for a batch of {@code n} rows [n, nIn], to be filled before forward. */
  float[] input(int n) {
    if (n != rows) {
      rows = n;
      x = new float[n * nIn];
      xhat = new float[n * nOut];
      rstd = new float[n];
      rowStat = new float[n];
      rowStat2 = new float[n];
      y = new float[n * nOut];
      t = new float[n * nOut];
      a = new float[n * nOut];
      dz = null;
      dx = null;
      dA = null;
    }
    return x;
  }

  /** The buffer for dL/da [rows, nOut] of the current batch, to be filled before backward. */
  float[] outputGradient() {
    if (dA == null) {
      dA = new float[rows * nOut];
    }
    return dA;
  }

  int rows() {
    return rows;
  }

  /**
   * Uses {@code shared} [n, nIn] as this layer's input (the previous layer's activations) instead
   * of its own buffer; it must stay unchanged until backward.
   */
  void shareInput(float[] shared, int n) {
    input(n);
    x = shared;
  }

  /**
   * Computes the activations [rows, nOut] from the input buffer and the parameters. Row statistics
   * come from BLAS matrix-vector products and column-wise factors go through a row buffer: both
   * keep every loop in a shape the JIT vectorizes (a float sum is never reordered, and JDK 17 does
   * not vectorize a loop that mixes {@code g[j]} with {@code z[off + j]}).
   */
  float[] forward() {
    HeapBlas.affine(x, wt, bias, xhat, rowStat, rows, nIn, nOut);
    for (int r = 0; r < rows; r++) {
      addScalar(xhat, r * nOut, -rowStat[r] / nOut);
    }
    square(xhat, t, rows * nOut);
    HeapBlas.rowSums(t, rowStat, rows, nOut);
    for (int r = 0; r < rows; r++) {
      float inverse = (float) (1.0 / Math.sqrt(rowStat[r] / nOut + epsilon));
      rstd[r] = inverse;
      scale(xhat, r * nOut, inverse);
      scaleAndShift(xhat, y, r * nOut, gain, shift);
    }
    gelu(rows * nOut);
    return a;
  }

  private void addScalar(float[] values, int off, float add) {
    for (int j = off; j < off + nOut; j++) {
      values[j] += add;
    }
  }

  private void scale(float[] values, int off, float factor) {
    for (int j = off; j < off + nOut; j++) {
      values[j] *= factor;
    }
  }

  /** out[off + j] = in[off + j] * factor[j] (+ shift[j] when given), through the row buffers. */
  private void scaleAndShift(float[] in, float[] out, int off, float[] factor, float[] add) {
    System.arraycopy(in, off, rowIn, 0, nOut);
    if (add == null) {
      for (int j = 0; j < nOut; j++) {
        rowOut[j] = rowIn[j] * factor[j];
      }
    } else {
      for (int j = 0; j < nOut; j++) {
        rowOut[j] = rowIn[j] * factor[j] + add[j];
      }
    }
    System.arraycopy(rowOut, 0, out, off, nOut);
  }

  /** dz = (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) / std for one row, dxhat held in dz. */
  private void normalizeGradient(int off, float meanD, float meanDx, float inverse) {
    for (int j = off; j < off + nOut; j++) {
      dz[j] = (dz[j] - meanD - xhat[j] * meanDx) * inverse;
    }
  }

  private static void square(float[] in, float[] out, int length) {
    for (int i = 0; i < length; i++) {
      out[i] = in[i] * in[i];
    }
  }

  private static void multiply(float[] u, float[] v, float[] out, int length) {
    for (int i = 0; i < length; i++) {
      out[i] = u[i] * v[i];
    }
  }

  /** a = gelu(y) over the batch, keeping the tanh term; three passes the JIT vectorizes. */
  private void gelu(int length) {
    for (int i = 0; i < length; i++) {
      float v = y[i];
      t[i] = K * (v + C * v * v * v);
    }
    FastTanh.tanhInPlace(t, length);
    for (int i = 0; i < length; i++) {
      a[i] = 0.5f * y[i] * (1f + t[i]);
    }
  }

  /**
   * Backpropagates {@code dA} [rows, nOut] through the last forward pass: fills the four parameter
   * gradients and returns dL/dx [rows, nIn], or null when {@code inputGradient} is false (the first
   * layer of a network, whose input is data).
   */
  float[] backward(float[] dA, boolean inputGradient) {
    if (dz == null) {
      dz = new float[rows * nOut];
      dx = new float[rows * nIn];
    }
    int length = rows * nOut;
    for (int i = 0; i < length; i++) {
      float v = y[i];
      float tanh = t[i];
      float slope = 0.5f * (1f + tanh) + 0.5f * K * v * (1f - tanh * tanh) * (1f + 3f * C * v * v);
      dA[i] *= slope;
    }
    multiply(dA, xhat, dz, length);
    HeapBlas.columnSums(dz, gainGradient, rows, nOut);
    HeapBlas.columnSums(dA, shiftGradient, rows, nOut);
    for (int r = 0; r < rows; r++) {
      scaleAndShift(dA, dz, r * nOut, gain, null);
    }
    HeapBlas.rowSums(dz, rowStat, rows, nOut);
    multiply(dz, xhat, dA, length);
    HeapBlas.rowSums(dA, rowStat2, rows, nOut);
    for (int r = 0; r < rows; r++) {
      normalizeGradient(r * nOut, rowStat[r] / nOut, rowStat2[r] / nOut, rstd[r]);
    }
    HeapBlas.columnSums(dz, biasGradient, rows, nOut);
    HeapBlas.tn(dz, x, weightGradient, nOut, rows, nIn);
    if (!inputGradient) {
      return null;
    }
    HeapBlas.nn(dz, wt, dx, rows, nOut, nIn);
    return dx;
  }
}
