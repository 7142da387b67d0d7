package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Q-learning baselines' network: DL4J's finite-difference gradient check of the whole network
 * with each head and loss (squared; Huber; dueling with the conservative penalty), and a saved
 * network that still knows its head is dueling.
 */
class QNetworkTest {
  private static final int FEATURES = 5;
  private static final int BATCH = 6;

  @ParameterizedTest(name = "huber {0}, dueling {1}, cql {2}")
  @CsvSource({"0, false, 0", "1.0, false, 0", "0.5, true, 0.7"})
  void wholeNetworkGradientMatchesFiniteDifferences(double huber, boolean dueling, double cql) {
    AgentSettings settings =
        AgentSettings.from(
            AgentTestSettings.config(
                "sepsis-iql.agent { hidden-sizes = [7, 6], precision = double }"));
    QLearningLoss loss = new QLearningLoss(huber, dueling, cql);
    ComputationGraph network =
        new ComputationGraph(QNetwork.forGradientCheck(settings, loss, FEATURES, 42));
    network.init();
    Random random = new Random(5);
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, BATCH, 9);
    for (int i = 0; i < BATCH; i++) {
      oneHot.putScalar(i, random.nextInt(9), 1.0);
    }
    INDArray labels = QLearningLoss.labels(oneHot, gaussian(BATCH, 1, random).muli(3));
    boolean passed =
        GraphGradientCheck.passes(
            network, gaussian(BATCH, FEATURES, random), new INDArray[] {labels}, null);
    assertTrue(passed, loss + ": analytic and numeric gradients of the network agree");
  }

  @Test
  void savedDuelingNetworkRestoresItsHead() throws IOException {
    AgentSettings settings = AgentTestSettings.tiny();
    ComputationGraph network =
        QNetwork.create(settings, new QLearningLoss(1.0, true, 1.0), FEATURES, 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(network, bytes, true);
    ComputationGraph restored =
        ModelSerializer.restoreComputationGraph(
            new ByteArrayInputStream(bytes.toByteArray()), true);
    assertTrue(QNetwork.loss(restored).dueling(), "the head's loss travels in the JSON");
    INDArray states = Nd4j.rand(DataType.FLOAT, 4, FEATURES);
    INDArray q = QNetwork.q(restored, states);
    assertEquals(9, q.size(1), "Q of the 9 actions from V and 9 advantages");
    assertArrayEquals(
        QNetwork.q(network, states).toFloatMatrix(), q.toFloatMatrix(), "same Q after restore");
  }

  private static INDArray gaussian(int rows, int columns, Random random) {
    return GraphGradientCheck.gaussian(rows, columns, random);
  }
}
