package org.sepsisiql.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.behavior.BehaviorStage;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.evaluate.EvaluateStage;
import org.sepsisiql.evaluate.TruthCoverage;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StagePolicySources;
import org.sepsisiql.run.StageResult;
import org.sepsisiql.sim.SimulatorMarker;
import org.sepsisiql.sim.SimulatorSettings;
import org.sepsisiql.sim.SyntheticCohortWriter;

/**
 * How well the estimators cover the truth, measured rather than assumed (DESIGN.md section 7): for
 * N fresh simulator seeds, synthesize a cohort, build its trajectories with the run's own fitted
 * normalization (so the run's model sees those states as it saw its own), fit the behavior model,
 * and evaluate the run's learned policy and every fixed candidate with their true values. Every
 * seed is a sub-run under {@code <run>/ope-study-seeds/seed-<s>/} (removed after it is read unless
 * kept), with the ordinary stages and their outputs; the study reads each seed's {@code
 * evaluation/metrics.json} and aggregates.
 *
 * <p>Seeds are {@code run seed + 7919 k}, k = 1..N, so none equals the run's seed or its rollouts'
 * (run seed + ground-truth offset). Each seed's stages use the whole Spark session, so seeds run
 * one after the other. Cost: N times (synthesize + cohort + behavior + evaluate).
 */
public final class OpeStudy implements Stage<OpeStudy.Options, OpeStudy.Result> {
  public static final String STAGE = PipelineStage.OPE_STUDY.folder();
  static final String SEEDS_FOLDER = "ope-study-seeds";
  private static final long SEED_STRIDE = 7919;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the study is asked to do. */
  public record Options(int seeds, long stays, boolean keepSeeds) {
    public Options {
      check(seeds, stays);
    }

    /** Refuses fewer than 1 seed or 50 stays (a null {@code stays} is the run's own size). */
    public static void check(int seeds, Long stays) {
      if (seeds < 1) {
        throw new IllegalArgumentException("--seeds must be at least 1, cannot be: " + seeds);
      }
      if (stays != null && stays < 50) {
        throw new IllegalArgumentException("--stays must be at least 50, cannot be: " + stays);
      }
    }
  }

  /** The study's rows, one per seed x policy x estimator, and their table. */
  public record Result(List<StudyRow> rows, StudyTable table) implements StageResult {
    @Override
    public Map<String, Object> counts() {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("seeds", table.seeds());
      counts.put("estimates", rows.size());
      counts.put("valid intervals", table.validIntervals());
      counts.put("coverage", table.overallCoverage());
      return counts;
    }
  }

  private OpeStudy() {}

  /** Checks that the run can be studied: a complete model and trajectories, simulated data. */
  public static void requireStudiable(RunContext run) {
    FileSystem fs = run.folder().fileSystem();
    for (String stage : List.of("trajectories", "model")) {
      Path done = new Path(run.folder().stagePath(stage).toString(), "_SUCCESS");
      if (!exists(fs, done)) {
        throw new IllegalArgumentException(
            "run "
                + run.folder().runId()
                + " has no complete "
                + stage
                + " at "
                + run.folder().stagePath(stage)
                + "; run the pipeline first (sepsis-iql run --run-id "
                + run.folder().runId()
                + ")");
      }
    }
    if (run.folder().readText(EvaluateStage.SIMULATOR_FILE) == null) {
      throw new IllegalArgumentException(
          "run "
              + run.folder().runId()
              + " was not made from the simulator (no "
              + EvaluateStage.SIMULATOR_FILE
              + "): the study needs the truth");
    }
  }

