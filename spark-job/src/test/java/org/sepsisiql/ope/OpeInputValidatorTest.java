package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepsisiql.ope.OpeFixtures.constant;
import static org.sepsisiql.ope.OpeFixtures.nine;
import static org.sepsisiql.ope.OpeFixtures.row;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.testing.TestSpark;

class OpeInputValidatorTest {
  private static final double[] PI = nine(0.5, 0.5);
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  private static Dataset<Row> frame(Row... rows) {
    return spark.createDataFrame(List.of(rows), OpeInputValidator.schema());
  }

  private static String rejection(Dataset<Row> input, OpeSettings settings) {
    return assertThrows(
            InvalidOpeInputException.class,
            () -> OpeInputValidator.validate(input, settings),
            "bad input must be refused")
        .getMessage();
  }

  private static String rejection(Dataset<Row> input) {
    return rejection(input, OpeFixtures.settings(0));
  }

  @Test
  void aMissingColumnIsNamed() {
    String message = rejection(frame(row(1, 0, 0, 1, PI, PI, constant(0))).drop("pi_b"));
    assertTrue(message.contains("missing column 'pi_b'"), message);
  }

  @Test
  void aWrongTypeIsNamed() {
    String message =
        rejection(
            frame(row(1, 0, 0, 1, PI, PI, constant(0)))
                .withColumn("reward", org.apache.spark.sql.functions.lit("x")));
    assertTrue(message.contains("column 'reward' must be double, found: string"), message);
  }

  @Test
  void emptyInputIsRefused() {
    String message = rejection(frame());
    assertTrue(message.contains("empty"), message);
  }

  @Test
  void probabilitiesMustSumToOne() {
    String message = rejection(frame(row(5, 0, 0, 1, nine(0.5, 0.4), PI, constant(0))));
    assertTrue(message.contains("1 rows have pi_e not summing to 1"), message);
    assertTrue(message.contains("stay_id 5"), message);
  }

  @Test
  void zeroBehaviorProbabilityOfTheTakenActionIsAnError() {
    String message = rejection(frame(row(3, 0, 2, 1, PI, PI, constant(0))));
    assertTrue(message.contains("pi_b = 0 for the action taken"), message);
  }

  @Test
  void theConfiguredFloorIsAppliedAndCounted() {
    OpeSettings floored = new OpeSettings(0.99, 0, 0.95, 1, 0.9, 15, 1e-6, 0.01);
    OpeInputValidator.Validated validated =
        OpeInputValidator.validate(
            frame(row(3, 0, 2, 1, PI, PI, constant(0)), row(3, 1, 0, 1, PI, PI, constant(0))),
            floored);
    assertEquals(1, validated.flooredRows(), "one row floored");
    double used =
        validated.transitions().filter("step = 0").select("pi_b_taken").first().getDouble(0);
    assertEquals(0.01, used, 0, "the floor is used in the ratio");
  }

  @Test
  void stepsMustBeContiguousFromZero() {
    String gap =
        rejection(
            frame(row(9, 0, 0, 0, PI, PI, constant(0)), row(9, 2, 0, 1, PI, PI, constant(0))));
    assertTrue(gap.contains("1 stays do not have contiguous unique steps"), gap);
    String late = rejection(frame(row(9, 1, 0, 0, PI, PI, constant(0))));
    assertTrue(late.contains("stay_id 9"), late);
    String duplicate =
        rejection(
            frame(row(9, 0, 0, 0, PI, PI, constant(0)), row(9, 0, 0, 1, PI, PI, constant(0))));
    assertTrue(duplicate.contains("contiguous unique steps"), duplicate);
  }

  @Test
  void badActionsAndNonFiniteValuesAreRefused() {
    String action = rejection(frame(row(1, 0, 9, 1, PI, PI, constant(0))));
    assertTrue(action.contains("action outside 0..8"), action);
    String q = rejection(frame(row(1, 0, 0, 1, PI, PI, constant(Double.NaN))));
    assertTrue(q.contains("q_hat that is not 9 finite values"), q);
  }

  @Test
  void countsComeBackForValidInput() {
    OpeInputValidator.Validated validated =
        OpeInputValidator.validate(
            OpeFixtures.frame(spark, OpeFixtures.random(30, 18, 5)), OpeFixtures.settings(0));
    assertEquals(30, validated.trajectories(), "n");
    assertTrue(validated.horizon() >= 1 && validated.horizon() <= 18, "H");
  }
}
