package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The single-precision Java-array path of {@link DenseNormGeluImpl} ({@link NormGeluKernel})
 * against its double-precision ND4J path, which the finite-difference checks cover: with the same
 * parameters, outputs and every parameter gradient agree to float precision.
 */
class HeapKernelTest {
  @Test
  void floatKernelMatchesTheGradientCheckedDoublePath() {
    AgentSettings floats =
        AgentSettings.from(
            AgentTestSettings.config("sepsis-iql.agent.hidden-sizes = [24, 16, 12]"));
    AgentSettings doubles =
        AgentSettings.from(
            AgentTestSettings.config(
                "sepsis-iql.agent { hidden-sizes = [24, 16, 12], precision = double }"));
    ComputationGraph single = IqlNetwork.create(floats, 7, 21);
    ComputationGraph dual = IqlNetwork.create(doubles, 7, 21);
    dual.setParams(single.params().castTo(DataType.DOUBLE));

    Transitions data = RandomTransitions.create(40, 7, 4);
    IqlUpdate update = new IqlUpdate(floats);
    MultiDataSet floatBatch =
        update.labelled(single, single, data.gather(data.identity(), 0, 40, DataType.FLOAT));
    INDArray[] floatOut = single.output(false, floatBatch.getFeatures(0));
    INDArray[] doubleOut = dual.output(false, floatBatch.getFeatures(0).castTo(DataType.DOUBLE));
    for (int head = 0; head < floatOut.length; head++) {
      assertClose(doubleOut[head], floatOut[head], 1e-5, "output " + head);
    }

    single.setInputs(floatBatch.getFeatures());
    single.setLabels(floatBatch.getLabels());
    single.setLayerMaskArrays(null, floatBatch.getLabelsMaskArrays());
    single.computeGradientAndScore();
    Gradient singleGradient = single.gradient();
    dual.setInputs(floatBatch.getFeatures(0).castTo(DataType.DOUBLE));
    INDArray[] doubleLabels = new INDArray[floatBatch.getLabels().length];
    INDArray[] doubleMasks = new INDArray[doubleLabels.length];
    for (int i = 0; i < doubleLabels.length; i++) {
      doubleLabels[i] = floatBatch.getLabels(i).castTo(DataType.DOUBLE);
      INDArray mask = floatBatch.getLabelsMaskArray(i);
      doubleMasks[i] = mask == null ? null : mask.castTo(DataType.DOUBLE);
    }
    dual.setLabels(doubleLabels);
    dual.setLayerMaskArrays(null, doubleMasks);
    dual.computeGradientAndScore();
    for (Map.Entry<String, INDArray> entry : dual.gradient().gradientForVariable().entrySet()) {
      assertClose(
          entry.getValue(), singleGradient.getGradientFor(entry.getKey()), 2e-4, entry.getKey());
    }
  }

  private static void assertClose(
      INDArray expected, INDArray actual, double tolerance, String what) {
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double worst = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(
        worst <= tolerance * scale, what + ": largest difference " + worst + " at scale " + scale);
    assertTrue(Nd4j.getExecutioner() != null);
  }
}
