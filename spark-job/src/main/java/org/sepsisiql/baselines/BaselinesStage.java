package org.sepsisiql.baselines;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.data.Feature;
import org.sepsisiql.ope.FittedQEvaluation;
import org.sepsisiql.ope.FqeModel;
import org.sepsisiql.ope.FqeSettings;
import org.sepsisiql.run.BuildInfo;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StageResult;
import org.sepsisiql.spark.JobGroup;
import org.sepsisiql.train.TrainSettings;
import org.sepsisiql.train.TrajectoryReader;

/**
 * The baselines stage (BASELINES.md): trains the seed's earlier models that {@code
 * sepsis-iql.baselines.models} lists on the train split, each stopped on the validation split, and
 * writes {@code <run>/baselines/<key>/} per model: {@code q-function.json} (and {@code gbt/}),
 * {@code metrics/} (Parquet, one row per iteration with its validation Bellman residual) and {@code
 * provenance.json}. The evaluate stage evaluates each beside IQL. Fitted Q iteration regresses
 * {@code r + gamma (1 - done) max_a Q_k(s', a)} on (s, a) every iteration ({@link
 * FittedQEvaluation#iteration}); the state carries the step in the stay as a feature.
 */
public final class BaselinesStage implements Stage<BaselinesStage.Inputs, BaselinesStage.Result> {
  public static final String STAGE = PipelineStage.BASELINES.folder();

  private final BaselineSettings settings;
  private final QLearningSettings networks;

  private BaselinesStage(BaselineSettings settings, QLearningSettings networks) {
    this.settings = settings;
    this.networks = networks;
  }

  /** Reads and checks {@code sepsis-iql.baselines} (and the agent and train settings it uses). */
  public static BaselinesStage from(Config config) {
    return new BaselinesStage(BaselineSettings.from(config), QLearningSettings.from(config));
  }

  /**
   * @param trajectories the cohort stage's folder
   */
  public record Inputs(String trajectories) {}

  @Override
  public PipelineStage id() {
    return PipelineStage.BASELINES;
  }

  /** One trained baseline, as recorded in {@code run.json} and its provenance. */
  public record Trained(
      BaselineKind kind, int iterations, int keptIteration, String stopReason, double residual) {}

  /** What the stage trained. */
  public record Result(List<Trained> models, long trainTransitions, long validationTransitions)
      implements StageResult {
    @Override
    public Map<String, Object> counts() {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("baselines", models.size());
      counts.put("train transitions", trainTransitions);
      counts.put("validation transitions", validationTransitions);
      for (Trained trained : models) {
        counts.put(trained.kind().key() + " kept iteration", trained.keptIteration());
      }
      return counts;
    }
  }

