package org.sepsisiql.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.train.TrainStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: learns the IQL agent from a run's trajectories and writes {@code <run>/model}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains the IQL multi-task agent on <run>/trajectories; writes <run>/model.")
final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--trainer",
      paramLabel = "KIND",
      description =
          "local (one JVM, exact per-minibatch IQL) or spark (rounds of parameter averaging).")
  String trainer;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Trajectories folder; default: <run>/trajectories.")
  String input;

  @Option(names = "--resume", description = "Continue a killed run from its last checkpoint.")
  boolean resume;

  @Override
  public Integer call() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (trainer != null) {
      overrides.put("sepsis-iql.train.trainer", trainer);
    }
    return common.runStage(
        PipelineStage.TRAIN.folder(),
        overrides,
        TrainStage::from,
        run -> execute(run, input, resume));
  }

  /** Trains on the run's trajectories, or on {@code input} when given. */
  static TrainStage.Result execute(RunContext context, String input, boolean resume) {
    String trajectories =
        input != null
            ? input
            : context.folder().stagePath(PipelineStage.COHORT.folder()).toString();
    Console.step(
        "train: %s trainer on %s",
        context.config().getString("sepsis-iql.train.trainer"), trajectories);
    TrainStage.Result result =
        TrainStage.from(context.config())
            .run(
                context,
                new TrainStage.Inputs(trajectories, resume),
                line -> Console.step("%s", line));
    Console.done(context.folder(), TrainStage.STAGE, result.counts());
    return result;
  }
}
