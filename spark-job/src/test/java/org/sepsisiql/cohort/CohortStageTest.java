package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.TrajectorySchema;
import org.sepsisiql.testing.TestSpark;

/** The stage end to end on a 40-stay fixture: layout, schema, splits, leak-proof state, reward. */
class CohortStageTest {
  private static final String RUN = "run-a";
  @TempDir static Path temp;
  private static SparkSession spark;
  private static CohortResult result;
  private static Path stage;
  private static Dataset<Row> transitions;
  private static ExtractFixture fixture;

  @BeforeAll
  static void runOnce() {
    spark = TestSpark.session();
    fixture = ExtractFixture.cohort(40, 7, 1);
    fixture.write(spark, temp.resolve("extracts"));
    result = CohortTestSupport.runStage(temp.resolve("extracts"), temp.resolve("out"), RUN);
    stage = temp.resolve("out").resolve(RUN).resolve("trajectories");
    transitions = CohortTestSupport.transitions(spark, temp.resolve("out"), RUN).cache();
  }

  @Test
  void writesTheDocumentedLayout() {
    for (String file :
        List.of(
            "_SUCCESS",
            "transitions/split=train",
            "transitions/split=val",
            "transitions/split=test",
            "_quality",
            "fitted/normalization.json",
            "summary.txt",
            "summary.json",
            "manifest.json")) {
      assertTrue(Files.exists(stage.resolve(file)), "missing " + file + " in " + stage);
    }
    assertEquals(40, result.staysRead(), "stays read");
    assertEquals(transitions.count(), result.transitions(), "transitions in result vs files");
  }

  @Test
  void transitionsHaveTheExplicitSchema() {
    List<String> expected =
        List.of(TrajectorySchema.TRANSITIONS_WITH_SPLIT.fields()).stream()
            .map(f -> f.name() + ":" + f.dataType().simpleString())
            .toList();
    StructField[] fields =
        spark.read().parquet(stage.resolve("transitions").toString()).schema().fields();
    List<String> actual =
        List.of(fields).stream().map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
    assertEquals(expected, actual, "transitions columns and types");
  }

  @Test
  void qualityListsEveryRuleOnce() {
    List<Row> rows = spark.read().parquet(stage.resolve("_quality").toString()).collectAsList();
    assertEquals(QualityRule.values().length, rows.size(), "one _quality row per rule");
    Set<String> names =
        rows.stream()
            .map(
                r -> r.getString(r.fieldIndex("dataset")) + "." + r.getString(r.fieldIndex("rule")))
            .collect(Collectors.toSet());
    assertEquals(QualityRule.values().length, names.size(), "rule names unique per dataset");
  }

  @Test
  void noPatientIsInTwoSplitsAndSplitsAreTemporal() {
    long mixed =
        transitions
            .groupBy("patient_id")
            .agg(countDistinct("split").as("n"))
            .filter("n > 1")
            .count();
    assertEquals(0, mixed, "patients in more than one split");
    List<Row> ranges =
        transitions.groupBy("split").agg(min("bin_start"), max("bin_start")).collectAsList();
    assertEquals(3, ranges.size(), "all three splits populated: " + ranges);
    assertTrue(result.staysBySplit().get("train") > result.staysBySplit().get("test"), "70/15/15");
  }

  @Test
  void theActionNeverLeaksIntoTheState() {
    WindowSpec stay = Window.partitionBy("stay_id").orderBy("step");
    Dataset<Row> checked =
        transitions
            .withColumn("prev_iv", lag("iv_dose", 1, 0.0).over(stay))
            .withColumn("prev_vaso", lag("vaso_dose", 1, 0.0).over(stay));
    long wrong =
        checked
            .filter(
                col("prev_iv_fluid_ml")
                    .minus(col("prev_iv"))
                    .gt(1e-9)
                    .or(col("prev_iv_fluid_ml").minus(col("prev_iv")).lt(-1e-9))
                    .or(col("prev_vaso_dose").notEqual(col("prev_vaso"))))
            .count();
    assertEquals(
        0, wrong, "steps whose previous-dose features differ from the previous step's doses");
    assertEquals(
        0,
        transitions.filter("step = 0 and (prev_iv_fluid_ml != 0 or prev_vaso_dose != 0)").count(),
        "first steps with non-zero previous doses");
  }

  @Test
  void zScoredTrainFeaturesHaveMeanZeroAndStdOne() throws IOException {
    FeatureNormalization fitted = normalization();
    List<Row> moments =
        transitions
            .filter("split = 'train'")
            .select(posexplode(col("state")))
            .groupBy("pos")
            .agg(avg("col"), stddev_pop("col"))
            .collectAsList();
    assertEquals(Feature.COUNT, moments.size(), "state length");
    for (Row row : moments) {
      Feature feature = Feature.ordered().get(row.getInt(0));
      assertEquals(0.0, row.getDouble(1), 1e-6, "train mean of " + feature);
      double expectedStd = fitted.std(feature) == 1.0 && row.getDouble(2) < 1e-9 ? 0.0 : 1.0;
      assertEquals(expectedStd, row.getDouble(2), 1e-6, "train std of " + feature);
    }
  }

