package org.sepsisiql.clinical;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.clinical.ActionProfile.HazardCount;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.testing.TestSpark;

/**
 * The clinical tests on hand-made states: a policy built to pass passes all three, a constant
 * policy fails all three (never NaN), and the hazard scenarios are counted exactly.
 */
class ClinicalValidationTest {
  private static SparkSession spark;
  private static FeatureNormalization normalization;
  private static ClinicalSettings settings;
  private static Dataset<Row> states;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    double[] ones = new double[Feature.COUNT];
    Arrays.fill(ones, 1);
    normalization =
        new FeatureNormalization(
            ones, new double[Feature.COUNT], ones, new long[Feature.COUNT], 100, 200, 0.2);
    settings = ClinicalSettings.from(ConfigFactory.defaultReference().resolve());
    states = states(400);
  }

  /** Random raw states: MAP 40..110 mmHg, lactate 0.5..10 mmol/L, everything else 1. */
  private static Dataset<Row> states(int n) {
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] raw = new double[Feature.COUNT];
      Arrays.fill(raw, 1);
      raw[Feature.MAP.index()] = 40 + 70 * random.nextDouble();
      raw[Feature.LACTATE.index()] = Math.exp(Math.log(0.5) + Math.log(20) * random.nextDouble());
      if (i % 10 == 0) {
        raw[Feature.WEIGHT_KG.index()] = Double.NaN;
      }
      List<Double> values = Arrays.stream(raw).boxed().toList();
      rows.add(
          RowFactory.create(
              values,
              Arrays.stream(normalization.normalize(raw)).boxed().toList(),
              random.nextInt(9),
              raw[Feature.MAP.index()],
              raw[Feature.LACTATE.index()],
              0.0));
    }
    StructType schema =
        new StructType()
            .add("raw", DataTypes.createArrayType(DataTypes.DoubleType, false))
            .add("state", DataTypes.createArrayType(DataTypes.DoubleType, false))
            .add("action", DataTypes.IntegerType)
            .add("map", DataTypes.DoubleType)
            .add("lactate", DataTypes.DoubleType)
            .add("fluid_balance_ml", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema).cache();
  }

  /** More vasopressor at low MAP, more fluid at high lactate: binomial levels, product policy. */
  static Policy sensible() {
    int map = Feature.MAP.index();
    int lactate = Feature.LACTATE.index();
    return batch -> {
      double[][] result = new double[batch.length][9];
      for (int i = 0; i < batch.length; i++) {
        double[] vaso = binomial(1 / (1 + Math.exp((batch[i][map] - 75) / 5)));
        double[] iv = binomial(1 / (1 + Math.exp(-(batch[i][lactate] - Math.log1p(2.5)) * 4)));
        for (int a = 0; a < 9; a++) {
          result[i][a] = iv[a / 3] * vaso[a % 3];
        }
      }
      return result;
    };
  }

  private static double[] binomial(double p) {
    return new double[] {(1 - p) * (1 - p), 2 * p * (1 - p), p * p};
  }

  static Policy constant() {
    return batch -> {
      double[][] result = new double[batch.length][9];
      for (double[] row : result) {
        row[4] = 1;
      }
      return result;
    };
  }

  private static ClinicalValidation.Report validate(Policy policy) {
    ClinicalValidation validation = new ClinicalValidation(settings, normalization, 64);
    ClinicalValidation.Grids grids = validation.grids(states);
    Dataset<Row> scored =
        PolicyScoring.withProbabilities(states, "state", policy, "p", 64)
            .withColumn("choice", expr("array_position(p, array_max(p)) - 1").cast("int"));
    try (ClinicalValidation.Sweeps sweeps = validation.sweeps(states, grids)) {
      return validation.validate(scored, sweeps, policy);
    }
  }

  @Test
  void aSensiblePolicyPassesAllThreeTests() {
    ClinicalValidation.Report report = validate(sensible());
    assertTrue(report.bp().pass(), "BP: rho " + report.bp().spearman());
    assertTrue(report.bp().spearman().rho() < -0.9, "vasopressors fall with MAP");
    assertTrue(report.lactate().pass(), "lactate: " + report.lactate().spearman());
    assertTrue(report.diversity().pass(), "diversity: " + report.diversity());
    assertEquals(3, report.testsPassed(), "tests passed");
    double[] grid = report.bp().grid();
    assertEquals(20, grid.length, "grid points");
    assertTrue(grid[0] > 40 && grid[0] < 50, "grid starts near the 5th percentile: " + grid[0]);
    assertTrue(grid[19] > 100 && grid[19] < 110, "grid ends near the 95th: " + grid[19]);
  }

  @Test
  void aConstantPolicyFailsAllThreeTestsWithoutNan() {
    ClinicalValidation.Report report = validate(constant());
    assertFalse(report.bp().pass(), "BP fails");
    assertFalse(report.lactate().pass(), "lactate fails");
    assertEquals(0, report.bp().spearman().rho(), "rho 0, not NaN");
    assertEquals(1, report.bp().pValue(), "p 1, not NaN");
    assertFalse(report.diversity().pass(), "diversity fails");
    assertEquals(1, report.diversity().actionsUsed(), "one action used");
    assertEquals(0, report.diversity().entropy(), 1e-12, "zero entropy");
    assertEquals(0, report.testsPassed(), "no test passed");
  }

  @Test
  void hazardsAreCountedOnAHandMadeSet() {
    StructType schema =
        new StructType()
            .add("map", DataTypes.DoubleType)
            .add("fluid_balance_ml", DataTypes.DoubleType)
            .add("choice", DataTypes.IntegerType)
            .add("action", DataTypes.IntegerType);
    List<Row> rows =
        List.of(
            RowFactory.create(50.0, 0.0, 0, 0),
            RowFactory.create(55.0, 0.0, 3, 1),
            RowFactory.create(100.0, 0.0, 2, 5),
            RowFactory.create(80.0, 12000.0, 6, 0),
            RowFactory.create(null, 20000.0, 0, 0),
            RowFactory.create(96.0, 11000.0, 7, 8));
    ActionProfile profile =
        ActionProfile.of(spark.createDataFrame(rows, schema), settings.hazards());
    assertEquals(new HazardCount(1, 1, 1), profile.hazards().get(HazardScenario.A), "A");
    assertEquals(new HazardCount(2, 1, 2), profile.hazards().get(HazardScenario.B), "B");
    assertEquals(new HazardCount(2, 1, 2), profile.hazards().get(HazardScenario.C), "C");
    assertEquals(new HazardCount(2, 2, 1), profile.hazards().get(HazardScenario.D), "D");
    assertEquals(2.0 / 6, profile.agreement(), 1e-12, "agreement");
    assertEquals(0.5, profile.hazards().get(HazardScenario.B).policyRate(), 1e-12, "rate");
    assertEquals(
        1.0 / 3, profile.heatmap()[0][0], 1e-12, "heatmap cell iv 0, vaso 0 (rows 1 and 5)");
    ActionProfile none =
        ActionProfile.of(
            spark.createDataFrame(List.of(RowFactory.create(70.0, 0.0, 0, 0)), schema),
            settings.hazards());
    assertNull(none.hazards().get(HazardScenario.A).policyRate(), "no qualifying state: null");
    assertTrue(HazardScenario.D.description(settings.hazards()).contains("10000"), "description");
  }

  @Test
  void scoringKeepsEveryRowAndColumn() {
    Dataset<Row> scored = PolicyScoring.withProbabilities(states, "state", sensible(), "p", 7);
    assertEquals(states.count(), scored.count(), "rows kept");
    assertEquals(
        0L,
        scored.filter(expr("abs(aggregate(p, 0D, (a, x) -> a + x) - 1) > 1e-9")).count(),
        "rows sum to 1");
    assertEquals(states.columns().length + 1, scored.columns().length, "one column added");
    assertTrue(scored.select(col("raw")).first().getList(0).size() == Feature.COUNT, "raw kept");
  }
}
