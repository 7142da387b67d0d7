package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.evaluate.EvaluateStage;
import org.sepsisiql.evaluate.EvaluationResult;
import org.sepsisiql.evaluate.SummaryTable;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.StagePolicySources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: off-policy and clinical evaluation of the learned policy and baselines. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates the learned policy beside the clinicians (on-policy), the fitted behavior model, random, no treatment, the most "
            + "frequent action and behavior cloning on the test split (WDR, WIS, PDWIS, DR, DM "
            + "with 95%% bootstrap intervals; clinical tests; hazards; true values when the data "
            + "came from the simulator) and writes <run>/evaluation/.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Trajectories folder; default <output>/<run-id>/trajectories.")
  String input;

  @Override
  public Integer call() {
    return common.runStage(
        PipelineStage.EVALUATE.folder(), Map.of(), EvaluateStage::from, run -> execute(run, input));
  }

  /** Evaluates the run's model on its trajectories, or on {@code input} when given. */
  static EvaluationResult execute(RunContext run, String input) {
    Console.step("evaluate: run %s", run.folder().runId());
    EvaluationResult result =
        EvaluateStage.from(run.config())
            .run(
                run,
                new EvaluateStage.Inputs(input, null, StagePolicySources.INSTANCE),
                line -> Console.step("%s", line));
    Console.done(run.folder(), PipelineStage.EVALUATE.folder(), result.counts());
    System.out.print(SummaryTable.render(result.summary()));
    return result;
  }
}
