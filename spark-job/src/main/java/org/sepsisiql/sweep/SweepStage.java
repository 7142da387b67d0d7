package org.sepsisiql.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.sepsisiql.evaluate.EvaluateStage;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StagePolicySources;
import org.sepsisiql.run.StageResult;
import org.sepsisiql.sweep.SweepSettings.Configuration;
import org.sepsisiql.train.TrainStage;

/**
 * {@code sweep}: trains the configurations of a {@link SweepPlan} on a complete run's trajectories,
 * evaluates each exactly as the evaluate stage does (beta chosen on validation, test estimates,
 * truth on simulated data), and selects the configuration whose learned policy has the highest
 * valid validation WDR; test and truth never take part in the choice.
 *
 * <p>Each configuration other than {@code base} is a run of its own under {@code
 * <run>/sweep-runs/<name>/} (its {@code model/} and {@code evaluation/}, with a copy of the run's
 * {@code behavior/} and simulator marker), so a later sweep reuses every configuration whose
 * lineage is unchanged. The stage writes {@code <run>/sweep/}: {@code configurations/} (Parquet,
 * one row per configuration, {@link SweepRow#SCHEMA}) and {@code summary.txt}. Configurations train
 * {@code sweep.parallel-configurations} at a time, each in its own driver thread sharing the run's
 * Spark session (with {@code train.trainer = spark} their rounds share the executors), then are
 * evaluated one after another.
 */
public final class SweepStage implements Stage<Void, SweepStage.Result> {
  public static final String STAGE = PipelineStage.SWEEP.folder();
  public static final String RUNS = "sweep-runs";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NEEDED =
      List.of(
          PipelineStage.COHORT.folder(),
          PipelineStage.BEHAVIOR.folder(),
          PipelineStage.TRAIN.folder(),
          PipelineStage.EVALUATE.folder());

  private final SweepSettings settings;

  private SweepStage(SweepSettings settings) {
    this.settings = settings;
  }

  /** Reads and checks {@code sepsis-iql.sweep}. */
  public static SweepStage from(Config config) {
    return new SweepStage(SweepSettings.from(config));
  }

  @Override
  public PipelineStage id() {
    return PipelineStage.SWEEP;
  }

  /** Counts for run.json and the console. */
  public record Result(int configurations, int trained, String selected, String summary)
      implements StageResult {
    @Override
    public Map<String, Object> counts() {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("configurations", configurations);
      counts.put("trained", trained);
      counts.put("selected", selected);
      return counts;
    }
  }

  /** Sweeps the run's own complete stages; it takes no other inputs. */
  @Override
  public Result run(RunContext run, Void inputs, Consumer<String> progress) {
    for (String stage : NEEDED) {
      String problem =
          run.folder().isComplete(stage) ? run.staleness(stage) : "it is missing or incomplete";
      if (problem != null) {
        throw new IllegalArgumentException(
            "sweep: the "
                + stage
                + " of run "
                + run.folder().runId()
                + " cannot be used ("
                + problem
                + "); run `run --run-id "
                + run.folder().runId()
                + "` first");
      }
    }
    JsonNode metrics = readJson(run, PipelineStage.EVALUATE.folder() + "/metrics.json");
    List<Configuration> plan = SweepPlan.of(settings, SweepRow.learnedRow(metrics));
    run.checkCanWrite(STAGE);
    progress.accept(
        "sweep: "
            + plan.size()
            + " configurations: "
            + String.join(", ", plan.stream().map(Configuration::name).toList()));
    List<String> inputPaths = new ArrayList<>();
    for (String stage : NEEDED) {
      inputPaths.add(run.folder().stagePath(stage).toString());
    }
    return run.runStage(
        STAGE,
        inputPaths,
        write -> {
          List<SweepRow> rows = new ArrayList<>();
          int trained = 0;
          Map<String, RunContext> children =
              trainAll(run, plan, settings.parallelConfigurations(), progress);
          for (Configuration configuration : plan) {
            JsonNode evaluated = metrics;
            RunContext child = children.get(configuration.name());
            if (child != null) {
              evaluated = evaluate(run, child, configuration, progress);
              trained++;
            }
            SweepRow row = SweepRow.of(configuration, evaluated);
            rows.add(row);
            progress.accept("sweep: " + configuration.name() + ": " + SweepTable.line(row));
          }
          int selected = SweepTable.selected(rows);
          List<Row> table = new ArrayList<>();
          for (int i = 0; i < rows.size(); i++) {
            table.add(rows.get(i).toRow(i == selected));
          }
          run.spark()
              .createDataFrame(table, SweepRow.SCHEMA)
              .coalesce(1)
              .write()
              .parquet(write.temporaryPath("configurations"));
          String summary = SweepTable.render(rows, selected);
          write.writeText("summary.txt", summary);
          return new Result(
              rows.size(), trained, rows.get(selected).configuration().name(), summary);
        });
  }

