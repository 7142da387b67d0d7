package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.clinical.ActionProfile;
import org.sepsisiql.clinical.ClinicalValidation;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.evaluate.CandidatePolicies.Candidate;
import org.sepsisiql.evaluate.PolicyEvaluation.Outcome;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.policy.PolicySources;
import org.sepsisiql.policy.TrueValue;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StageWrite;
import org.sepsisiql.spark.JobGroup;

/**
 * The evaluate stage (DESIGN.md section 7; EVALUATE.md): evaluates the learned policy and the
 * baselines ({@link CandidatePolicies}) on the test split and writes {@code <run>/evaluation/}:
 *
 * <pre>
 * estimates/      Parquet, one row per policy x estimator: policy + OpeEstimates.toFrame columns
 * trajectories/   Parquet, one row per policy x test trajectory: policy + per-trajectory contributions
 * steps/          Parquet, one row per policy x test transition: what every estimate is computed from
 * metrics.json    everything the report stage reads (MetricsJson)
 * summary.txt     the summary table the command prints (SummaryTable)
 * </pre>
 *
 * Order: every input is checked before any Spark work ({@link EvaluationInputs}: committed stages,
 * same normalization in model and trajectories, 43 features, non-empty test split, pi_b for every
 * test transition); then each policy in turn ({@link PolicyEvaluation}). Ground truth is measured
 * when {@code <run>/extracts/simulator.json} says the data came from the simulator.
 */
public final class EvaluateStage implements Stage<EvaluateStage.Inputs, EvaluationResult> {
  public static final String STAGE = PipelineStage.EVALUATE.folder();
  public static final String SIMULATOR_FILE = "extracts/simulator.json";

  /** The simulator's marker as the cohort stage carries it into the trajectories. */
  static final String SIMULATOR_MARKER = "simulator.json";

  /** The baselines stage's folder, evaluated beside IQL when complete. */
  static final String BASELINES = PipelineStage.BASELINES.folder();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final EvaluateSettings settings;

  private EvaluateStage(EvaluateSettings settings) {
    this.settings = settings;
  }

  /** Reads and checks {@code sepsis-iql.evaluate}. */
  public static EvaluateStage from(Config config) {
    return new EvaluateStage(EvaluateSettings.from(config));
  }

  /**
   * @param trajectories the cohort stage's folder; null for {@code <run>/trajectories}
   * @param model the model folder; null for {@code <run>/model} (the OPE study evaluates one run's
   *     model on other cohorts normalized like its own)
   * @param sources how the other stages' policies and the truth are obtained
   */
  public record Inputs(String trajectories, String model, PolicySources sources) {}

  @Override
  public PipelineStage id() {
    return PipelineStage.EVALUATE;
  }

  /**
   * @param progress one human line per phase (counts only)
   * @throws IllegalArgumentException on bad input, before any work
   */
  @Override
  public EvaluationResult run(RunContext run, Inputs inputs, Consumer<String> progress) {
    String trajectories = inputs.trajectories();
    String model = inputs.model();
    PolicySources sources = inputs.sources();
    run.checkCanWrite(STAGE);
    FileSystem fs = run.folder().fileSystem();
    Path trajectoryPath =
        new Path(
            trajectories != null
                ? trajectories
                : run.folder().stagePath(PipelineStage.COHORT.folder()).toString());
    Path behaviorPath =
        new Path(run.folder().stagePath(PipelineStage.BEHAVIOR.folder()).toString());
    Path modelPath =
        new Path(
            model != null
                ? model
                : run.folder().stagePath(PipelineStage.TRAIN.folder()).toString());
    EvaluationInputs.requireComplete(fs, behaviorPath, PipelineStage.BEHAVIOR.folder());
    FeatureNormalization normalization =
        EvaluationInputs.checkedNormalization(fs, trajectoryPath, modelPath);
    ModelChecks.requireFeatures(
        EvaluationInputs.readIfExists(fs, new Path(modelPath, "provenance.json")), modelPath);
    GroundTruthPlans.TruthPlan truth =
        GroundTruthPlans.from(run, settings, trajectoryPath, sources);
    JsonNode behaviorReport =
        readJson(run.folder().readText(PipelineStage.BEHAVIOR.folder() + "/report.json"));
    Path baselinesPath = new Path(run.folder().stagePath(BASELINES).toString());
    boolean baselines = run.folder().isComplete(BASELINES);
    if (!baselines) {
      progress.accept(
          "evaluate: no baselines beside IQL ("
              + baselinesPath
              + " is not complete; run baselines)");
    }
    List<String> inputPaths =
        new ArrayList<>(
            List.of(trajectoryPath.toString(), behaviorPath.toString(), modelPath.toString()));
    if (baselines) {
      inputPaths.add(baselinesPath.toString());
    }
    return run.runStage(
        STAGE,
        inputPaths,
        write ->
            evaluate(
                run,
                settings,
                normalization,
                truth,
                behaviorReport,
                new Path[] {
                  trajectoryPath, behaviorPath, modelPath, baselines ? baselinesPath : null
                },
                sources,
                write,
                progress));
  }

