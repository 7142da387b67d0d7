package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.agent.AgentQValues;
import org.sepsisiql.cli.Main;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.StagePolicySources;
import org.sepsisiql.study.OpeStudy;
import org.sepsisiql.study.StudyRow;
import org.sepsisiql.testing.SimulatedRun;
import org.sepsisiql.testing.TestSpark;

/**
 * The evaluate stage end to end on a small simulated pipeline (synthesize, cohort, behavior, a tiny
 * 2-epoch agent), with simulator.json present so ground truth is measured; then its refusals of bad
 * input on copies of that run. Some test transitions get pi_b = 0 for the taken action before
 * evaluation, so the floor and its count are exercised too.
 */
class EvaluateStageTest {
  private static final int STAYS = 200;
  private static final long SEED = 20261124;
  private static final String[] POLICIES = {
    "learned",
    "clinicians",
    "behavior_model",
    "random",
    "no_treatment",
    "most_frequent",
    "behavior_cloning",
    "iql_softmax",
    "learned_standalone"
  };
  private static final Consumer<String> QUIET = line -> {};
  @TempDir static Path temp;
  private static SparkSession spark;
  private static Path output;
  private static long zeroedRows;
  private static EvaluationResult result;
  private static JsonNode metrics;

  @BeforeAll
  static void runPipelineAndEvaluate() throws IOException {
    spark = TestSpark.session();
    output = temp.resolve("out");
    RunContext run = context("sim");
    SimulatedRun.trainThrough(spark, run, output.resolve("sim"), STAYS, SEED, QUIET);
    zeroedRows = zeroTakenProbabilities(output.resolve("sim/behavior/probabilities"));
    result =
        EvaluateStage.from(run.config())
            .run(run, new EvaluateStage.Inputs(null, null, StagePolicySources.INSTANCE), QUIET);
    metrics = new ObjectMapper().readTree(output.resolve("sim/evaluation/metrics.json").toFile());
  }

  static RunContext context(String runId) {
    return RunContext.open(SimulatedRun.config(output, runId, SEED), false, Clock.systemUTC());
  }

  /** Sets pi_b to a one-hot on another action at step 0 of every test stay; returns the count. */
  private static long zeroTakenProbabilities(Path probabilities) throws IOException {
    Dataset<Row> original = spark.read().parquet(probabilities.toString());
    Dataset<Row> changed =
        original.withColumn(
            "pi_b",
            expr(
                "if(split = 'test' and step = 0,"
                    + " transform(sequence(0, 8), a -> if(a = (action + 1) % 9, 1D, 0D)), pi_b)"));
    Path copy = probabilities.resolveSibling("probabilities-changed");
    changed.write().partitionBy("split").parquet(copy.toString());
    long count = original.filter(col("split").equalTo("test").and(col("step").equalTo(0))).count();
    FileUtils.deleteDirectory(probabilities.toFile());
    Files.move(copy, probabilities);
    return count;
  }

  /**
   * The report renders from this evaluation's real metrics.json (not a hand-written fixture): every
   * field it needs is there, and every policy appears in the summary.
   */
  @Test
  void theReportRendersFromTheRealMetrics() throws IOException {
    RunContext sim = context("sim");
    org.sepsisiql.report.ReportStage.Result report =
        org.sepsisiql.report.ReportStage.from(sim.config())
            .run(sim, new org.sepsisiql.report.ReportStage.Inputs(null), QUIET);
    String html = Files.readString(output.resolve("sim/report/index.html"));
    for (JsonNode row : metrics.get("summary_table")) {
      assertTrue(
          html.contains("<td>" + row.get("model").asText() + "</td>"),
          row.get("model") + " in the report");
    }
    assertTrue(html.contains("id=\"summary-table\""), "summary table");
    assertTrue(report.counts().get("policies").toString().equals(String.valueOf(POLICIES.length)));
  }

