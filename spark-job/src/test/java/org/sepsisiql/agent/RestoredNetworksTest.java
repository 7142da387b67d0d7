package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's Q and V as policies read them ({@link RestoredNetworks#qAndV}, the fused kernels on
 * a float network) against the restored graph's own {@code output}, for batches of several sizes.
 */
class RestoredNetworksTest {
  @Test
  void fusedInferenceMatchesTheGraphsOutput() throws IOException {
    AgentSettings settings =
        AgentSettings.from(AgentTestSettings.config("sepsis-iql.agent.hidden-sizes = [24, 16]"));
    ComputationGraph graph = IqlNetwork.create(settings, 11, 7);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(graph, bytes, false);
    byte[] model = bytes.toByteArray();
    String fingerprint = RestoredNetworks.fingerprint(model);
    SplittableRandom random = new SplittableRandom(5);
    for (int n : new int[] {1, 37, 5}) {
      double[][] states = new double[n][11];
      for (double[] row : states) {
        for (int j = 0; j < row.length; j++) {
          row[j] = random.nextGaussian();
        }
      }
      double[][] qAndV = RestoredNetworks.qAndV(fingerprint, model, states);
      INDArray[] expected =
          graph.output(false, Nd4j.createFromArray(states).castTo(DataType.FLOAT));
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < 9; a++) {
          assertEquals(expected[IqlNetwork.Q].getDouble(i, a), qAndV[i][a], 1e-5, "Q " + a);
        }
        assertEquals(expected[IqlNetwork.V].getDouble(i, 0), qAndV[i][9], 1e-5, "V");
      }
      assertNotEquals(qAndV[0][0], qAndV[0][1], "the heads differ per action");
    }
  }
}
