package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks of each loss's gradient, in double precision. */
class LossGradientTest {
  private static final double STEP = 1e-6;

  @Test
  void expectileGradientMatchesFiniteDifferences() {
    check(new ExpectileLoss(0.7), random(8, 1, 1), random(8, 1, 2), null, new ActivationIdentity());
    check(new ExpectileLoss(0.2), random(8, 1, 3), random(8, 1, 4), null, new ActivationTanH());
  }

  @Test
  void expectileWeighsPositiveAndNegativeErrorsAsymmetrically() {
    ExpectileLoss loss = new ExpectileLoss(0.7);
    INDArray output = Nd4j.zeros(DataType.DOUBLE, 2, 1);
    INDArray labels = Nd4j.createFromArray(new double[][] {{1.0}, {-1.0}});
    INDArray scores = loss.computeScoreArray(labels, output, new ActivationIdentity(), null);
    assertEquals(0.7, scores.getDouble(0, 0), 1e-12, "u = +1 weighs tau");
    assertEquals(0.3, scores.getDouble(1, 0), 1e-12, "u = -1 weighs 1 - tau");
  }

  @Test
  void tdEntropyGradientMatchesFiniteDifferences() {
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 6, 9);
    for (int i = 0; i < 6; i++) {
      oneHot.putScalar(i, (i * 4) % 9, 1.0);
    }
    INDArray labels = TdEntropyLoss.labels(oneHot, random(6, 1, 5));
    INDArray exampleMask = Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {1}, {1}, {0}});
    check(new TdEntropyLoss(3.0, 0.3), labels, random(6, 9, 6), null, new ActivationIdentity());
    check(
        new TdEntropyLoss(0.5, 2.0),
        labels,
        random(6, 9, 8),
        exampleMask,
        new ActivationIdentity());
  }

  @Test
  void tdEntropyScoreIsTheTakenActionsErrorMinusTheEntropyBonus() {
    TdEntropyLoss loss = new TdEntropyLoss(3.0, 0.3);
    INDArray output = Nd4j.zeros(DataType.DOUBLE, 1, 9);
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 1, 9);
    oneHot.putScalar(0, 2, 1.0);
    INDArray labels = TdEntropyLoss.labels(oneHot, Nd4j.createFromArray(new double[][] {{2.0}}));
    double score = loss.computeScore(labels, output, new ActivationIdentity(), null, true);
    assertEquals(4.0 - 0.3 * Math.log(9), score, 1e-9, "uniform Q: 2^2 minus 0.3 ln 9");
  }

  @Test
  void tdEntropyRefusesLabelsWithoutTheActionColumns() {
    TdEntropyLoss loss = new TdEntropyLoss(3.0, 0.3);
    INDArray q = random(2, 9, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> loss.computeGradient(q, q, new ActivationIdentity(), null),
        "labels of the output's width carry no taken action");
  }

  @Test
  void scaledSquaredGradientMatchesFiniteDifferences() {
    INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {1}, {0}});
    check(
        new ScaledSquaredLoss(0.1),
        random(5, 1, 9),
        random(5, 1, 10),
        mask,
        new ActivationIdentity());
    check(
        new ScaledSquaredLoss(2.0), random(5, 3, 11), random(5, 3, 12), null, new ActivationTanH());
  }

  @Test
  void qLearningGradientMatchesFiniteDifferences() {
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 6, 9);
    for (int i = 0; i < 6; i++) {
      oneHot.putScalar(i, (i * 5) % 9, 1.0);
    }
    INDArray labels = QLearningLoss.labels(oneHot, random(6, 1, 13));
    INDArray exampleMask = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {1}, {0}, {1}});
    check(new QLearningLoss(0, false, 0), labels, random(6, 9, 14), null, new ActivationIdentity());
    check(
        new QLearningLoss(1.0, false, 0), labels, random(6, 9, 15), null, new ActivationIdentity());
    check(
        new QLearningLoss(0.5, true, 0.7),
        labels,
        random(6, 10, 16),
        exampleMask,
        new ActivationIdentity());
    check(
        new QLearningLoss(0, true, 2.0), labels, random(6, 10, 17), null, new ActivationIdentity());
  }

  /**
   * Q = (1, 2, 0, ..., 0), action 1 taken, target y = Q(s, 1) = 2 (no TD error): the score is the
   * conservative penalty alone, alpha (ln(e^1 + e^2 + 7 e^0) - 2) = alpha (ln 17.1073 - 2) = alpha
   * 0.83951.
   */
  @Test
  void cqlPenaltyMatchesAHandComputation() {
    INDArray q = Nd4j.zeros(DataType.DOUBLE, 1, 9);
    q.putScalar(0, 0, 1.0);
    q.putScalar(0, 1, 2.0);
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 1, 9);
    oneHot.putScalar(0, 1, 1.0);
    assertEquals(0.83951, QLearningLoss.cqlPenalty(q, oneHot).getDouble(0, 0), 1e-5);
    INDArray labels = QLearningLoss.labels(oneHot, Nd4j.createFromArray(new double[][] {{2.0}}));
    double score =
        new QLearningLoss(1.0, false, 0.5)
            .computeScore(labels, q, new ActivationIdentity(), null, true);
    assertEquals(0.5 * 0.83951, score, 1e-5, "alpha 0.5 times the penalty, no TD error");
    INDArray gradient =
        new QLearningLoss(1.0, false, 0.5)
            .computeGradient(labels, q, new ActivationIdentity(), null);
    double sum = Math.E + Math.exp(2) + 7;
    assertEquals(0.5 * (Math.exp(2) / sum - 1), gradient.getDouble(0, 1), 1e-9, "taken action");
    assertEquals(0.5 / sum, gradient.getDouble(0, 4), 1e-9, "an action not taken");
  }

  @Test
  void huberIsQuadraticInsideTheThresholdAndLinearBeyond() {
    INDArray q = Nd4j.zeros(DataType.DOUBLE, 2, 9);
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 2, 9);
    oneHot.putScalar(0, 3, 1.0);
    oneHot.putScalar(1, 3, 1.0);
    INDArray labels =
        QLearningLoss.labels(oneHot, Nd4j.createFromArray(new double[][] {{0.5}, {-3.0}}));
    INDArray scores =
        new QLearningLoss(1.0, false, 0)
            .computeScoreArray(labels, q, new ActivationIdentity(), null);
    assertEquals(0.125, scores.getDouble(0, 0), 1e-12, "0.5^2 / 2");
    assertEquals(2.5, scores.getDouble(1, 0), 1e-12, "1 (3 - 1/2)");
    INDArray squared =
        new QLearningLoss(0, false, 0).computeScoreArray(labels, q, new ActivationIdentity(), null);
    assertEquals(9.0, squared.getDouble(1, 0), 1e-12, "fitted Q iteration's squared error");
  }

  @Test
  void duelingQIsValuePlusCenteredAdvantages() {
    double[] output = {1, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    INDArray q = QLearningLoss.qValues(Nd4j.createFromArray(new double[][] {output}), true);
    for (int a = 0; a < 9; a++) {
      assertEquals(1 + (a + 1) - 5, q.getDouble(0, a), 1e-12, "V + A_a - mean A");
    }
  }

  @Test
  void qLearningRefusesLabelsWithoutTheTarget() {
    INDArray q = random(2, 9, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> new QLearningLoss(1, false, 0).computeGradient(q, q, new ActivationIdentity(), null));
    assertThrows(IllegalArgumentException.class, () -> new QLearningLoss(-1, false, 0));
    assertThrows(IllegalArgumentException.class, () -> new QLearningLoss(1, false, -0.1));
  }

  private static void check(
      ExampleLoss loss, INDArray labels, INDArray preOutput, INDArray mask, IActivation act) {
    INDArray analytic = loss.computeGradient(labels, preOutput, act, mask);
    for (int i = 0; i < preOutput.rows(); i++) {
      for (int j = 0; j < preOutput.columns(); j++) {
        double original = preOutput.getDouble(i, j);
        preOutput.putScalar(i, j, original + STEP);
        double plus = loss.computeScore(labels, preOutput, act, mask, false);
        preOutput.putScalar(i, j, original - STEP);
        double minus = loss.computeScore(labels, preOutput, act, mask, false);
        preOutput.putScalar(i, j, original);
        double numeric = (plus - minus) / (2 * STEP);
        assertEquals(
            numeric,
            analytic.getDouble(i, j),
            1e-6 * Math.max(1.0, Math.abs(numeric)),
            loss.name() + " gradient at (" + i + ", " + j + ")");
      }
    }
  }

  private static INDArray random(int rows, int columns, long seed) {
    Random random = new Random(seed);
    double[][] values = new double[rows][columns];
    for (double[] row : values) {
      for (int j = 0; j < columns; j++) {
        row[j] = random.nextGaussian() * 2.0;
      }
    }
    return Nd4j.createFromArray(values);
  }
}
