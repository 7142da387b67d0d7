package org.sepsisiql.agent;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A DL4J loss written as a per-example score and its gradient with respect to the head's output;
 * this class adds what DL4J asks of every {@link ILossFunction}: averaging, and chaining the
 * gradient through the head's activation to its pre-activation. DL4J divides the summed gradient by
 * the minibatch size itself, so {@link #outputGradient} is per example, not averaged.
 */
abstract class ExampleLoss implements ILossFunction {

  /** Per-example scores, shape [batch, 1]. */
  abstract INDArray scores(INDArray labels, INDArray output, INDArray mask);

  /** d score_i / d output_ij, same shape as the output. */
  abstract INDArray outputGradient(INDArray labels, INDArray output, INDArray mask);

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return scores(labels, activationFn.getActivation(preOutput.dup(), true), mask);
  }

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
    double sum = scores.sumNumber().doubleValue();
    return average ? sum / scores.size(0) : sum;
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray output = activationFn.getActivation(preOutput.dup(), true);
    INDArray gradient = outputGradient(labels, output, mask);
    return activationFn.backprop(preOutput.dup(), gradient).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    return new Pair<>(
        computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  /** Multiplies per-example values by a [batch, 1] mask when there is one. */
  static INDArray masked(INDArray values, INDArray mask) {
    return mask == null ? values : values.muliColumnVector(mask.castTo(values.dataType()));
  }
}