  @Test
  void writesEstimatesAndTrajectoriesForEveryPolicy() {
    Path evaluation = output.resolve("sim/evaluation");
    assertTrue(Files.exists(evaluation.resolve("_SUCCESS")), "stage committed");
    Dataset<Row> estimates = spark.read().parquet(evaluation.resolve("estimates").toString());
    assertEquals(POLICIES.length * 5L, estimates.count(), "one row per policy x estimator");
    assertEquals(
        Set.of(POLICIES),
        Set.copyOf(
            estimates
                .select("policy")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()),
        "policies in estimates");
    Dataset<Row> trajectories = spark.read().parquet(evaluation.resolve("trajectories").toString());
    assertEquals(
        POLICIES.length * result.testTrajectories(),
        trajectories.count(),
        "one row per policy x test trajectory");
    double wdrSum =
        trajectories
            .filter("policy = 'clinicians'")
            .agg(expr("sum(wdr_contribution)"))
            .first()
            .getDouble(0);
    assertEquals(
        metrics.path("policies").get(1).path("estimates").path("WDR").path("raw_value").asDouble(),
        wdrSum,
        1e-9,
        "the WDR estimate is the sum of its contributions");
  }

  /**
   * The network and beta are chosen together on validation: every kept network (the best
   * validation-criterion epoch's first, then the newest checkpoints) at every beta of the grid is a
   * candidate, and the one marked chosen has the highest valid validation WDR of all.
   */
  @Test
  void networkAndBetaAreChosenOnValidationAndRecorded() {
    JsonNode selection = metrics.path("advantage_beta_selection");
    assertEquals("val", selection.path("split").asText(), "selected on validation");
    List<Double> grid =
        org.sepsisiql.config.ConfigLoader.defaults()
            .getDoubleList("sepsis-iql.evaluate.advantage-betas");
    java.util.Set<String> networks = new java.util.LinkedHashSet<>();
    selection.path("candidates").forEach(c -> networks.add(c.path("network").asText()));
    assertTrue(
        networks.iterator().next().contains("best validation criterion"),
        "the training criterion's network first: " + networks);
    assertEquals(
        grid.size() * networks.size(),
        selection.path("candidates").size(),
        "one candidate per network and beta: " + networks);
    double beta = selection.path("beta").asDouble();
    assertTrue(grid.contains(beta), "the chosen beta is in the grid: " + beta);
    double best = Double.NEGATIVE_INFINITY;
    JsonNode chosen = null;
    for (JsonNode candidate : selection.path("candidates")) {
      if (candidate.path("valid").asBoolean()) {
        best = Math.max(best, candidate.path("wdr").asDouble());
      }
      if (candidate.path("chosen").asBoolean()) {
        assertNull(chosen, "one candidate is chosen");
        chosen = candidate;
      }
    }
    assertNotNull(chosen, "the chosen candidate is marked");
    assertEquals(beta, chosen.path("beta").asDouble(), "its beta");
    assertEquals(selection.path("network").asText(), chosen.path("network").asText());
    if (chosen.path("valid").asBoolean()) {
      assertEquals(best, chosen.path("wdr").asDouble(), 1e-12, "the highest valid WDR");
    }
    String description = metrics.path("policies").get(0).path("description").asText();
    assertTrue(
        description.contains("beta " + beta)
            && description.contains(selection.path("network").asText()),
        "the learned row names its beta and network: " + description);
  }

