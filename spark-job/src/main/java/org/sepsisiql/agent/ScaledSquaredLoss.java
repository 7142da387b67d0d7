package org.sepsisiql.agent;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Weighted mean squared error of an auxiliary regression head (next MAP, next lactate): {@code
 * weight * mean_j (output_j - label_j)^2} per example. The weight keeps the auxiliary tasks from
 * dominating the shared trunk.
 */
public final class ScaledSquaredLoss extends ExampleLoss {
  @JsonProperty("weight")
  private final double weight;

  @JsonCreator
  public ScaledSquaredLoss(@JsonProperty("weight") double weight) {
    this.weight = weight;
  }

  public double weight() {
    return weight;
  }

  @Override
  INDArray scores(INDArray labels, INDArray output, INDArray mask) {
    INDArray diff = output.sub(labels.castTo(output.dataType()));
    return masked(diff.muli(diff).mean(true, 1).muli(weight), mask);
  }

  @Override
  INDArray outputGradient(INDArray labels, INDArray output, INDArray mask) {
    INDArray diff = output.sub(labels.castTo(output.dataType()));
    return masked(diff.muli(2.0 * weight / output.size(1)), mask);
  }

  @Override
  public String name() {
    return "scaled-squared(" + weight + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScaledSquaredLoss loss && Double.compare(weight, loss.weight) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), weight);
  }

  @Override
  public String toString() {
    return name();
  }
}