  @Test
  void rewardsDoneAndNextStateFollowTheSteps() {
    WindowSpec stay = Window.partitionBy("stay_id").orderBy("step");
    Dataset<Row> linked =
        transitions
            .withColumn("following", lead("state", 1).over(stay))
            .withColumn("last", max("step").over(Window.partitionBy("stay_id")));
    assertEquals(0, linked.filter("done != (step = last)").count(), "done only at the last step");
    assertEquals(
        0,
        linked.filter("(done and abs(reward) != 15) or (not done and reward != 0)").count(),
        "reward +-15 at the end, 0 elsewhere");
    assertEquals(
        0,
        linked.filter("not done and following != next_state").count(),
        "next_state is the next step's state");
    assertEquals(0, linked.filter("done and next_state != state").count(), "last next_state");
    Column mapIndex = org.apache.spark.sql.functions.lit(Feature.MAP.index() + 1);
    assertEquals(
        0,
        transitions
            .filter(
                org.apache
                    .spark
                    .sql
                    .functions
                    .element_at(col("next_state"), mapIndex)
                    .notEqual(col("next_map")))
            .count(),
        "next_map is the MAP entry of next_state");
    assertTrue(linked.agg(max("step")).first().getInt(0) <= 17, "at most 18 steps");
  }

  @Test
  void actionsFollowTheTrainCutPoints() throws IOException {
    FeatureNormalization fitted = normalization();
    for (Row row :
        transitions
            .select("iv_dose", "vaso_dose", "iv_level", "vaso_level", "action")
            .collectAsList()) {
      assertEquals(fitted.ivLevel(row.getDouble(0)), row.getInt(2), "iv level of " + row);
      assertEquals(fitted.vasoLevel(row.getDouble(1)), row.getInt(3), "vaso level of " + row);
      assertEquals(3 * row.getInt(2) + row.getInt(3), row.getInt(4), "action of " + row);
    }
    assertTrue(
        transitions.filter("vaso_level > 0").count() > 0
            && transitions.filter("iv_level = 2").count() > 0,
        "fixture exercises non-zero levels");
  }

  @Test
  void savedNormalizationReproducesTheStates() throws IOException {
    FeatureNormalization fitted = normalization();
    for (Row row : transitions.limit(30).collectAsList()) {
      double[] raw = new double[Feature.COUNT];
      for (Feature feature : Feature.ordered()) {
        int at = row.fieldIndex(feature.columnName());
        raw[feature.index()] = row.isNullAt(at) ? Double.NaN : row.getDouble(at);
      }
      double[] expected = fitted.normalize(raw);
      List<Double> state = row.getList(row.fieldIndex("state"));
      for (int i = 0; i < Feature.COUNT; i++) {
        assertEquals(
            expected[i], state.get(i), 1e-12, "state[" + i + "] of stay " + row.getLong(0));
      }
    }
  }

  @Test
  void manifestHashesTheListedFiles() throws IOException {
    String manifest = Files.readString(stage.resolve("manifest.json"), StandardCharsets.UTF_8);
    assertTrue(manifest.contains("\"sha256\" : \"" + result.manifestSha256() + "\""), manifest);
    assertTrue(manifest.contains("transitions/split=train/part-"), "lists data files: " + manifest);
    String summary = Files.readString(stage.resolve("summary.txt"), StandardCharsets.UTF_8);
    assertTrue(summary.contains("missing before imputation"), summary);
  }

  @Test
  void changingValidationAndTestRowsLeavesEveryFittedQuantityUnchanged() throws IOException {
    Set<Long> heldOut =
        transitions.filter("split != 'train'").select("stay_id").distinct().collectAsList().stream()
            .map(r -> r.getLong(0))
            .collect(Collectors.toSet());
    assertTrue(heldOut.size() >= 4, "held-out stays: " + heldOut.size());
    ExtractFixture changed = fixture.copy();
    int[] seen = {0};
    changed.measurements.replaceAll(
        r -> heldOut.contains(r.getLong(0)) ? ExtractFixture.scaled(r, 3, 1.3) : r);
    changed.measurements.removeIf(r -> heldOut.contains(r.getLong(0)) && seen[0]++ % 3 == 0);
    changed.fluids.replaceAll(
        r -> heldOut.contains(r.getLong(0)) ? ExtractFixture.scaled(r, 3, 2.0) : r);
    changed.write(spark, temp.resolve("extracts-changed"));
    CohortTestSupport.runStage(temp.resolve("extracts-changed"), temp.resolve("out"), "run-b");
    FeatureNormalization before = normalization();
    FeatureNormalization after =
        FeatureNormalization.fromJson(
            Files.readString(
                temp.resolve("out/run-b/trajectories/fitted/normalization.json"),
                StandardCharsets.UTF_8));
    for (Feature feature : Feature.ordered()) {
      assertEquals(before.median(feature), after.median(feature), 0.0, "median of " + feature);
      assertEquals(before.mean(feature), after.mean(feature), 1e-9, "mean of " + feature);
      assertEquals(before.std(feature), after.std(feature), 1e-9, "std of " + feature);
      assertEquals(
          before.trainObserved(feature), after.trainObserved(feature), "observed " + feature);
    }
    assertEquals(before.ivFluidCut(), after.ivFluidCut(), 0.0, "iv cut point");
    assertEquals(before.vasoCut(), after.vasoCut(), 0.0, "vaso cut point");
    assertEquals(before.trainRows(), after.trainRows(), "train rows");
    long heldOutChanged =
        CohortTestSupport.transitions(spark, temp.resolve("out"), "run-b")
            .filter("split != 'train'")
            .select("stay_id", "step", "iv_dose")
            .except(transitions.filter("split != 'train'").select("stay_id", "step", "iv_dose"))
            .count();
    assertTrue(heldOutChanged > 0, "the change reached the held-out transitions");
  }

  private static FeatureNormalization normalization() throws IOException {
    return FeatureNormalization.fromJson(
        Files.readString(stage.resolve("fitted/normalization.json"), StandardCharsets.UTF_8));
  }
}
