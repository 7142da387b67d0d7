package org.sepsisiql.agent;

/**
 * tanh in single precision as a clamped odd rational function (degree 13 over degree 6), plain
 * arithmetic that the JIT vectorizes; absolute error under 4e-7 against {@link Math#tanh} on the
 * whole line (FastTanhTest). ND4J's native tanh took about 1 ms per 262,144 floats here, this about
 * 0.1 ms including the rest of GELU.
 */
final class FastTanh {
  private static final float LIMIT = 7.90531110763549805f;
  private static final float A1 = 4.89352455891786e-03f;
  private static final float A3 = 6.37261928875436e-04f;
  private static final float A5 = 1.48572235717979e-05f;
  private static final float A7 = 5.12229709037114e-08f;
  private static final float A9 = -8.60467152213735e-11f;
  private static final float A11 = 2.00018790482477e-13f;
  private static final float A13 = -2.76076847742355e-16f;
  private static final float B0 = 4.89352518554385e-03f;
  private static final float B2 = 2.26843463243900e-03f;
  private static final float B4 = 1.18534705686654e-04f;
  private static final float B6 = 1.19825839466702e-06f;

  private FastTanh() {}

  /** Replaces each of the first {@code length} values by its tanh. */
  static void tanhInPlace(float[] values, int length) {
    for (int i = 0; i < length; i++) {
      values[i] = tanh(values[i]);
    }
  }

  static float tanh(float x) {
    float c = Math.max(-LIMIT, Math.min(LIMIT, x));
    float c2 = c * c;
    float p = ((((((A13 * c2 + A11) * c2 + A9) * c2 + A7) * c2 + A5) * c2 + A3) * c2 + A1);
    float q = (((B6 * c2 + B4) * c2 + B2) * c2 + B0);
    return c * p / q;
  }
}