  @Test
  void metricsJsonHasEveryPolicyWithGroundTruth() {
    assertEquals("sim", metrics.path("run_id").asText(), "run id");
    assertTrue(metrics.path("test_trajectories").asLong() > 0, "test trajectories");
    assertEquals(0.99, metrics.path("gamma").asDouble(), 1e-12, "gamma");
    List<String> names = new ArrayList<>();
    for (JsonNode policy : metrics.path("policies")) {
      names.add(policy.path("name").asText());
      String name = policy.path("name").asText();
      for (String estimator : new String[] {"WDR", "WIS", "PDWIS", "DR", "DM"}) {
        JsonNode e = policy.path("estimates").path(estimator);
        assertTrue(e.has("valid") && e.has("raw_value"), name + " " + estimator + ": " + e);
        if (e.path("valid").asBoolean()) {
          assertTrue(Math.abs(e.path("value").asDouble()) <= 15, name + " plausible " + e);
        } else {
          assertTrue(e.path("value").isNull(), name + " invalid estimates have no value " + e);
          assertFalse(e.path("reason").asText().isEmpty(), name + " invalid with a reason");
        }
      }
      JsonNode truth = policy.path("true_value");
      int stays = truth.path("stays").asInt();
      assertTrue(
          stays % 100 == 0 && stays >= 100 && stays <= 300,
          name + " ground truth in rounds of 100 stays, at most 300: " + stays);
      assertTrue(Math.abs(truth.path("mean").asDouble()) <= 15, name + " true value " + truth);
      assertTrue(policy.path("estimator_errors").has("WDR"), name + " estimator errors");
      JsonNode clinical = policy.path("clinical");
      assertEquals(3, clinical.path("tests_total").asInt(), name + " tests total");
      assertTrue(clinical.path("bp").path("p_value").isNumber(), name + " BP p-value not NaN");
      assertEquals(9, policy.path("action_distribution").size(), name + " distribution");
      double heat = 0;
      for (JsonNode row : policy.path("action_heatmap")) {
        for (JsonNode cell : row) {
          heat += cell.asDouble();
        }
      }
      assertEquals(1.0, heat, 1e-9, name + " heatmap sums to 1");
      assertEquals(4, policy.path("hazards").size(), name + " four hazards");
      assertEquals(
          20, policy.path("sweeps").path("bp").path("expected_vaso_level").size(), name + " sweep");
      assertEquals(policy.path("ess_per_step").size() > 0, true, name + " per-step ESS present");
    }
    assertEquals(List.of(POLICIES), names, "policies in order");
    assertEquals(POLICIES.length, metrics.path("summary_table").size(), "summary rows");
    assertTrue(metrics.path("behavior").path("log_loss").isNumber(), "behavior log-loss copied");
    assertTrue(metrics.path("fqe").path("random").path("best_iteration").isInt(), "FQE reported");
    assertEquals(3, metrics.path("clinician_action_heatmap").size(), "clinician heatmap");
  }

  @Test
  void baselinesBehaveAsDefined() {
    JsonNode policies = metrics.path("policies");
    JsonNode noTreatment = policies.get(4);
    assertEquals(
        1.0,
        noTreatment.path("action_distribution").get(0).asDouble(),
        1e-12,
        "no treatment always chooses action 0");
    assertEquals(
        0,
        noTreatment.path("clinical").path("tests_passed").asInt(),
        "a constant policy passes no clinical test");
    assertEquals(
        0.0,
        noTreatment.path("clinical").path("bp").path("spearman").asDouble(),
        1e-12,
        "constant policy: Spearman 0, not NaN");
    JsonNode cloning = policies.get(6);
    JsonNode behaviorModel = policies.get(2);
    assertEquals(
        behaviorModel.path("agreement").asDouble(),
        cloning.path("agreement").asDouble(),
        1e-12,
        "behavior cloning chooses the behavior model's argmax");
    JsonNode random = policies.get(3);
    JsonNode wdr = random.path("estimates").path("WDR");
    assertTrue(wdr.path("usable_resamples").asInt() > 0, "bootstrap ran");
  }

  @Test
  void theCliniciansRowIsOnPolicyAndItsTruthIsTheTestPeriodsClinicians() {
    JsonNode clinicians = metrics.path("policies").get(1);
    assertTrue(clinicians.path("on_policy").asBoolean(), "clinicians on-policy");
    assertEquals(1.0, clinicians.path("ess").asDouble() / result.testTrajectories(), 1e-9, "rho 1");
    JsonNode testReturn = metrics.path("test_mean_discounted_return");
    assertEquals(
        testReturn.path("mean").asDouble(),
        clinicians.path("estimates").path("WIS").path("raw_value").asDouble(),
        1e-9,
        "on-policy WIS is the test split's mean discounted return");
    assertEquals(
        0.0,
        clinicians.path("true_difference_from_clinicians").path("mean").asDouble(),
        0,
        "the reference's paired difference");
    assertTrue(
        metrics.path("ground_truth_admitted_from").asText().startsWith("20"),
        "truth population: " + metrics.path("ground_truth_admitted_from"));
    for (JsonNode policy : metrics.path("policies")) {
      assertFalse(policy.path("estimand").asText().isEmpty(), "estimand of " + policy.path("name"));
    }
    assertEquals(
        0.0,
        clinicians
            .path("estimated_difference_from_clinicians")
            .path("WIS")
            .path("value")
            .asDouble(),
        0,
        "paired estimate of the reference against itself");
    JsonNode learnedDifference =
        metrics.path("policies").get(0).path("estimated_difference_from_clinicians").path("WDR");
    assertTrue(learnedDifference.path("value").isNumber(), "paired WDR difference of learned");
    JsonNode model = metrics.path("policies").get(2);
    assertFalse(
        model.path("estimates").path("WIS").path("valid").asBoolean(),
        "the behavior model's rho = 1 estimates are withheld: they measure the clinicians");
  }

