package org.sepsisiql.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.behavior.BehaviorResult.Candidate;
import org.sepsisiql.testing.TestSpark;

class BehaviorStageTest {
  private static final double FLOOR = 1e-3;
  private static SparkSession spark;

  @TempDir static Path shared;
  private static BehaviorResult fitted;
  private static List<String> fittedProgress = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void startSparkAndRunTheStageOnce() {
    spark = TestSpark.session();
    String input = new TransitionsFixture(spark).write(shared.resolve("trajectories"));
    fitted =
        new BehaviorFit(spark, settings(List.of(0.0, 0.01, 1.0)), fittedProgress::add)
            .run(input, shared.resolve("behavior").toString());
  }

  private static BehaviorSettings settings(List<Double> regParams) {
    return new BehaviorSettings(regParams, 0.0, 30, 1e-6, true, FLOOR, 15);
  }

  private BehaviorResult runStage(String trajectories, List<String> progress) {
    return new BehaviorFit(spark, settings(List.of(0.01)), progress::add)
        .run(trajectories, dir.resolve("behavior").toString());
  }

  private static Dataset<Row> probabilities(Path behavior) {
    return spark
        .read()
        .schema(BehaviorFit.PROBABILITIES_SCHEMA)
        .parquet(behavior.resolve("probabilities").toString());
  }

  @Test
  void recoversAStateDependentPolicyAndStoresFlooredProbabilities() throws IOException {
    BehaviorResult result = fitted;
    List<String> progress = fittedProgress;
    Path behavior = shared.resolve("behavior");

    assertTrue(
        result.test().accuracy() > 0.4,
        "test accuracy well above chance (1/9): " + result.test().accuracy());
    assertTrue(
        result.test().logLoss() < Math.log(9) - 0.4,
        "test log-loss well below uniform's ln 9: " + result.test().logLoss());
    assertEquals(
        3,
        progress.stream().filter(l -> l.startsWith("behavior candidate")).count(),
        "one progress line per candidate: " + progress);
    assertEquals(2000, result.splits().get("train").transitions(), "train transitions");
    assertEquals(600, result.test().transitions(), "test transitions");

    Dataset<Row> stored = probabilities(behavior);
    assertEquals(3200, stored.count(), "a row for every transition of every split");
    assertEquals(0, stored.where("size(pi_b) != 9").count(), "nine probabilities per transition");
    assertEquals(
        0,
        stored.where("abs(aggregate(pi_b, 0D, (acc, x) -> acc + x) - 1) > 1e-9").count(),
        "probabilities sum to 1");
    assertEquals(
        0,
        stored.where("exists(pi_b, x -> x < " + FLOOR + ")").count(),
        "every probability at least the floor");
    assertEquals(
        0,
        stored.where("abs(pi_b_taken - element_at(pi_b, action + 1)) > 0").count(),
        "pi_b_taken is the taken action's entry");
    assertEquals(
        Set.of("train", "val", "test"),
        Set.copyOf(
            stored
                .select("split")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()),
        "partitioned by split");

    assertTrue(Files.exists(behavior.resolve("model/metadata")), "MLlib model saved for reuse");
    LogisticRegressionModel model =
        LogisticRegressionModel.load(behavior.resolve("model").toString());
    assertEquals(9, model.numClasses(), "saved model has nine classes");

    JsonNode report = new ObjectMapper().readTree(behavior.resolve("report.json").toFile());
    assertEquals(15, report.at("/test_calibration/reliability").size(), "15 reliability bins");
    long binned = 0;
    for (JsonNode bin : report.at("/test_calibration/reliability")) {
      binned += bin.get("count").asLong();
    }
    assertEquals(600, binned, "every test transition in a calibration bin");
    double ece = report.at("/test_calibration/expected_calibration_error").asDouble();
    assertTrue(ece >= 0 && ece < 0.1, "a well-specified model is roughly calibrated: " + ece);
    assertEquals(3, report.get("regularization_search").size(), "every candidate reported");
    assertEquals(9, report.at("/action_counts/test").size(), "class frequencies for 9 actions");
    assertTrue(
        Files.readString(behavior.resolve("summary.txt")).contains("test expected calibration"),
        "summary written");
  }

