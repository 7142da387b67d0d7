package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.behavior.BehaviorResult;
import org.sepsisiql.behavior.BehaviorStage;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code behavior}: fits the clinicians' policy pi_b and stores it for every transition. */
@Command(
    name = "behavior",
    mixinStandardHelpOptions = true,
    description =
        "Fits the behavior policy pi_b(a|s) (multinomial logistic regression, regularization "
            + "chosen on validation) and writes <run>/behavior/: probabilities for every "
            + "transition, the model, report.json and summary.txt.")
final class BehaviorCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Trajectories folder; default <output>/<run-id>/trajectories.")
  String input;

  @Override
  public Integer call() {
    return common.runStage(
        PipelineStage.BEHAVIOR.folder(), Map.of(), BehaviorStage::from, run -> execute(run, input));
  }

  /** Fits the behavior policy on the run's trajectories, or on {@code input} when given. */
  static BehaviorResult execute(RunContext run, String input) {
    BehaviorStage stage = BehaviorStage.from(run.config());
    String trajectories =
        input != null ? input : run.folder().stagePath(PipelineStage.COHORT.folder()).toString();
    BehaviorResult result =
        stage.run(run, new BehaviorStage.Inputs(trajectories), line -> Console.step("%s", line));
    Console.done(run.folder(), stage.id().folder(), result.counts());
    Console.step(
        "behavior on test: log-loss %.4f, accuracy %.4f, ECE %.4f",
        result.test().logLoss(), result.test().accuracy(), result.testEce());
    return result;
  }
}