  @Test
  void theStepAuditRecomputesEveryPolicysWdrExactly() {
    Dataset<Row> steps = spark.read().parquet(output.resolve("sim/evaluation/steps").toString());
    assertEquals(POLICIES.length * result.testTransitions(), steps.count(), "one row per step");
    for (int k = 0; k < POLICIES.length; k++) {
      List<Row> rows =
          steps
              .filter(col("policy").equalTo(POLICIES[k]))
              .orderBy("stay_id", "step")
              .collectAsList();
      double expected =
          metrics
              .path("policies")
              .get(k)
              .path("estimates")
              .path("WDR")
              .path("raw_value")
              .asDouble();
      assertEquals(
          expected,
          StepAudit.weightedDoublyRobust(rows, 0.99, 1e-3),
          1e-9 * Math.max(1, Math.abs(expected)),
          POLICIES[k] + ": WDR recomputed from evaluation/steps");
    }
  }

  @Test
  void theOpeStudyEvaluatesTheRunsModelOnAFreshSeedWithTruth() throws IOException {
    RunContext sim = context("sim");
    OpeStudy.Result study =
        OpeStudy.from(sim.config()).run(sim, new OpeStudy.Options(1, 150, false), QUIET);
    assertEquals(POLICIES.length * 5, study.rows().size(), "one row per policy x estimator");
    assertEquals(POLICIES.length * 5, study.table().lines().size(), "one line per pair");
    for (StudyRow row : study.rows()) {
      assertTrue(row.seed() != SEED && row.seed() != SEED + 1, "a fresh seed: " + row.seed());
      assertTrue(Double.isFinite(row.truth()), row.policy() + " has a truth");
      assertEquals(row.valid(), row.reason() == null, row + ": a reason exactly when withheld");
    }
    Path folder = output.resolve("sim/ope-study");
    assertTrue(Files.exists(folder.resolve("_SUCCESS")), "study committed");
    assertEquals(
        POLICIES.length * 5L,
        spark.read().parquet(folder.resolve("estimates").toString()).count(),
        "estimates written");
    String summary = Files.readString(folder.resolve("summary.txt"));
    assertTrue(
        summary
            .strip()
            .lines()
            .reduce((a, b) -> b)
            .orElse("")
            .matches(
                "coverage of valid 95% intervals: (n/a|[0-9.]+ %) over [0-9]+ estimates \\(1 seeds\\)"),
        "last line: " + summary);
    assertFalse(Files.exists(output.resolve("sim/ope-study-seeds")), "the seeds' sub-runs removed");
  }

  @Test
  void zeroBehaviorProbabilitiesAreFlooredAndCounted() {
    assertTrue(zeroedRows > 0, "fixture zeroed some rows");
    assertEquals(zeroedRows, result.flooredTakenActions(), "floored rows counted");
    assertEquals(zeroedRows, metrics.path("floored_taken_actions").asLong(), "and reported");
  }

  @Test
  void summaryTablePrintsEveryPolicy() throws IOException {
    String table = Files.readString(output.resolve("sim/evaluation/summary.txt"));
    for (String policy : POLICIES) {
      assertTrue(table.contains(policy), "summary names " + policy + ":\n" + table);
    }
    assertTrue(table.contains("WDR [95% CI]"), table);
  }

