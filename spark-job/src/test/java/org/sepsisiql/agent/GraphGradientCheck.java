package org.sepsisiql.agent;

import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's finite-difference gradient check of a whole graph in double precision (epsilon 1e-6,
 * relative error 1e-3, absolute 1e-8), with ND4J's default types set to double while it runs.
 */
final class GraphGradientCheck {
  private GraphGradientCheck() {}

  /** Whether analytic and numeric gradients agree; {@code labelMasks} may be null. */
  static boolean passes(
      ComputationGraph network, INDArray input, INDArray[] labels, INDArray[] labelMasks) {
    DataType defaultType = Nd4j.dataType();
    DataType defaultFloatType = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      GradientCheckUtil.GraphConfig config =
          new GradientCheckUtil.GraphConfig()
              .net(network)
              .inputs(new INDArray[] {input})
              .labels(labels)
              .epsilon(1e-6)
              .maxRelError(1e-3)
              .minAbsoluteError(1e-8);
      return GradientCheckUtil.checkGradients(
          labelMasks == null ? config : config.labelMask(labelMasks));
    } finally {
      Nd4j.setDefaultDataTypes(defaultType, defaultFloatType);
    }
  }

  /** A [rows, columns] matrix of standard normal values. */
  static INDArray gaussian(int rows, int columns, Random random) {
    double[][] values = new double[rows][columns];
    for (double[] row : values) {
      for (int j = 0; j < columns; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return Nd4j.createFromArray(values);
  }
}
