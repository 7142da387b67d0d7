package org.sepsisiql.agent;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The Q head's loss: the squared TD error on the taken action minus an entropy bonus over all
 * actions, per example {@code (y - Q(s,a))^2 - w H(softmax(Q(s,.) / T))} with {@code y = r + gamma
 * (1 - done) V(s')} computed outside (a stop-gradient target).
 *
 * <p>Encoding: a label row has {@code actions + 1} columns, the one-hot {@code m} of the taken
 * action followed by y ({@link #labels}). A DL4J label mask cannot select the action: DL4J
 * multiplies the head's pre-output by the mask, which would hide the other actions from the
 * entropy. A per-example mask [batch, 1] is honored. Gradient: {@code -2 m_k (y - Q_k) + (w / T)
 * p_k (log p_k + H)}.
 */
public final class TdEntropyLoss extends ExampleLoss {
  private static final double LOG_FLOOR = 1e-12;

  @JsonProperty("temperature")
  private final double temperature;

  @JsonProperty("entropyWeight")
  private final double entropyWeight;

  @JsonCreator
  public TdEntropyLoss(
      @JsonProperty("temperature") double temperature,
      @JsonProperty("entropyWeight") double entropyWeight) {
    this.temperature = temperature;
    this.entropyWeight = entropyWeight;
  }

  /** The label rows: the one-hot of the taken action [n, actions], then the TD target y [n, 1]. */
  public static INDArray labels(INDArray actionOneHot, INDArray tdTarget) {
    return Nd4j.hstack(actionOneHot, tdTarget.castTo(actionOneHot.dataType()));
  }

  @Override
  INDArray scores(INDArray labels, INDArray output, INDArray mask) {
    INDArray error = tdError(labels, output);
    INDArray squared = error.muli(error).sum(true, 1);
    return masked(squared.subi(entropy(probabilities(output)).muli(entropyWeight)), mask);
  }

  @Override
  INDArray outputGradient(INDArray labels, INDArray output, INDArray mask) {
    INDArray td = tdError(labels, output).muli(-2.0);
    INDArray p = probabilities(output);
    INDArray entropy = entropy(p);
    INDArray logP = Transforms.log(Transforms.max(p, LOG_FLOOR, true), false);
    INDArray bonus = p.mul(logP.addiColumnVector(entropy)).muli(entropyWeight / temperature);
    return masked(td.addi(bonus), mask);
  }

  /** m * (y - Q): the TD error in the taken action's column, 0 elsewhere. */
  private static INDArray tdError(INDArray labels, INDArray output) {
    ActionTarget split = actionTarget(labels, output, "the Q loss");
    return split.oneHot().mulColumnVector(split.target()).subi(output.mul(split.oneHot()));
  }

  /** softmax(Q / T) per row. */
  INDArray probabilities(INDArray q) {
    return Transforms.softmax(q.div(temperature), false);
  }

  /** -sum_a p log p per row, shape [batch, 1]. */
  static INDArray entropy(INDArray p) {
    INDArray logP = Transforms.log(Transforms.max(p, LOG_FLOOR, true), false);
    return logP.muli(p).sum(true, 1).negi();
  }

  @Override
  public String name() {
    return "td-entropy(T=" + temperature + ", w=" + entropyWeight + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TdEntropyLoss loss
        && Double.compare(temperature, loss.temperature) == 0
        && Double.compare(entropyWeight, loss.entropyWeight) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), temperature, entropyWeight);
  }

  @Override
  public String toString() {
    return name();
  }
}
