package org.sepsisiql.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.agent.StateNormalizer;
import org.sepsisiql.agent.TrainedPolicy;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.testing.TestSpark;

/** The train stage end to end on Parquet fixtures, and its refusals of bad input. */
class TrainStageTest {
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  private RunContext context(String runId) {
    return context(runId, "local");
  }

  private RunContext context(String runId, String trainer) {
    Config config =
        ConfigFactory.parseString(
                "sepsis-iql { output = \""
                    + dir.resolve("out")
                    + "\", run-id = "
                    + runId
                    + ", agent.hidden-sizes = [16, 16, 8], train { batch-size = 32, max-epochs ="
                    + " 3, patience = 100, trainer = "
                    + trainer
                    + ", spark { max-rounds = 3, workers = 2, averaging-frequency = 2 } } }")
            .withFallback(ConfigLoader.defaults())
            .resolve();
    return RunContext.open(config, false, Clock.systemUTC());
  }

  private String trajectories(String name, TrajectoryFixture fixture) {
    String path = dir.resolve(name).toString();
    fixture.write(spark, path);
    return path;
  }

  private static final Consumer<String> QUIET = line -> {};

  @Test
  void trainsAndWritesALoadableModelFolder() throws IOException {
    String input = trajectories("good", new TrajectoryFixture());
    Files.writeString(Path.of(input, "manifest.json"), "{\"sha256\": \"abc\"}");
    RunContext context = context("ok");
    TrainStage.Result result =
        TrainStage.from(context.config()).run(context, new TrainStage.Inputs(input, false), QUIET);
    assertEquals(3, result.epochs(), "three epochs");
    Path model = dir.resolve("out/ok/model");
    for (String file :
        new String[] {"model.zip", "target.zip", "policy.json", "provenance.json", "_SUCCESS"}) {
      assertTrue(Files.exists(model.resolve(file)), file + " in the model folder");
    }
    assertEquals(
        3, spark.read().parquet(model.resolve("metrics").toString()).count(), "metrics rows");
    assertTrue(
        Files.readString(model.resolve("provenance.json")).contains("trajectories_manifest_sha256"),
        "provenance names the manifest hash");
    assertFalse(Files.exists(dir.resolve("out/ok/" + TrainStage.WORK)), "work folder removed");
    String manifest = Files.readString(dir.resolve("out/ok/run.json"));
    assertTrue(
        manifest.contains("\"nd4j_backend\" : \"CPU (org.nd4j.linalg.cpu.nativecpu.CpuBackend"),
        "run.json names the backend the model was trained on: " + manifest);
    TrainedPolicy policy =
        TrainedPolicy.load(
            model.toString(),
            new Configuration(),
            StateNormalizer.identity(Feature.columnNames()),
            null);
    double[] p = policy.actionProbabilities(new double[Feature.COUNT]);
    double sum = 0;
    for (double value : p) {
      sum += value;
    }
    assertEquals(9, p.length, "nine actions");
    assertEquals(1.0, sum, 1e-9, "probabilities sum to one");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(policy);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      TrainedPolicy copy = (TrainedPolicy) in.readObject();
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          p,
          copy.actionProbabilities(new double[Feature.COUNT]),
          1e-12,
          "same after serialization");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertRefused(TrajectoryFixture fixture, String expected) {
    for (String trainer : new String[] {"local", "spark"}) {
      String input = trajectories("bad-" + trainer + expected.hashCode(), fixture);
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () -> train(context("bad", trainer), new TrainStage.Inputs(input, false), QUIET),
              trainer + " trainer refuses: " + expected);
      assertTrue(error.getMessage().contains(expected), "message: " + error.getMessage());
      assertFalse(Files.exists(dir.resolve("out/bad/model")), "no model written");
    }
  }

  @Test
  void refusesStatesOfAnotherLength() {
    TrajectoryFixture fixture = new TrajectoryFixture();
    fixture.stateLength = 42;
    assertRefused(fixture, "state length differs from 43 features");
  }

  @Test
  void refusesNanStatesNamingTheSplitAndCount() {
    TrajectoryFixture fixture = new TrajectoryFixture();
    fixture.nanStatesInTrain = 3;
    assertRefused(fixture, "the train split of");
    assertRefused(fixture, "3 row(s) with NaN in state");
  }

  @Test
  void refusesAnEmptyTrainSplit() {
    TrajectoryFixture fixture = new TrajectoryFixture();
    fixture.emptyTrain = true;
    assertRefused(fixture, "is empty");
  }

  @Test
  void refusesATrainSplitWithASingleAction() {
    TrajectoryFixture fixture = new TrajectoryFixture();
    fixture.singleAction = true;
    assertRefused(fixture, "single action");
  }

  @Test
  void refusesANormalizationOfOtherFeatures() throws IOException {
    String input = trajectories("renamed", new TrajectoryFixture());
    Files.createDirectories(Path.of(input, "fitted"));
    double[] zeros = new double[Feature.COUNT];
    double[] ones = new double[Feature.COUNT];
    java.util.Arrays.fill(ones, 1.0);
    String json =
        new FeatureNormalization(zeros, zeros, ones, new long[Feature.COUNT], 10, 1.0, 1.0)
            .toJson()
            .replace("\"heart_rate\"", "\"pulse\"");
    Files.writeString(Path.of(input, "fitted", "normalization.json"), json);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> train(context("norm"), new TrainStage.Inputs(input, false), QUIET),
            "normalization of other features is refused");
    assertTrue(
        error.getMessage().contains("is 'pulse', expected 'heart_rate'"), error.getMessage());
  }

  @Test
  void sparkTrainerTrainsInRoundsAndWritesTheSameModelFolder() {
    String input = trajectories("spark", new TrajectoryFixture());
    List<String> lines = new ArrayList<>();
    TrainStage.Result result =
        train(context("sp", "spark"), new TrainStage.Inputs(input, false), lines::add);
    assertEquals(3, result.epochs(), "three rounds");
    Path model = dir.resolve("out/sp/model");
    for (String file : new String[] {"model.zip", "target.zip", "policy.json", "_SUCCESS"}) {
      assertTrue(Files.exists(model.resolve(file)), file + " in the model folder");
    }
    var metrics = spark.read().parquet(model.resolve("metrics").toString());
    assertEquals(3, metrics.count(), "one metrics row per round");
    assertTrue(List.of(metrics.columns()).contains("round"), "round column");
    assertTrue(
        lines.stream().anyMatch(line -> line.startsWith("round 3: train loss")),
        "a progress line per round: " + lines);
    assertFalse(Files.exists(dir.resolve("out/sp/" + TrainStage.WORK)), "work folder removed");
  }

  /**
   * A Spark run killed after round 2's checkpoint (the progress line of a round is printed after
   * its checkpoint is written) and run again with --resume continues at round 3 instead of starting
   * over. Not bit-identical to an uninterrupted run (DL4J's split sampling restarts from its seed),
   * so the test checks the rounds, not the parameters.
   */
  @Test
  void killedSparkRunResumesAtTheNextRound() {
    String input = trajectories("spark-resume", new TrajectoryFixture());
    RuntimeException kill =
        assertThrows(
            RuntimeException.class,
            () ->
                train(
                    context("spr", "spark"),
                    new TrainStage.Inputs(input, false),
                    line -> {
                      if (line.startsWith("round 2:")) {
                        throw new IllegalStateException("killed after round 2");
                      }
                    }),
            "the simulated kill propagates");
    assertTrue(
        Files.exists(dir.resolve("out/spr/" + TrainStage.WORK)),
        "checkpoints kept for the resume: " + kill.getMessage());
    List<String> lines = new ArrayList<>();
    TrainStage.Result result =
        train(context("spr", "spark"), new TrainStage.Inputs(input, true), lines::add);
    assertEquals(3, result.epochs(), "three rounds in all");
    assertTrue(
        lines.stream()
            .noneMatch(line -> line.startsWith("round 1:") || line.startsWith("round 2:")),
        "rounds 1 and 2 are not trained again: " + lines);
    assertTrue(
        lines.stream().anyMatch(line -> line.startsWith("round 3: train loss")),
        "round 3 is trained: " + lines);
    var rounds =
        spark
            .read()
            .parquet(dir.resolve("out/spr/model/metrics").toString())
            .orderBy("round")
            .select("round")
            .as(Encoders.INT())
            .collectAsList();
    assertEquals(List.of(1, 2, 3), rounds, "one metrics row per round, across the kill");
  }

  /**
   * A local run killed after epoch 1: --resume on trajectories rewritten since is refused with a
   * one-line reason; training again without --resume says it discards the checkpoints.
   */
  @Test
  void resumeRefusesChangedDataAndAFreshRunSaysItDiscardsCheckpoints() {
    String input = trajectories("local-resume", new TrajectoryFixture());
    assertThrows(
        IllegalStateException.class,
        () ->
            train(
                context("lr"),
                new TrainStage.Inputs(input, false),
                line -> {
                  if (line.startsWith("epoch 1:")) {
                    throw new IllegalStateException("killed after epoch 1");
                  }
                }));
    deleteTree(Path.of(input, "transitions"));
    trajectories("local-resume", new TrajectoryFixture());
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> train(context("lr"), new TrainStage.Inputs(input, true), QUIET));
    assertTrue(
        refused.getMessage().contains("changed since the interrupted run began"),
        refused.getMessage());
    List<String> lines = new ArrayList<>();
    train(context("lr"), new TrainStage.Inputs(input, false), lines::add);
    assertTrue(
        lines.stream().anyMatch(line -> line.startsWith("discarding the checkpoints")),
        "says it discards the unfinished run's checkpoints: " + lines);
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The stage as every caller runs it: built from the context's configuration. */
  private static TrainStage.Result train(
      RunContext context, TrainStage.Inputs inputs, java.util.function.Consumer<String> progress) {
    return TrainStage.from(context.config()).run(context, inputs, progress);
  }
}
