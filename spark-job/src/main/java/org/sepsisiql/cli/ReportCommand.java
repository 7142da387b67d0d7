package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.report.ReportStage;
import org.sepsisiql.run.PipelineStage;
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
  @Mixin CommonOptions common;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Evaluation folder holding metrics.json; default <output>/<run-id>/evaluation.")
  String input;

  @Override
  public Integer call() {
    return common.runStage(
        PipelineStage.REPORT.folder(), Map.of(), ReportStage::from, run -> execute(run, input));
  }

  /** Renders the report of the run, from {@code input}'s metrics.json when given. */
  static ReportStage.Result execute(RunContext run, String input) {
    ReportStage.Result result =
        ReportStage.from(run.config())
            .run(run, new ReportStage.Inputs(input), line -> Console.step("%s", line));
    Console.done(run.folder(), PipelineStage.REPORT.folder(), result.counts());
    Console.step("report: %s", result.index());
    return result;
  }
}
