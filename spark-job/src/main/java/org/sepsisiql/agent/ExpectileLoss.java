package org.sepsisiql.agent;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * IQL's value loss on the V head: {@code |tau - 1(u < 0)| u^2} with {@code u = Q'(s,a) - V(s)}, the
 * label being the target network's Q of the taken action (a stop-gradient target). With tau above
 * 0.5, V(s) approaches an upper expectile of Q over the actions the data took in s. Cost: a few
 * element-wise passes over [batch, 1].
 */
public final class ExpectileLoss extends ExampleLoss {
  @JsonProperty("expectile")
  private final double expectile;

  @JsonCreator
  public ExpectileLoss(@JsonProperty("expectile") double expectile) {
    this.expectile = expectile;
  }

  public double expectile() {
    return expectile;
  }

  @Override
  INDArray scores(INDArray labels, INDArray output, INDArray mask) {
    INDArray u = labels.castTo(output.dataType()).sub(output);
    return masked(weights(u).muli(u).muli(u), mask);
  }

  @Override
  INDArray outputGradient(INDArray labels, INDArray output, INDArray mask) {
    INDArray u = labels.castTo(output.dataType()).sub(output);
    return masked(weights(u).muli(u).muli(-2.0), mask);
  }

  /** {@code expectile} where u >= 0, {@code 1 - expectile} where u < 0. */
  private INDArray weights(INDArray u) {
    INDArray negative = u.lt(0.0).castTo(u.dataType());
    return Nd4j.zerosLike(u).addi(expectile).addi(negative.muli(1.0 - 2.0 * expectile));
  }

  @Override
  public String name() {
    return "expectile(" + expectile + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExpectileLoss loss && Double.compare(expectile, loss.expectile) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), expectile);
  }

  @Override
  public String toString() {
    return name();
  }
}
