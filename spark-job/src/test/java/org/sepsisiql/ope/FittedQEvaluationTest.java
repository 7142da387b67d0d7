package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FittedQEvaluationTest {
  private static final double GAMMA = 0.9;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("FittedQEvaluationTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * A 2-state chain with 41-feature states (one-hot in the first two): from A every action a gives
   * 0.1 a and leads to B; from B action a gives 1 + 0.2 a and ends. pi_e is uniform at B, so V(B) =
   * 1 + 0.2 * 4 = 1.8, Q(B, a) = 1 + 0.2 a and Q(A, a) = 0.1 a + 0.9 * 1.8.
   */
  @Test
  void recoversTheQFunctionOfATwoStateChain() {
    double[] a = state(0);
    double[] b = state(1);
    double[] uniform = new double[9];
    java.util.Arrays.fill(uniform, 1.0 / 9);
    List<Row> rows = new ArrayList<>();
    for (int repeat = 0; repeat < 3; repeat++) {
      for (int action = 0; action < 9; action++) {
        rows.add(row(a, action, 0.1 * action, false, b, uniform));
        rows.add(row(b, action, 1 + 0.2 * action, true, a, uniform));
      }
    }
    Dataset<Row> train = spark.createDataFrame(rows, schema());
    FqeSettings settings = new FqeSettings(GAMMA, 20, 3, 1e-9, 0, 100);
    FqeModel model = new FittedQEvaluation(settings).fit(train, train);
    double[] qA = model.q(a);
    double[] qB = model.q(b);
    for (int action = 0; action < 9; action++) {
      assertEquals(1 + 0.2 * action, qB[action], 1e-3, "Q(B, " + action + ")");
      assertEquals(0.1 * action + GAMMA * 1.8, qA[action], 1e-3, "Q(A, " + action + ")");
    }
    assertTrue(model.validationTdErrors().size() < 20, "stops once the TD error stops falling");
    assertTrue(
        model.validationTdErrors().get(model.bestIteration() - 1) < 1e-6,
        "validation TD error of the kept iterate: " + model.validationTdErrors());
    Row scored = model.qHat(train, "state").select("q_hat").first();
    assertEquals(9, scored.getList(0).size(), "q_hat has 9 entries");
  }

  private static double[] state(int hot) {
    double[] s = new double[41];
    s[hot] = 1;
    return s;
  }

  private static List<Double> boxed(double[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }

  private static Row row(
      double[] s, int action, double reward, boolean done, double[] next, double[] piNext) {
    return RowFactory.create(boxed(s), action, reward, done, boxed(next), boxed(piNext));
  }

  private static StructType schema() {
    return new StructType()
        .add("state", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("action", DataTypes.IntegerType)
        .add("reward", DataTypes.DoubleType)
        .add("done", DataTypes.BooleanType)
        .add("next_state", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("pi_e_next", DataTypes.createArrayType(DataTypes.DoubleType));
  }
}