  /**
   * Trains every configuration but {@code base} in its own run folder (reusing a model whose
   * lineage is current), {@code parallel} at a time, each in its own thread; the first failure
   * stops the sweep. Returns the children's contexts by configuration name.
   */
  private static Map<String, RunContext> trainAll(
      RunContext run, List<Configuration> plan, int parallel, Consumer<String> progress) {
    Map<String, RunContext> children = new LinkedHashMap<>();
    List<Callable<Void>> trainings = new ArrayList<>();
    for (Configuration configuration : plan) {
      progress.accept("sweep: " + configuration.name() + " (" + configuration.describe() + ")");
      if (configuration.name().equals(SweepPlan.BASE)) {
        continue;
      }
      RunContext child = RunContext.open(childConfig(run, configuration), true, Clock.systemUTC());
      children.put(configuration.name(), child);
      trainings.add(
          () -> {
            train(run, child, configuration, progress);
            return null;
          });
    }
    if (parallel > 1 && trainings.size() > 1) {
      progress.accept(
          "sweep: training " + Math.min(parallel, trainings.size()) + " configurations at a time");
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallel, trainings.size())),
            task -> {
              Thread thread = new Thread(task, "sweep-training");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Void>> pending = new ArrayList<>();
      for (Callable<Void> training : trainings) {
        pending.add(pool.submit(training));
      }
      for (Future<Void> training : pending) {
        training.get();
      }
    } catch (ExecutionException e) {
      pool.shutdownNow();
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("sweep: a configuration failed to train", cause);
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep: interrupted while training", e);
    } finally {
      pool.shutdown();
    }
    return children;
  }

  /** Trains one configuration in its folder unless its model is current. */
  private static void train(
      RunContext run, RunContext child, Configuration configuration, Consumer<String> progress) {
    FileSystem fs = run.folder().fileSystem();
    copyOnce(
        fs,
        run.folder().stagePath(PipelineStage.BEHAVIOR.folder()),
        child.folder().stagePath(PipelineStage.BEHAVIOR.folder()));
    copyOnce(
        fs,
        new Path(run.folder().root(), EvaluateStage.SIMULATOR_FILE),
        new Path(child.folder().root(), EvaluateStage.SIMULATOR_FILE));
    Consumer<String> indented = line -> progress.accept("  " + configuration.name() + ": " + line);
    if (isCurrent(child, "model")) {
      indented.accept("model complete and current, reused");
    } else {
      String trajectories = run.folder().stagePath(PipelineStage.COHORT.folder()).toString();
      TrainStage.from(child.config())
          .run(child, new TrainStage.Inputs(trajectories, false), indented);
    }
  }

  /** Evaluates one trained configuration as the evaluate stage does, unless it is current. */
  private static JsonNode evaluate(
      RunContext run, RunContext child, Configuration configuration, Consumer<String> progress) {
    Consumer<String> indented = line -> progress.accept("  " + configuration.name() + ": " + line);
    if (isCurrent(child, EvaluateStage.STAGE)) {
      indented.accept("evaluation complete and current, reused");
    } else {
      String trajectories = run.folder().stagePath(PipelineStage.COHORT.folder()).toString();
      EvaluateStage.from(child.config())
          .run(
              child,
              new EvaluateStage.Inputs(trajectories, null, StagePolicySources.INSTANCE),
              indented);
    }
    return readJson(child, PipelineStage.EVALUATE.folder() + "/metrics.json");
  }

  private static boolean isCurrent(RunContext run, String stage) {
    return run.folder().isComplete(stage) && run.staleness(stage) == null;
  }

  /** The run's configuration with the configuration's settings, in {@code <run>/sweep-runs}. */
  static Config childConfig(RunContext run, Configuration configuration) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    configuration.settings().forEach((key, value) -> overrides.put("sepsis-iql." + key, value));
    Config config = ConfigFactory.empty();
    for (Map.Entry<String, Object> entry : overrides.entrySet()) {
      config = config.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef(entry.getValue()));
    }
    return config
        .withValue(
            "sepsis-iql.output",
            ConfigValueFactory.fromAnyRef(new Path(run.folder().root(), RUNS).toString()))
        .withValue("sepsis-iql.run-id", ConfigValueFactory.fromAnyRef(configuration.name()))
        .withFallback(run.config())
        .resolve();
  }

  private static void copyOnce(FileSystem fs, Path from, Path to) {
    try {
      if (fs.exists(from) && !fs.exists(to)) {
        FileUtil.copy(fs, from, fs, to, false, fs.getConf());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  private static JsonNode readJson(RunContext run, String relative) {
    String text = run.folder().readText(relative);
    if (text == null) {
      throw new IllegalArgumentException(
          "sweep: " + run.folder().root() + "/" + relative + " is missing");
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "sweep: " + run.folder().root() + "/" + relative + " is not valid JSON", e);
    }
  }
}
