package org.sepsisiql.agent;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The Q-learning baselines' loss on a Q head (BASELINES.md): the TD error of the taken action,
 * squared or Huber, plus an optional conservative Q-learning penalty; per example {@code rho(y -
 * Q(s,a)) + alpha (log sum_b exp Q(s,b) - Q(s,a))}, with {@code rho(d) = d^2} when {@code
 * huberDelta} is 0, else {@code d^2 / 2} for {@code |d| <= delta} and {@code delta (|d| - delta /
 * 2)} beyond. The target y is computed outside (a stop-gradient target).
 *
 * <p>A dueling head outputs {@code [V, A_1..A_9]} and Q is {@code V + A_a - mean_b A_b} ({@link
 * #qValues}); the gradient with respect to Q, {@code g}, then becomes {@code sum_a g_a} for V and
 * {@code g_a - mean_b g_b} for the advantages. Labels: the one-hot of the taken action, then y
 * ({@link #labels}); a per-example mask [batch, 1] is honored. Gradient with respect to Q: {@code
 * -m_a rho'(d) + alpha (softmax(Q)_a - m_a)}.
 */
public final class QLearningLoss extends ExampleLoss {
  @JsonProperty("huberDelta")
  private final double huberDelta;

  @JsonProperty("dueling")
  private final boolean dueling;

  @JsonProperty("cqlAlpha")
  private final double cqlAlpha;

  /**
   * @param huberDelta the Huber loss's threshold, or 0 for the squared error
   * @param dueling whether the head outputs V and 9 advantages instead of 9 Q values
   * @param cqlAlpha weight of the conservative penalty, 0 for none
   */
  @JsonCreator
  public QLearningLoss(
      @JsonProperty("huberDelta") double huberDelta,
      @JsonProperty("dueling") boolean dueling,
      @JsonProperty("cqlAlpha") double cqlAlpha) {
    if (!(huberDelta >= 0) || !(cqlAlpha >= 0)) {
      throw new IllegalArgumentException(
          "Huber delta and CQL alpha must be >= 0, got " + huberDelta + " and " + cqlAlpha);
    }
    this.huberDelta = huberDelta;
    this.dueling = dueling;
    this.cqlAlpha = cqlAlpha;
  }

  /** The label rows: the one-hot of the taken action [n, actions], then the TD target y [n, 1]. */
  public static INDArray labels(INDArray actionOneHot, INDArray tdTarget) {
    return TdEntropyLoss.labels(actionOneHot, tdTarget);
  }

  /** Width of the head's output: 9 Q values, or V and 9 advantages. */
  public int outputs(int actions) {
    return dueling ? actions + 1 : actions;
  }

  public boolean dueling() {
    return dueling;
  }

  /** Q(s, .) from the head's output: the output itself, or {@code V + A - mean(A)}. */
  public static INDArray qValues(INDArray output, boolean dueling) {
    if (!dueling) {
      return output;
    }
    long width = output.size(1);
    INDArray v = output.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1));
    INDArray advantages = output.get(NDArrayIndex.all(), NDArrayIndex.interval(1, width));
    return advantages.subColumnVector(advantages.mean(true, 1)).addiColumnVector(v);
  }

  /** The conservative penalty per example, {@code log sum_b exp Q(s,b) - Q(s,a)}, [batch, 1]. */
  public static INDArray cqlPenalty(INDArray q, INDArray actionOneHot) {
    INDArray max = q.max(true, 1);
    INDArray logSumExp =
        Transforms.log(Transforms.exp(q.subColumnVector(max), true).sum(true, 1), false).addi(max);
    return logSumExp.subi(q.mul(actionOneHot).sum(true, 1));
  }

  @Override
  INDArray scores(INDArray labels, INDArray output, INDArray mask) {
    INDArray q = qValues(output, dueling);
    Parts parts = parts(labels, q);
    INDArray d = parts.error();
    INDArray scores;
    if (huberDelta == 0) {
      scores = d.mul(d);
    } else {
      INDArray abs = Transforms.abs(d, true);
      INDArray inside = abs.lte(huberDelta).castTo(q.dataType());
      INDArray quadratic = abs.mul(abs).muli(0.5);
      INDArray linear = abs.sub(huberDelta / 2).muli(huberDelta);
      scores = quadratic.muli(inside).addi(linear.muli(inside.rsub(1.0)));
    }
    if (cqlAlpha > 0) {
      scores.addi(cqlPenalty(q, parts.oneHot()).muli(cqlAlpha));
    }
    return masked(scores, mask);
  }

  @Override
  INDArray outputGradient(INDArray labels, INDArray output, INDArray mask) {
    INDArray q = qValues(output, dueling);
    Parts parts = parts(labels, q);
    INDArray slope =
        huberDelta == 0
            ? parts.error().mul(2.0)
            : Transforms.min(Transforms.max(parts.error(), -huberDelta, true), huberDelta, false);
    INDArray gradient = parts.oneHot().mulColumnVector(slope).negi();
    if (cqlAlpha > 0) {
      INDArray softmax = Transforms.softmax(q, true);
      gradient.addi(softmax.subi(parts.oneHot()).muli(cqlAlpha));
    }
    if (dueling) {
      INDArray sum = gradient.sum(true, 1);
      INDArray advantages = gradient.subColumnVector(sum.div(gradient.size(1)));
      gradient = Nd4j.hstack(sum, advantages);
    }
    return masked(gradient, mask);
  }

  /** The taken action's one-hot and its TD error {@code y - Q(s,a)} [batch, 1]. */
  private record Parts(INDArray oneHot, INDArray error) {}

  private static Parts parts(INDArray labels, INDArray q) {
    ActionTarget split = actionTarget(labels, q, "the Q-learning loss");
    return new Parts(split.oneHot(), split.target().sub(q.mul(split.oneHot()).sum(true, 1)));
  }

  @Override
  public String name() {
    return (huberDelta == 0 ? "squared" : "huber(" + huberDelta + ")")
        + (dueling ? ", dueling" : "")
        + (cqlAlpha > 0 ? ", cql(" + cqlAlpha + ")" : "");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof QLearningLoss loss
        && Double.compare(huberDelta, loss.huberDelta) == 0
        && dueling == loss.dueling
        && Double.compare(cqlAlpha, loss.cqlAlpha) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), huberDelta, dueling, cqlAlpha);
  }

  @Override
  public String toString() {
    return name();
  }
}