  /**
   * @throws IllegalArgumentException on bad input, before training
   */
  @Override
  public Result run(RunContext run, Inputs inputs, Consumer<String> progress) {
    String trajectories = inputs.trajectories();
    run.checkCanWrite(STAGE);
    String transitions = new Path(trajectories, "transitions").toString();
    TrajectoryReader reader = new TrajectoryReader(run.spark(), Feature.COUNT);
    Dataset<Row> trainRows =
        reader
            .checkedSplit(transitions, "train", Long.MAX_VALUE)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> validationRows =
        reader
            .checkedSplit(transitions, "val", Long.MAX_VALUE)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long[] counts =
          JobGroup.phase(
              run.spark().sparkContext(),
              "BASELINES-READ",
              "baselines: read and check the train and validation splits",
              () -> new long[] {trainRows.count(), validationRows.count()});
      long trainCount = counts[0];
      long validationCount = counts[1];
      Splits splits =
          new Splits(
              reader, trainRows, validationRows, fqiColumns(trainRows), fqiColumns(validationRows));
      return run.runStage(
          STAGE,
          List.of(trajectories),
          write -> {
            FileSystem fs = run.folder().fileSystem();
            List<Trained> trained = new ArrayList<>();
            FittedQEvaluation.Collected collected =
                collectForLinear(settings, splits.train(), splits.validation());
            QNetworkTraining.Data networkData =
                settings.models().stream().anyMatch(BaselineKind::network)
                    ? networkData(run, splits)
                    : null;
            for (BaselineKind kind : settings.models()) {
              progress.accept("baselines: " + kind.key() + ", " + kind.description());
              Path folder = new Path(write.temporaryPath(kind.key()));
              NetworkBaseline.Outcome outcome =
                  kind.network()
                      ? NetworkBaseline.train(run, kind, networks, networkData, folder, progress)
                      : fitRegression(run, kind, settings, splits, collected, folder);
              Trained result = outcome.trained();
              BaselineFolder.write(
                  fs,
                  new Path(folder, "provenance.json"),
                  provenance(
                      run,
                      settings,
                      result,
                      outcome.details(),
                      trajectories,
                      trainCount,
                      validationCount));
              progress.accept(
                  String.format(
                      "baselines: %s kept %s %d of %d (%s), validation Bellman residual %.4f",
                      kind.key(),
                      kind.unit(),
                      result.keptIteration(),
                      result.iterations(),
                      result.stopReason(),
                      result.residual()));
              trained.add(result);
            }
            return new Result(trained, trainCount, validationCount);
          });
    } finally {
      trainRows.unpersist();
      validationRows.unpersist();
    }
  }

  /**
   * The checked splits, as fitted Q iteration's columns and, on demand, as the networks' data (the
   * train split on the driver only for the local trainer).
   */
  private record Splits(
      TrajectoryReader reader,
      Dataset<Row> trainRows,
      Dataset<Row> validationRows,
      Dataset<Row> train,
      Dataset<Row> validation) {
    QNetworkTraining.Data networkData(QLearningSettings networks) {
      TrajectoryReader.AuxScaling scaling = TrajectoryReader.fitScaling(trainRows);
      return new QNetworkTraining.Data(
          trainRows,
          networks.trainer() == TrainSettings.Trainer.LOCAL
              ? reader.load(trainRows, scaling)
              : null,
          scaling,
          reader.load(validationRows, scaling));
    }
  }

  /**
   * The splits on the driver for the network baselines (once for all of them), loaded in their own
   * job group.
   */
  private QNetworkTraining.Data networkData(RunContext run, Splits splits) {
    return JobGroup.phase(
        run.spark().sparkContext(),
        "BASELINES-LOAD",
        "baselines: the splits as arrays for the networks",
        () -> splits.networkData(networks));
  }

  /**
   * Fitted Q iteration with a regression, its Q function and metrics written into {@code folder}.
   */
  private static NetworkBaseline.Outcome fitRegression(
      RunContext run,
      BaselineKind kind,
      BaselineSettings settings,
      Splits splits,
      FittedQEvaluation.Collected collected,
      Path folder) {
    Fit fit = fit(kind, settings, splits.train(), splits.validation(), collected);
    FqeModel model = fit.model();
    BaselineFolder.save(model.function(), folder, run.folder().fileSystem());
    BaselineMetrics.write(run.spark(), model, new Path(folder, "metrics").toString());
    Trained trained =
        new Trained(
            kind,
            model.iterations(),
            model.bestIteration(),
            model.stopReason().name().toLowerCase(java.util.Locale.ROOT),
            keptResidual(model));
    return new NetworkBaseline.Outcome(
        trained, root -> regressionDetails(root, kind, settings, fit));
  }

  /**
   * One baseline's fitted Q iteration; the linear model once per ridge penalty of {@code
   * fqi-linear.reg-params} (on {@code collected} when not null), keeping the lowest validation
   * Bellman residual (a weak penalty lets the per-action fits of rare actions extrapolate, and the
   * max of the target then diverges).
   */
  private record Fit(FqeModel model, Double regParam, List<Double> residuals) {}

  /**
   * Train and validation on the driver once, for every penalty of the linear model, when it is
   * configured and they fit within {@code evaluate.fqe.local-max-rows}; null otherwise.
   */
  private static FittedQEvaluation.Collected collectForLinear(
      BaselineSettings settings, Dataset<Row> train, Dataset<Row> validation) {
    if (!settings.models().contains(BaselineKind.FQI_LINEAR)) {
      return null;
    }
    return FittedQEvaluation.iteration(settings.fqi().withModel(FqeSettings.Model.LINEAR))
        .collect(train, validation);
  }

  private static Fit fit(
      BaselineKind kind,
      BaselineSettings settings,
      Dataset<Row> train,
      Dataset<Row> validation,
      FittedQEvaluation.Collected collected) {
    FqeSettings base = settings.fqi().withModel(kind.regression());
    if (kind.regression() != FqeSettings.Model.LINEAR) {
      return new Fit(FittedQEvaluation.iteration(base).fit(train, validation), null, List.of());
    }
    FqeModel best = null;
    Double chosen = null;
    List<Double> residuals = new ArrayList<>();
    for (double penalty : settings.regParams()) {
      FittedQEvaluation fqi = FittedQEvaluation.iteration(base.withRegParam(penalty));
      FqeModel model = collected != null ? fqi.fit(collected) : fqi.fit(train, validation);
      double residual = keptResidual(model);
      residuals.add(residual);
      if (best == null || residual < keptResidual(best)) {
        best = model;
        chosen = penalty;
      }
    }
    return new Fit(best, chosen, residuals);
  }

  private static double keptResidual(FqeModel model) {
    return model.validationTdErrors().get(model.bestIteration() - 1);
  }

  /**
   * The columns fitted Q iteration reads. The step column is 0 for every row: the state holds the
   * step in the stay as a feature, so Q is a function of the state alone and the evaluated policy
   * needs nothing but the state.
   */
  private static Dataset<Row> fqiColumns(Dataset<Row> split) {
    return split.select(
        col("state"),
        lit(0).as("step"),
        col("action"),
        col("reward"),
        col("done"),
        col("next_state"));
  }

  private static void regressionDetails(
      ObjectNode root, BaselineKind kind, BaselineSettings settings, Fit fit) {
    root.put("regression", kind.regression().key());
    if (fit.regParam() != null) {
      root.put("reg_param", fit.regParam());
      ArrayNode grid = root.putArray("reg_param_grid");
      for (int i = 0; i < settings.regParams().size(); i++) {
        grid.addObject()
            .put("reg_param", settings.regParams().get(i))
            .put("validation_bellman_residual", fit.residuals().get(i));
      }
    }
  }

  private static JsonNode provenance(
      RunContext run,
      BaselineSettings settings,
      Trained trained,
      Consumer<ObjectNode> details,
      String trajectories,
      long train,
      long validation) {
    ObjectNode root = BaselineFolder.json().createObjectNode();
    root.put("baseline", trained.kind().key());
    root.put("row", trained.kind().row());
    root.put("description", trained.kind().description());
    root.put("extraction", settings.extraction().name().toLowerCase(java.util.Locale.ROOT));
    root.put("temperature", settings.temperature());
    root.put("gamma", settings.fqi().gamma());
    details.accept(root);
    root.put("iterations", trained.iterations());
    root.put("kept_iteration", trained.keptIteration());
    root.put("stop_reason", trained.stopReason());
    root.put("validation_bellman_residual", trained.residual());
    root.put("train_transitions", train);
    root.put("validation_transitions", validation);
    root.put("trajectories", trajectories);
    root.put("trajectories_manifest_sha256", manifestSha256(run, trajectories));
    root.put("seed", run.seed());
    BuildInfo build = BuildInfo.load();
    root.put("sepsis_iql_version", build.version());
    root.put("code_version", build.codeVersion());
    root.put("created_at", Instant.now().toString());
    ArrayNode features = root.putArray("features");
    Feature.columnNames().forEach(features::add);
    return root;
  }

  private static String manifestSha256(RunContext run, String trajectories) {
    JsonNode manifest =
        BaselineFolder.readJsonIfExists(
            new Path(trajectories, "manifest.json"), run.folder().fileSystem().getConf());
    return manifest == null ? null : manifest.path("sha256").asText(null);
  }
}
