package org.sepsisiql.cli;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.run.CurrentSummary;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code run}: the whole pipeline in one Spark session, stage after stage. A stage whose output is
 * complete ({@code _SUCCESS}) and current (its inputs and settings unchanged since it was written,
 * {@link org.sepsisiql.run.StageLineage}) is skipped, so a failed run continues where it stopped; a
 * stale one reruns, with the reason printed. {@code --from STAGE} reruns from that stage on, and
 * once a stage reruns every later stage reruns too (its inputs changed). Without {@code --input}
 * the built-in synthetic cohort is generated first.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the whole pipeline: synthesize (unless --input is given), cohort, behavior, train,"
            + " baselines, evaluate, report, skipping stages whose output is already complete.")
final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Canonical extracts to start from (skips synthesize), e.g. from extract-mimic.")
  String input;

  @Option(
      names = "--from",
      paramLabel = "STAGE",
      description =
          "Rerun from this stage on: synthesize, cohort, behavior, train, baselines, evaluate,"
              + " report.")
  String from;

  @Option(
      names = "--baselines",
      paramLabel = "LIST",
      description =
          "The seed's baselines to train and evaluate beside IQL: all, none, or names such as"
              + " fqi-linear,double-dqn; sets sepsis-iql.baselines.models (default: fqi-linear).")
  String baselines;

  @Option(
      names = "--stays",
      paramLabel = "N",
      description = "Stays of the synthetic cohort; sets sepsis-iql.synthesize.stays.")
  Long stays;

  @Override
  public Integer call() {
    PipelineStep first = from == null ? null : PipelineStep.fromCommand(from);
    Map<String, String> options = new LinkedHashMap<>();
    if (stays != null) {
      options.put("sepsis-iql.synthesize.stays", Long.toString(stays));
    }
    if (baselines != null) {
      options.put("sepsis-iql.baselines.models", baselines);
    }
    Config config = common.load(options);
    for (PipelineStep step : PipelineStep.values()) {
      step.validate(config);
    }
    try (RunContext run = RunContext.open(config, true, Clock.systemUTC())) {
      Console.step("run %s in %s", run.folder().runId(), run.folder().root());
      Map<String, Double> seconds = runSteps(run, first);
      Console.step("stage times");
      seconds.forEach((stage, s) -> System.out.printf("    %-28s %8.1f s%n", stage, s));
      printSummary(run);
    }
    return 0;
  }

  private Map<String, Double> runSteps(RunContext run, PipelineStep first) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<RunPlan.Step> plan =
        RunPlan.of(
            first,
            input != null,
            common.overwrite,
            output ->
                run.folder().isComplete(output)
                    ? new RunPlan.Found(true, run.staleness(output))
                    : new RunPlan.Found(false, null));
    for (RunPlan.Step step : plan) {
      PipelineStep stage = step.stage();
      switch (step.action()) {
        case SKIP_INPUT -> Console.step("synthesize: skipped, starting from %s", input);
        case SKIP_CURRENT ->
            Console.step(
                "%s: complete, skipped (%s)",
                stage.command(), run.folder().stagePath(stage.output()));
        case RUN -> {
          if (step.reason() != null) {
            Console.step("%s: rerunning, %s", stage.command(), step.reason());
          }
          Instant started = Instant.now();
          stage.execute(run, input);
          seconds.put(
              stage.command(), Duration.between(started, Instant.now()).toMillis() / 1000.0);
        }
      }
    }
    return seconds;
  }

  /** Ends with what a reader wants first: the policies' table and where the report is. */
  private static void printSummary(RunContext run) {
    CurrentSummary summary = CurrentSummary.of(run);
    if (summary.withheldBecause() != null) {
      Console.step(
          "summary withheld: the evaluation in %s is not the current model's (%s); rerun evaluate",
          run.folder().stagePath(PipelineStage.EVALUATE.folder()), summary.withheldBecause());
    }
    String table = summary.table();
    if (table != null) {
      Console.step("summary (test split)");
      System.out.print(table.endsWith("\n") ? table : table + "\n");
    }
    if (run.folder().isComplete("report")) {
      Console.step("report: %s/report/index.html", run.folder().root());
    }
  }
}
