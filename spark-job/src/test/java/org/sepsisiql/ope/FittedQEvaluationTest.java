package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.config.InvalidConfigException;
import org.sepsisiql.testing.TestSpark;

class FittedQEvaluationTest {
  private static final double GAMMA = 0.9;
  private static final double[] UNIFORM = uniform();
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  /**
   * A 2-state chain with 41-feature states (one-hot in the first two): from A (step 0) every action
   * a gives 0.1 a and leads to B; from B (step 1) action a gives 1 + 0.2 a and ends. pi_e is
   * uniform at B, so V(B) = 1 + 0.2 * 4 = 1.8, Q(B, a) = 1 + 0.2 a and Q(A, a) = 0.1 a + 0.9 * 1.8.
   * The problem is solved exactly at iteration H = 2, so the stopping rule ends the run early.
   */
  @Test
  void recoversTheQFunctionOfATwoStateChainAndStopsOnceConverged() {
    double[] a = state(0);
    double[] b = state(1);
    List<Row> rows = new ArrayList<>();
    for (int repeat = 0; repeat < 3; repeat++) {
      for (int action = 0; action < 9; action++) {
        rows.add(row(a, 0, action, 0.1 * action, false, b));
        rows.add(row(b, 1, action, 1 + 0.2 * action, true, a));
      }
    }
    Dataset<Row> train = spark.createDataFrame(rows, schema());
    FqeModel model = fit(train, settings(Map.of("reg-param", "1e-9")));
    double[] qA = model.q(a, 0);
    double[] qB = model.q(b, 1);
    for (int action = 0; action < 9; action++) {
      assertEquals(1 + 0.2 * action, qB[action], 1e-3, "Q(B, " + action + ")");
      assertEquals(0.1 * action + GAMMA * 1.8, qA[action], 1e-3, "Q(A, " + action + ")");
    }
    assertEquals(2, model.horizon(), "H = max(step) + 1");
    assertEquals(FqeModel.StopReason.CONVERGED, model.stopReason(), report(model));
    assertTrue(model.iterations() < 60, "stops well before max-iterations: " + report(model));
    assertTrue(model.iterations() >= 2 + 3, "runs H, then patience more: " + report(model));
    assertTrue(model.bestIteration() >= 2, "keeps an iterate >= H: " + report(model));
    assertTrue(
        model.validationTdErrors().get(model.bestIteration() - 1) < 1e-6,
        "validation TD error of the kept iterate: " + report(model));
    Row scored = model.qHat(train, "state", "step").select("q_hat").first();
    assertEquals(9, scored.getList(0).size(), "q_hat has 9 entries");
  }

  /**
   * Stays of H = 6 steps with noise states and random actions; the only reward, R = 10, arrives at
   * the last step, whatever the action. Q(s, 0, a) = gamma^5 R for every action, which takes 6
   * iterations to reach step 0 and depends on the step, not on the state.
   */
  @Test
  void propagatesALastStepRewardToStepZeroWithTheLinearModel() {
    FqeModel model = fit(lastStepRewardChain(), settings(Map.of("reg-param", "1e-9")));
    assertQAtStepZero(model, 1e-3);
  }

  /**
   * The driver's linear FQE and MLlib's on the executors solve the same ridge equations: the same
   * iterations and kept iterate, residuals within 1e-4 relative and coefficients within 1e-3 of the
   * largest (MLlib solves in standardized coordinates; the ridge term shrinks noise coefficients a
   * little differently there).
   */
  @Test
  void theDriverAndMllibFitTheSameLinearModel() {
    Dataset<Row> train = lastStepRewardChain();
    FqeSettings local = settings(Map.of("reg-param", "1e-3"));
    FqeModel onDriver = fit(train, local);
    FqeModel onSpark = fit(train, local.withLocalMaxRows(0));
    assertEquals(onSpark.iterations(), onDriver.iterations(), "iterations");
    assertEquals(onSpark.bestIteration(), onDriver.bestIteration(), "kept iterate");
    for (int i = 0; i < onSpark.iterations(); i++) {
      assertEquals(
          onSpark.validationTdErrors().get(i),
          onDriver.validationTdErrors().get(i),
          1e-4 * Math.max(1, onSpark.validationTdErrors().get(i)),
          "validation residual of iteration " + (i + 1));
    }
    double[] spark = ((QFunction.Linear) onSpark.function()).coefficients();
    double[] driver = ((QFunction.Linear) onDriver.function()).coefficients();
    double largest = 0;
    for (double value : spark) {
      largest = Math.max(largest, Math.abs(value));
    }
    for (int j = 0; j < spark.length; j++) {
      assertEquals(spark[j], driver[j], 1e-3 * largest, "coefficient " + j);
    }
    FqeModel tooLarge = fit(train, local.withLocalMaxRows(3));
    assertEquals(
        onSpark.validationTdErrors(),
        tooLarge.validationTdErrors(),
        "more rows than local-max-rows: fitted by MLlib on the executors");
  }

