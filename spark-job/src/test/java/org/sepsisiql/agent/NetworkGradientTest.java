package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference gradient check of the whole network (the custom layer and all four losses, with
 * with a per-example mask on an auxiliary head), and the JSON and model-file round trips.
 */
class NetworkGradientTest {
  private static final int FEATURES = 5;
  private static final int BATCH = 6;

  @Test
  void wholeNetworkGradientMatchesFiniteDifferences() {
    AgentSettings settings =
        AgentSettings.from(
            AgentTestSettings.config(
                "sepsis-iql.agent { hidden-sizes = [7, 6], precision = double }"));
    ComputationGraph network =
        new ComputationGraph(IqlNetwork.forGradientCheck(settings, FEATURES, 42));
    network.init();
    perturbLayerNorm(network);
    Random random = new Random(3);
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, BATCH, 9);
    for (int i = 0; i < BATCH; i++) {
      oneHot.putScalar(i, random.nextInt(9), 1.0);
    }
    INDArray auxMask = Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {1}, {1}, {1}});
    INDArray[] labels = {
      TdEntropyLoss.labels(oneHot, gaussian(BATCH, 1, random)), gaussian(BATCH, 1, random),
      gaussian(BATCH, 1, random), gaussian(BATCH, 1, random)
    };
    boolean passed =
        GraphGradientCheck.passes(
            network,
            gaussian(BATCH, FEATURES, random),
            labels,
            new INDArray[] {null, null, auxMask, null});
    assertTrue(passed, "analytic and numeric gradients of the network agree");
  }

  @Test
  void configurationSurvivesJson() {
    AgentSettings settings = AgentTestSettings.tiny();
    ComputationGraphConfiguration configuration = IqlNetwork.configuration(settings, 41, 1);
    ComputationGraphConfiguration restored =
        ComputationGraphConfiguration.fromJson(configuration.toJson());
    assertEquals(configuration, restored, "configuration equal after JSON round trip");
    assertEquals(configuration.toJson(), restored.toJson(), "same JSON after round trip");
  }

  @Test
  void savedModelRestoresParametersUpdaterAndOutputs() throws IOException {
    AgentSettings settings = AgentTestSettings.tiny();
    ComputationGraph network = IqlNetwork.create(settings, 41, 9);
    INDArray input = Nd4j.rand(DataType.FLOAT, 3, 41);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(network, bytes, true);
    ComputationGraph restored =
        ModelSerializer.restoreComputationGraph(
            new ByteArrayInputStream(bytes.toByteArray()), true);
    assertEquals(network.params(), restored.params(), "parameters restored");
    assertArrayEquals(
        network.output(input)[0].toFloatMatrix(),
        restored.output(input)[0].toFloatMatrix(),
        "same Q values after restore");
  }

  private static void perturbLayerNorm(ComputationGraph network) {
    Random random = new Random(11);
    for (String layer : new String[] {"hidden0", "hidden1"}) {
      for (String key : new String[] {NormGeluParams.GAIN, NormGeluParams.SHIFT}) {
        INDArray param = network.getLayer(layer).getParam(key);
        for (long i = 0; i < param.length(); i++) {
          param.putScalar(i, param.getDouble(i) + 0.3 * random.nextGaussian());
        }
      }
    }
  }

  private static INDArray gaussian(int rows, int columns, Random random) {
    return GraphGradientCheck.gaussian(rows, columns, random);
  }
}