  /** The run's own cohort size, from {@code extracts/simulator.json}. */
  public static long cohortSize(RunContext run) {
    try {
      JsonNode marker = JSON.readTree(run.folder().readText(EvaluateStage.SIMULATOR_FILE));
      if (!marker.path("stays").canConvertToLong()) {
        throw new IllegalArgumentException(
            EvaluateStage.SIMULATOR_FILE + " has no \"stays\"; give --stays");
      }
      return marker.path("stays").asLong();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          EvaluateStage.SIMULATOR_FILE + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The study reads the stages' own settings through each seed's run; its options ({@link Options})
   * are its inputs.
   */
  public static OpeStudy from(com.typesafe.config.Config config) {
    return new OpeStudy();
  }

  @Override
  public PipelineStage id() {
    return PipelineStage.OPE_STUDY;
  }

  /** Runs every seed, then writes the rows, the table and summary.txt into {@code ope-study/}. */
  @Override
  public Result run(RunContext run, Options options, Consumer<String> progress) {
    requireStudiable(run);
    run.checkCanWrite(STAGE);
    FeatureNormalization normalization =
        FeatureNormalization.fromJson(
            run.folder().readText(PipelineStage.COHORT.folder() + "/fitted/normalization.json"));
    String model = run.folder().stagePath(PipelineStage.TRAIN.folder()).toString();
    List<StudyRow> rows = new ArrayList<>();
    for (int k = 1; k <= options.seeds(); k++) {
      long seed = run.seed() + SEED_STRIDE * k;
      progress.accept(
          String.format(
              "ope-study: seed %d of %d (%d), %,d stays",
              k, options.seeds(), seed, options.stays()));
      rows.addAll(seedRows(run, seed, options, normalization, model, progress));
    }
    if (!options.keepSeeds()) {
      delete(run.folder().fileSystem(), new Path(run.folder().stagePath(SEEDS_FOLDER).toString()));
    }
    StudyTable table = StudyTable.of(rows, options.seeds());
    return run.runStage(
        STAGE,
        List.of(run.folder().stagePath(PipelineStage.TRAIN.folder()).toString()),
        write -> {
          StudyOutput.write(run.spark(), rows, table, write);
          return new Result(rows, table);
        });
  }

  private static List<StudyRow> seedRows(
      RunContext run,
      long seed,
      Options options,
      FeatureNormalization normalization,
      String model,
      Consumer<String> progress) {
    RunContext seedRun = seedContext(run, seed);
    Path folder = seedRun.folder().root();
    String extracts = seedRun.folder().stagePath(PipelineStage.SYNTHESIZE.folder()).toString();
    seedRun.runStage(
        PipelineStage.SYNTHESIZE.folder(),
        List.of("simulator"),
        write -> {
          SyntheticCohortWriter.Result written =
              SyntheticCohortWriter.write(
                  seedRun.spark(),
                  SimulatorSettings.from(seedRun.config()),
                  options.stays(),
                  seed,
                  write.temporaryPath());
          write.writeText(SimulatorMarker.FILE, SimulatorMarker.json(seed, options.stays()));
          return () -> Map.of("stays", written.stays());
        });
    CohortStage.from(seedRun.config())
        .run(seedRun, new CohortStage.Inputs(extracts, normalization), line -> {});
    String trajectories = seedRun.folder().stagePath(PipelineStage.COHORT.folder()).toString();
    BehaviorStage.from(seedRun.config())
        .run(seedRun, new BehaviorStage.Inputs(trajectories), line -> {});
    EvaluateStage.from(seedRun.config())
        .run(seedRun, new EvaluateStage.Inputs(null, model, StagePolicySources.INSTANCE), progress);
    List<StudyRow> rows =
        rowsOf(seed, seedRun.folder().readText(PipelineStage.EVALUATE.folder() + "/metrics.json"));
    if (!options.keepSeeds()) {
      delete(seedRun.folder().fileSystem(), folder);
    }
    return rows;
  }

  private static RunContext seedContext(RunContext run, long seed) {
    Config config =
        run.config()
            .withValue(
                "sepsis-iql.output",
                ConfigValueFactory.fromAnyRef(
                    new Path(run.folder().stagePath(SEEDS_FOLDER).toString()).toString()))
            .withValue("sepsis-iql.run-id", ConfigValueFactory.fromAnyRef("seed-" + seed))
            .withValue("sepsis-iql.seed", ConfigValueFactory.fromAnyRef(seed));
    return RunContext.open(config, true, Clock.systemUTC());
  }

  /** One row per policy x estimator of one seed's {@code metrics.json}. */
  static List<StudyRow> rowsOf(long seed, String metricsText) {
    JsonNode metrics;
    try {
      metrics = JSON.readTree(metricsText);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the seed's metrics.json", e);
    }
    List<StudyRow> rows = new ArrayList<>();
    for (JsonNode policy : metrics.path("policies")) {
      JsonNode truth = policy.path("true_value");
      double mean = truth.path("mean").asDouble(Double.NaN);
      double error = truth.path("standard_error").asDouble(Double.NaN);
      policy
          .path("estimates")
          .fields()
          .forEachRemaining(
              entry -> {
                JsonNode e = entry.getValue();
                boolean valid = e.path("valid").asBoolean();
                boolean interval =
                    valid && e.path("lower").isNumber() && e.path("upper").isNumber();
                boolean raw = e.path("raw_lower").isNumber() && e.path("raw_upper").isNumber();
                double lower = raw ? e.path("raw_lower").asDouble() : Double.NaN;
                double upper = raw ? e.path("raw_upper").asDouble() : Double.NaN;
                rows.add(
                    new StudyRow(
                        seed,
                        policy.path("name").asText(),
                        entry.getKey(),
                        valid,
                        valid ? null : e.path("reason").asText(null),
                        e.path("raw_value").asDouble(Double.NaN),
                        lower,
                        upper,
                        mean,
                        error,
                        interval ? TruthCoverage.covers(lower, upper, mean, error) : null,
                        raw ? TruthCoverage.covers(lower, upper, mean, error) : null,
                        policy.path("ess").asDouble(Double.NaN)));
              });
    }
    return rows;
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static void delete(FileSystem fs, Path folder) {
    try {
      fs.delete(folder, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + folder, e);
    }
  }
}
