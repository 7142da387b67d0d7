package org.sepsisiql.agent;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GELU in its tanh form, {@code 0.5 y (1 + tanh(k (y + c y^3)))} with {@code k = sqrt(2 / pi)} and
 * {@code c = 0.044715}, and its exact derivative {@code 0.5 (1 + t) + 0.5 y (1 - t^2) k (1 + 3 c
 * y^2)}. ND4J's own "precise" GELU derivative disagrees with its forward pass in the fourth digit,
 * which fails finite-difference checks, so the layer uses this pair.
 */
final class TanhGelu {
  static final double K = Math.sqrt(2.0 / Math.PI);
  static final double C = 0.044715;

  private TanhGelu() {}

  /** tanh(k (y + c y^3)). */
  static INDArray tanhTerm(INDArray y) {
    INDArray inner = y.mul(y).muli(C).addi(1.0).muli(y).muli(K);
    return Transforms.tanh(inner, false);
  }

  /** Writes gelu(y) into {@code out} (same shape), given {@code t = tanhTerm(y)}. */
  static INDArray forward(INDArray y, INDArray t, INDArray out) {
    return out.assign(t).addi(1.0).muli(y).muli(0.5);
  }

  /** {@code epsilon * gelu'(y)}, reusing (and overwriting) {@code t = tanhTerm(y)}. */
  static INDArray backward(INDArray y, INDArray t, INDArray epsilon) {
    INDArray slope = y.mul(y).muli(3.0 * C).addi(1.0).muli(y).muli(0.5 * K);
    INDArray oneMinusT2 = t.mul(t).rsubi(1.0);
    return slope.muli(oneMinusT2).addi(t.addi(1.0).muli(0.5)).muli(epsilon);
  }
}
