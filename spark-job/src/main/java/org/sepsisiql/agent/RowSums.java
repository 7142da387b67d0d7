package org.sepsisiql.agent;

/**
 * Sums over a row segment with eight independent accumulators: a plain float loop is bound by the
 * latency of one addition chain (the JIT does not reorder floating-point sums), eight chains run
 * about as fast as the loads.
 */
final class RowSums {
  private RowSums() {}

  static float sum(float[] v, int off, int len) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int j = 0;
    for (; j + 8 <= len; j += 8) {
      int i = off + j;
      s0 += v[i];
      s1 += v[i + 1];
      s2 += v[i + 2];
      s3 += v[i + 3];
      s4 += v[i + 4];
      s5 += v[i + 5];
      s6 += v[i + 6];
      s7 += v[i + 7];
    }
    for (; j < len; j++) {
      s0 += v[off + j];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** Adds {@code bias} [len] to the row segment in place and returns the row's new sum. */
  static float addAndSum(float[] v, float[] bias, int off, int len) {
    for (int j = 0; j < len; j++) {
      v[off + j] += bias[j];
    }
    return sum(v, off, len);
  }

  /** sum_j (v_j - mean)^2 over the row segment. */
  static float centeredSquares(float[] v, float mean, int off, int len) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int j = 0;
    for (; j + 4 <= len; j += 4) {
      int i = off + j;
      float d0 = v[i] - mean;
      float d1 = v[i + 1] - mean;
      float d2 = v[i + 2] - mean;
      float d3 = v[i + 3] - mean;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; j < len; j++) {
      float d = v[off + j] - mean;
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  static float sumOfSquares(float[] v, int off, int len) {
    return dot(v, v, off, len);
  }

  static float dot(float[] u, float[] v, int off, int len) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int j = 0;
    for (; j + 8 <= len; j += 8) {
      int i = off + j;
      s0 += u[i] * v[i];
      s1 += u[i + 1] * v[i + 1];
      s2 += u[i + 2] * v[i + 2];
      s3 += u[i + 3] * v[i + 3];
      s4 += u[i + 4] * v[i + 4];
      s5 += u[i + 5] * v[i + 5];
      s6 += u[i + 6] * v[i + 6];
      s7 += u[i + 7] * v[i + 7];
    }
    for (; j < len; j++) {
      s0 += u[off + j] * v[off + j];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