  private static EvaluationResult evaluate(
      RunContext run,
      EvaluateSettings settings,
      FeatureNormalization normalization,
      GroundTruthPlans.TruthPlan truth,
      JsonNode behaviorReport,
      Path[] paths,
      PolicySources sources,
      StageWrite write,
      Consumer<String> progress) {
    SparkSession spark = run.spark();
    EvaluationInputs inputs = EvaluationInputs.read(spark, normalization, paths[0], paths[1]);
    try {
      progress.accept(
          String.format(
              "evaluate: %,d test trajectories, %,d transitions%s",
              inputs.testTrajectories,
              inputs.testTransitions,
              truth == null
                  ? ""
                  : String.format(
                      ", ground truth from %,d simulated stays admitted from %s",
                      truth.source().stays(), GroundTruthPlans.describe(truth))));
      double floor =
          behaviorReport != null && behaviorReport.path("probability_floor").isNumber()
              ? behaviorReport.path("probability_floor").asDouble()
              : run.config().getDouble("sepsis-iql.behavior.probability-floor");
      Policy behavior = sources.behavior(new Path(paths[1], "model").toString(), floor);
      String model = paths[2].toString();
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      List<PolicySources.Network> networks = sources.networks(model, hadoop);
      if (!settings.networkByValidationWdr()) {
        networks = networks.subList(0, 1);
      }
      List<AdvantageBetaSelection.TrainedNetwork> trained = new ArrayList<>();
      for (PolicySources.Network network : networks) {
        trained.add(
            new AdvantageBetaSelection.TrainedNetwork(
                network, sources.learned(model, network, hadoop, normalization, behavior)));
      }
      PolicyFqe fqes = new PolicyFqe(settings, inputs);
      AdvantageBetaSelection.Selection selection =
          new AdvantageBetaSelection(settings, inputs, fqes).select(trained, progress);
      progress.accept(
          "evaluate: learned = "
              + selection.network().name()
              + ", advantage-weighted beta "
              + selection.beta()
              + " ("
              + selection.why()
              + ")");
      List<Candidate> candidates =
          new ArrayList<>(
              CandidatePolicies.all(
                  selection.learned(),
                  selection.network().name(),
                  selection.beta(),
                  selection.policy(),
                  behavior,
                  inputs.mostFrequentTrainAction(),
                  settings));
      if (paths[3] != null) {
        for (PolicySources.Baseline baseline : sources.baselines(paths[3].toString(), hadoop)) {
          candidates.add(
              CandidatePolicies.Candidate.of(
                  baseline.name(), baseline.description(), baseline.policy(), baseline.estimand()));
        }
      }
      ClinicalValidation.Grids grids =
          new ClinicalValidation(settings.clinical(), normalization, settings.batchSize())
              .grids(inputs.train);
      List<Outcome> outcomes = new ArrayList<>();
      try (PolicyEvaluation evaluation =
          new PolicyEvaluation(
              spark,
              settings,
              inputs,
              grids,
              fqes,
              settings.learnedQ() == EvaluateSettings.LearnedQ.AGENT
                  ? sources.qValues(model, selection.network(), hadoop)
                  : null)) {
        for (Candidate candidate : candidates) {
          progress.accept("evaluate: " + candidate.name() + " (" + candidate.description() + ")");
          outcomes.add(
              evaluation.evaluate(
                  candidate, write.temporaryPath("trajectories"), write.temporaryPath("steps")));
        }
      }
      if (truth != null) {
        progress.accept("evaluate: ground truth of " + outcomes.size() + " policies");
        outcomes = GroundTruthPlans.withTruth(spark, truth, outcomes, normalization);
        warnIfImprecise(outcomes, settings, progress);
      }
      TrueValue testReturn = inputs.meanDiscountedReturn(settings.ope().gamma());
      progress.accept(
          String.format(
              "evaluate: the test split's mean discounted return is %.3f ± %.3f over %,d stays"
                  + " (the clinicians' on-policy value)",
              testReturn.mean(), testReturn.standardError(), testReturn.stays()));
      writeEstimates(spark, outcomes, write.temporaryPath("estimates"));
      ActionProfile clinicians =
          ActionProfile.of(
              inputs.test.withColumn("choice", col("action")), settings.clinical().hazards());
      EvaluationResult result =
          new EvaluationResult(
              inputs.testTrajectories,
              inputs.testTransitions,
              MetricsJson.floored(outcomes),
              truth != null,
              MetricsJson.summary(outcomes, settings));
      writeText(
          run,
          write,
          "metrics.json",
          toJson(
              MetricsJson.build(
                  run.folder().runId(),
                  inputs,
                  settings,
                  outcomes,
                  clinicians,
                  behaviorReport,
                  testReturn,
                  truth == null ? null : GroundTruthPlans.describe(truth),
                  selection)));
      writeText(run, write, "summary.txt", SummaryTable.render(result.summary()));
      return result;
    } finally {
      inputs.release();
    }
  }

  private static void warnIfImprecise(
      List<Outcome> outcomes, EvaluateSettings settings, Consumer<String> progress) {
    for (Outcome outcome : outcomes) {
      double error = outcome.truth().standardError();
      if (error > settings.groundTruthMaxStandardError()) {
        progress.accept(
            String.format(
                "evaluate: WARNING the true value of %s has standard error %.3f, above %s;"
                    + " raise sepsis-iql.evaluate.ground-truth.max-stays",
                outcome.candidate().name(), error, settings.groundTruthMaxStandardError()));
      }
    }
  }

  private static void writeEstimates(SparkSession spark, List<Outcome> outcomes, String path) {
    Dataset<Row> all = null;
    for (Outcome outcome : outcomes) {
      Dataset<Row> frame =
          outcome
              .estimates()
              .toFrame(spark)
              .select(lit(outcome.candidate().name()).as("policy"), col("*"));
      all = all == null ? frame : all.unionByName(frame);
    }
    Dataset<Row> estimates = all;
    JobGroup.phase(
        spark.sparkContext(),
        "EVALUATE-WRITE",
        "evaluate: write the estimates",
        () -> estimates.coalesce(1).write().parquet(path));
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render metrics.json", e);
    }
  }

  private static void writeText(RunContext run, StageWrite write, String name, String text) {
    Path path = new Path(write.temporaryPath(name));
    try (OutputStream out = run.folder().fileSystem().create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  static JsonNode readJson(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
