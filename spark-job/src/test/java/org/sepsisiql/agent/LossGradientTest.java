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