  @Test
  void choosesTheRegularizationWithTheLowestValidationLogLoss() {
    BehaviorResult result = fitted;
    double lowest =
        result.candidates().stream().mapToDouble(Candidate::validationLogLoss).min().orElseThrow();
    assertEquals(
        lowest,
        result.chosen().validationLogLoss(),
        "chosen has the minimum: " + result.candidates());
    assertEquals(3, result.candidates().size(), "every grid point fitted");
    assertTrue(
        result.chosen().regParam() < 1.0, "strong regularization loses: " + result.candidates());
    Candidate strong = result.candidates().get(2);
    assertTrue(
        strong.validationLogLoss() > result.chosen().validationLogLoss(),
        "regParam 1 underfits: " + result.candidates());
  }

  @Test
  void actionsAbsentFromTrainStillGetNineFlooredProbabilities() {
    String input =
        new TransitionsFixture(spark)
            .onlyActions(Set.of(0, 1, 2, 3, 4, 5, 6))
            .write(dir.resolve("trajectories"));
    BehaviorResult result = runStage(input, new ArrayList<>());
    assertEquals(0L, result.actionCounts().get("train").get(8), "action 8 absent from train");
    Dataset<Row> stored = probabilities(dir.resolve("behavior"));
    assertEquals(0, stored.where("size(pi_b) != 9").count(), "nine probabilities");
    assertEquals(
        0,
        stored.where("pi_b[7] < " + FLOOR + " or pi_b[8] < " + FLOOR).count(),
        "absent actions get at least the floor");
    assertTrue(
        stored.where("pi_b[8] > 0.01").count() == 0,
        "absent actions get almost nothing beyond the floor");
  }

  @Test
  void missingSplitIsAnError() {
    String input =
        new TransitionsFixture(spark).splits("train", "test").write(dir.resolve("trajectories"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runStage(input, new ArrayList<>()));
    assertTrue(e.getMessage().contains("split val is missing"), e.getMessage());
  }

  @Test
  void emptyTrainSplitIsAnError() {
    Path trajectories = dir.resolve("trajectories");
    String input = new TransitionsFixture(spark).splits("val", "test").write(trajectories);
    spark
        .createDataFrame(List.of(), TransitionsFixture.SCHEMA)
        .drop("split")
        .write()
        .parquet(trajectories.resolve("transitions/split=train").toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runStage(input, new ArrayList<>()));
    assertTrue(e.getMessage().contains("the train split is empty"), e.getMessage());
  }

  @Test
  void stateOfTheWrongLengthIsAnError() {
    String input =
        new TransitionsFixture(spark)
            .corruptFirstValStay(row -> TransitionsFixture.with(row, "state", List.of(1.0, 2.0)))
            .write(dir.resolve("trajectories"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runStage(input, new ArrayList<>()));
    assertTrue(
        e.getMessage()
            .contains("split val: 10 transition(s) with a state that is null or not of length 43"),
        e.getMessage());
  }

  @Test
  void nanInAStateIsAnError() {
    String input =
        new TransitionsFixture(spark)
            .corruptFirstValStay(
                row -> {
                  @SuppressWarnings("unchecked")
                  List<Double> state = new ArrayList<>((List<Double>) row.get(3));
                  state.set(5, Double.NaN);
                  return TransitionsFixture.with(row, "state", state);
                })
            .write(dir.resolve("trajectories"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runStage(input, new ArrayList<>()));
    assertTrue(e.getMessage().contains("a state holding NaN or null"), e.getMessage());
  }

  @Test
  void actionOutOfRangeIsAnError() {
    String input =
        new TransitionsFixture(spark)
            .corruptFirstValStay(row -> TransitionsFixture.with(row, "action", 9))
            .write(dir.resolve("trajectories"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runStage(input, new ArrayList<>()));
    assertTrue(e.getMessage().contains("an action that is null or outside 0..8"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("behavior/model")), "nothing fitted before validation");
  }

  @Test
  void incompleteTrajectoriesAreAnError() throws IOException {
    Path trajectories = dir.resolve("trajectories");
    new TransitionsFixture(spark).write(trajectories);
    Files.delete(trajectories.resolve("_SUCCESS"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> runStage(trajectories.toString(), new ArrayList<>()));
    assertTrue(e.getMessage().contains("no complete trajectories"), e.getMessage());
  }
}
