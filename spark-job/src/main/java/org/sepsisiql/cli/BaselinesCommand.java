package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.baselines.BaselineSettings;
import org.sepsisiql.baselines.BaselinesStage;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baselines}: trains the seed's earlier models, which evaluate compares with IQL. */
@Command(
    name = "baselines",
    mixinStandardHelpOptions = true,
    description =
        "Trains the seed's baselines that sepsis-iql.baselines.models lists (fitted Q iteration"
            + " with a linear or a boosted-trees regression) on <run>/trajectories; writes"
            + " <run>/baselines/. The evaluate stage evaluates them beside IQL.")
final class BaselinesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Trajectories folder; default <output>/<run-id>/trajectories.")
  String input;

  @Override
  public Integer call() {
    return common.runStage(
        PipelineStage.BASELINES.folder(),
        Map.of(),
        BaselinesStage::from,
        run -> execute(run, input));
  }

  /** Trains the configured baselines on the run's trajectories, or on {@code input}. */
  static BaselinesStage.Result execute(RunContext run, String input) {
    String trajectories =
        input != null ? input : run.folder().stagePath(PipelineStage.COHORT.folder()).toString();
    var models = BaselineSettings.from(run.config()).models();
    Console.step(
        "baselines: %s",
        models.isEmpty()
            ? "none configured (sepsis-iql.baselines.models)"
            : String.join(", ", models.stream().map(m -> m.key()).toList()));
    BaselinesStage.Result result =
        BaselinesStage.from(run.config())
            .run(run, new BaselinesStage.Inputs(trajectories), line -> Console.step("%s", line));
    Console.done(run.folder(), PipelineStage.BASELINES.folder(), result.counts());
    return result;
  }
}
