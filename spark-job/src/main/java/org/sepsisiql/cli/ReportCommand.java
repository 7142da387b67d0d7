package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.report.ReportSettings;
import org.sepsisiql.report.ReportStage;
import org.sepsisiql.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code report}: renders the run's HTML report from the evaluation and training outputs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Writes <run>/report/index.html (a self-contained page: summary table, learning curves,"
            + " estimates with intervals, action heatmaps, sweeps, calibration, effective sample"
            + " size, clinical tests, hazards) and <run>/report/metrics.json.")
final class ReportCommand implements Callable<Integer> {
  static final String STAGE = ReportStage.STAGE;

  @Mixin CommonOptions common;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Evaluation folder holding metrics.json; default <output>/<run-id>/evaluation.")
  String input;

  @Override
  public Integer call() {
    return common.runStage(
        PipelineStep.REPORT.output(), Map.of(), ReportSettings::from, run -> execute(run, input));
  }

  /** Renders the report of the run, from {@code input}'s metrics.json when given. */
  static ReportStage.Result execute(RunContext run, String input) {
    ReportStage.Result result =
        ReportStage.run(run, new ReportStage.Options(input), line -> Console.step("%s", line));
    Console.done(run.folder(), STAGE, result.counts());
    Console.step("report: %s", result.index());
    return result;
  }
}