  /** Rewrites a copied file and drops its Hadoop checksum, which no longer matches. */
  private static void edit(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    String changed = text.replaceFirst(from, to);
    assertFalse(text.equals(changed), "fixture edit applied to " + file);
    Files.writeString(file, changed);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  private static Path copyRun(String runId) throws IOException {
    Path copy = output.resolve(runId);
    for (String stage : new String[] {"trajectories", "behavior", "model"}) {
      FileUtils.copyDirectory(
          output.resolve("sim").resolve(stage).toFile(), copy.resolve(stage).toFile());
    }
    return copy;
  }

  @Test
  void refusesAModelTrainedOnAnotherNormalization() throws IOException {
    Path copy = copyRun("othernorm");
    Path file = copy.resolve("model/normalization/normalization.json");
    edit(file, "\"mean\" : [-0-9.Ee]+", "\"mean\" : 123.0");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                evaluate(
                    context("othernorm"),
                    new EvaluateStage.Inputs(null, null, StagePolicySources.INSTANCE),
                    QUIET),
            "another normalization");
    assertTrue(e.getMessage().contains("another normalization"), e.getMessage());
    assertFalse(Files.exists(copy.resolve("evaluation")), "nothing written");
  }

  @Test
  void refusesAModelForAnotherFeatureCount() throws IOException {
    Path copy = copyRun("features");
    Path file = copy.resolve("model/provenance.json");
    edit(file, "\"age_years\",", "");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                evaluate(
                    context("features"),
                    new EvaluateStage.Inputs(null, null, StagePolicySources.INSTANCE),
                    QUIET),
            "another feature count");
    assertTrue(e.getMessage().contains("42 features"), e.getMessage());
  }

  /** Validation transitions without pi_b stop the stage (they were dropped by an inner join). */
  @Test
  void refusesValidationTransitionsWithoutBehaviorProbabilities() throws IOException {
    Path copy = copyRun("nopib");
    FileUtils.deleteDirectory(copy.resolve("behavior/probabilities/split=val").toFile());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                evaluate(
                    context("nopib"),
                    new EvaluateStage.Inputs(null, null, StagePolicySources.INSTANCE),
                    QUIET));
    assertTrue(
        e.getMessage().contains("validation transitions have no behavior probabilities"),
        e.getMessage());
    assertFalse(Files.exists(copy.resolve("evaluation/_SUCCESS")), "nothing committed");
  }

  @Test
  void refusesAnEmptyTestSplit() throws IOException {
    Path copy = copyRun("notest");
    FileUtils.deleteDirectory(copy.resolve("trajectories/transitions/split=test").toFile());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                evaluate(
                    context("notest"),
                    new EvaluateStage.Inputs(null, null, StagePolicySources.INSTANCE),
                    QUIET),
            "empty test split");
    assertTrue(e.getMessage().contains("test split"), e.getMessage());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    try (Stream<Path> files = Files.list(copy)) {
      assertFalse(
          files.anyMatch(p -> p.getFileName().toString().equals("evaluation")), "nothing written");
    }
  }

  @Test
  void theCommandRefusesARunWithoutAModel() throws IOException {
    Path copy = output.resolve("nomodel");
    FileUtils.copyDirectory(
        output.resolve("sim/trajectories").toFile(), copy.resolve("trajectories").toFile());
    FileUtils.copyDirectory(
        output.resolve("sim/behavior").toFile(), copy.resolve("behavior").toFile());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute("evaluate", "--output", output.toString(), "--run-id", "nomodel");
    } finally {
      System.setErr(original);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, "usage error; stderr: " + message);
    assertTrue(message.contains("no complete model"), message);
    assertFalse(Files.exists(copy.resolve("evaluation")), "nothing written");
  }

  @Test
  void theAgentsQHeadGivesNineFiniteValuesPerState() {
    AgentQValues q =
        AgentQValues.load(
            output.resolve("sim/model").toString(), spark.sparkContext().hadoopConfiguration());
    double[][] values = q.probabilities(new double[2][org.sepsisiql.data.Feature.COUNT]);
    assertEquals(2, values.length, "one row per state");
    for (double[] row : values) {
      assertEquals(9, row.length, "nine actions");
      for (double value : row) {
        assertTrue(Double.isFinite(value), "finite Q " + value);
      }
    }
  }

  /** The stage as every caller runs it: built from the context's configuration. */
  private static EvaluationResult evaluate(
      RunContext context, EvaluateStage.Inputs inputs, Consumer<String> progress) {
    return EvaluateStage.from(context.config()).run(context, inputs, progress);
  }
}
