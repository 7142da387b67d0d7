package org.sepsisiql.cli;

import com.typesafe.config.Config;
import java.io.File;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.run.RunContext;
import picocli.CommandLine.Option;

/** Options every stage command shares: configuration, run folder, overwrite, verbosity. */
final class CommonOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "HOCON overlay on the defaults, e.g. conf/local.conf or conf/cluster.conf.")
  File conf;

  @Option(
      names = "-D",
      paramLabel = "KEY=VALUE",
      mapFallbackValue = "",
      description =
          "Override one setting, e.g. -Dsepsis-iql.seed=7 (repeatable; wins over --conf).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Root folder of runs (local path, hdfs:// or s3a://); sets sepsis-iql.output.")
  String output;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run folder under the output; default: a new run-YYYYMMDD-HHMMSS.")
  String runId;

  @Option(names = "--overwrite", description = "Replace this stage's output if it exists.")
  boolean overwrite;

  @Option(
      names = "--skip-complete",
      description =
          "For retried or cleared scheduler tasks: when this stage's output is complete and"
              + " current, say so and exit 0; a partial output of an earlier attempt is replaced;"
              + " a complete but stale one is an error (use --overwrite). run always does this.")
  boolean skipComplete;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  /** The effective configuration: defaults, overlay, then -D and the command's own options. */
  Config load(Map<String, String> commandOverrides) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    if (output != null) {
      all.put("sepsis-iql.output", output);
    }
    if (runId != null) {
      all.put("sepsis-iql.run-id", runId);
    }
    all.putAll(commandOverrides);
    return ConfigLoader.load(conf, all);
  }

  /**
   * The common shape of a stage command: load the configuration, validate the stage's settings
   * before anything starts, then run {@code body} on a fresh run context. Returns the exit code.
   */
  int run(
      Map<String, String> commandOverrides, Consumer<Config> validate, Consumer<RunContext> body) {
    if (skipComplete) {
      throw new IllegalArgumentException(
          "--skip-complete applies to the stage commands (synthesize, extract-mimic, cohort,"
              + " behavior, train, evaluate, report) and run");
    }
    return runStage(null, commandOverrides, validate, body);
  }

  /**
   * {@link #run} for a stage command that commits the run's sub-folder {@code output}: with {@code
   * --skip-complete}, a complete and current output ends the command before anything starts ({@link
   * RetriedStage}).
   */
  int runStage(
      String output,
      Map<String, String> commandOverrides,
      Consumer<Config> validate,
      Consumer<RunContext> body) {
    if (skipComplete && overwrite) {
      throw new IllegalArgumentException(
          "--skip-complete and --overwrite contradict each other: choose one");
    }
    Config config = load(commandOverrides);
    validate.accept(config);
    try (RunContext run = RunContext.open(config, overwrite, Clock.systemUTC())) {
      if (skipComplete && RetriedStage.isDone(run, output)) {
        return 0;
      }
      body.accept(run);
    }
    return 0;
  }
}
