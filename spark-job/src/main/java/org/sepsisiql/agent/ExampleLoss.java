package org.sepsisiql.agent;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
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

  /** A Q head's label rows split: the taken action's one-hot [n, actions] and the target [n, 1]. */
  record ActionTarget(INDArray oneHot, INDArray target) {}

  /**
   * Splits label rows of {@code actions + 1} columns (the one-hot of the taken action, then the TD
   * target), typed like {@code q}; fails naming {@code loss} when the width is not that.
   */
  static ActionTarget actionTarget(INDArray labels, INDArray q, String loss) {
    long actions = q.size(1);
    if (labels.size(1) != actions + 1) {
      throw new IllegalArgumentException(
          loss
              + " needs labels of "
              + (actions + 1)
              + " columns (one-hot action, then TD target), got "
              + labels.size(1));
    }
    INDArray typed = labels.castTo(q.dataType());
    return new ActionTarget(
        typed.get(NDArrayIndex.all(), NDArrayIndex.interval(0, actions)),
        typed.get(NDArrayIndex.all(), NDArrayIndex.point(actions)).reshape(-1, 1));
  }

  /**
   * Applies a mask when there is one: element-wise when it has the values' shape, else per example
   * (a per-output mask counts an example when any of its outputs is unmasked). DL4J hands every
   * head of a graph a mask of its labels' shape (ones) once any head has a label mask.
   */
  static INDArray masked(INDArray values, INDArray mask) {
    if (mask == null) {
      return values;
    }
    INDArray typed = mask.castTo(values.dataType());
    if (typed.size(1) == values.size(1)) {
      return values.muli(typed);
    }
    return values.muliColumnVector(typed.size(1) == 1 ? typed : typed.max(true, 1));
  }
}
