package org.sepsisiql.agent;

/**
 * A dot product over a segment with eight independent accumulators: a plain float loop is bound by
 * the latency of one addition chain (the JIT does not reorder floating-point sums), eight chains
 * run about as fast as the loads.
 */
final class RowSums {
  private RowSums() {}

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