  /**
   * Train and validation collected once, then fitted for a policy given as a function of the next
   * states: the very model of the driver fit of the scored rows, bit for bit; over local-max-rows
   * nothing is collected.
   */
  @Test
  void aFitOnRowsCollectedOnceIsTheDriverFitOfTheScoredRows() {
    Dataset<Row> train = lastStepRewardChain();
    FqeSettings local = settings(Map.of("reg-param", "1e-3"));
    FittedQEvaluation fqe = new FittedQEvaluation(local);
    FqeModel scored = fqe.fit(train, train);
    FittedQEvaluation.Collected collected = fqe.collect(train, train);
    assertNotNull(collected, "within local-max-rows: collected");
    FqeModel once =
        fqe.fit(
            collected,
            states -> {
              double[][] p = new double[states.length][];
              Arrays.fill(p, UNIFORM);
              return p;
            });
    assertEquals(scored.validationTdErrors(), once.validationTdErrors(), "residuals");
    assertEquals(scored.bestIteration(), once.bestIteration(), "kept iterate");
    assertArrayEquals(
        ((QFunction.Linear) scored.function()).coefficients(),
        ((QFunction.Linear) once.function()).coefficients(),
        "coefficients");
    assertNull(
        new FittedQEvaluation(local.withLocalMaxRows(3)).collect(train, train),
        "more rows than local-max-rows: not collected");
  }

  @Test
  void propagatesALastStepRewardToStepZeroWithBoostedTrees() {
    Map<String, String> gbt = new HashMap<>();
    gbt.put("model", "gbt");
    gbt.put("gbt.max-iter", "10");
    gbt.put("patience", "1");
    FqeModel model = fit(lastStepRewardChain(), settings(gbt));
    assertTrue(model.function() instanceof QFunction.Boosted, "gbt model: " + model.function());
    assertQAtStepZero(model, 0.05 * REWARD);
  }

  @Test
  void refusesBadConfigurationNamingTheKeyAndValue() {
    assertRefused("model", "forest");
    assertRefused("relative-tolerance", "-0.1");
    assertRefused("max-iterations", "0");
    assertRefused("gbt.max-depth", "0");
  }

  private static final double REWARD = 10;
  private static final int STEPS = 6;

  private static void assertQAtStepZero(FqeModel model, double tolerance) {
    System.out.println("FQE last-step reward chain: " + report(model));
    assertEquals(STEPS, model.horizon(), "H = max(step) + 1");
    assertTrue(model.iterations() >= STEPS, "at least H iterations: " + report(model));
    assertTrue(model.bestIteration() >= STEPS, "kept iterate >= H: " + report(model));
    double expected = Math.pow(GAMMA, STEPS - 1) * REWARD;
    Random random = new Random(7);
    for (int probe = 0; probe < 3; probe++) {
      double[] q = model.q(noise(random), 0);
      for (int action = 0; action < 9; action++) {
        assertEquals(expected, q[action], tolerance, "Q(s, 0, " + action + ")");
      }
    }
  }

  private static void assertRefused(String key, String value) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> settings(Map.of(key, value)),
            key + " = " + value + " is refused");
    String message = e.getMessage();
    assertTrue(message.contains("sepsis-iql.evaluate.fqe." + key), message);
    assertTrue(message.contains(value), message);
    assertFalse(message.contains("\n"), "one line: " + message);
  }

  private static FqeModel fit(Dataset<Row> train, FqeSettings settings) {
    FqeModel model = new FittedQEvaluation(settings).fit(train, train);
    System.out.println("FQE " + settings.model() + ": " + report(model));
    return model;
  }

  private static String report(FqeModel model) {
    return model.iterations()
        + " iterations, "
        + model.stopReason()
        + ", kept "
        + model.bestIteration()
        + ", residuals "
        + model.validationTdErrors();
  }

  private static FqeSettings settings(Map<String, String> fqe) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("sepsis-iql.evaluate.gamma", String.valueOf(GAMMA));
    fqe.forEach((key, value) -> overrides.put("sepsis-iql.evaluate.fqe." + key, value));
    return FqeSettings.from(ConfigLoader.load(null, overrides));
  }

  private static Dataset<Row> lastStepRewardChain() {
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int stay = 0; stay < 30; stay++) {
      double[] s = noise(random);
      for (int t = 0; t < STEPS; t++) {
        double[] next = noise(random);
        boolean last = t == STEPS - 1;
        rows.add(row(s, t, random.nextInt(9), last ? REWARD : 0, last, next));
        s = next;
      }
    }
    return spark.createDataFrame(rows, schema());
  }

  private static double[] noise(Random random) {
    double[] s = new double[org.sepsisiql.data.Feature.COUNT];
    for (int j = 0; j < 4; j++) {
      s[j] = random.nextGaussian();
    }
    return s;
  }

  private static double[] state(int hot) {
    double[] s = new double[org.sepsisiql.data.Feature.COUNT];
    s[hot] = 1;
    return s;
  }

  private static double[] uniform() {
    double[] p = new double[9];
    Arrays.fill(p, 1.0 / 9);
    return p;
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static Row row(
      double[] s, int step, int action, double reward, boolean done, double[] next) {
    return RowFactory.create(boxed(s), step, action, reward, done, boxed(next), boxed(UNIFORM));
  }

  private static StructType schema() {
    return new StructType()
        .add("state", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("step", DataTypes.IntegerType)
        .add("action", DataTypes.IntegerType)
        .add("reward", DataTypes.DoubleType)
        .add("done", DataTypes.BooleanType)
        .add("next_state", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("pi_e_next", DataTypes.createArrayType(DataTypes.DoubleType));
  }
}
