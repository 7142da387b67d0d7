package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.cohort.CohortResult;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.data.TrajectorySchema;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sepsis-iql cohort}: builds {@code <output>/<run-id>/trajectories/} from canonical extracts
 * (by default the run's own {@code extracts/}, as written by {@code synthesize}).
 */
@Command(
    name = "cohort",
    mixinStandardHelpOptions = true,
    description =
        "Builds 4-hour trajectories (43 features, 9 actions, reward) from canonical EHR extracts,"
            + " split by patient into train, val and test.")
final class CohortCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      paramLabel = "DIR",
      description =
          "Extracts folder (one sub-folder per dataset); default <output>/<run-id>/extracts.")
  String input;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    return common.runStage(
        PipelineStage.COHORT.folder(), Map.of(), CohortStage::from, run -> execute(run, input));
  }

  /** Builds the run's trajectories from {@code input}, or from the run's own extracts if null. */
  static CohortResult execute(RunContext run, String input) {
    CohortStage stage = CohortStage.from(run.config());
    String extracts =
        input != null
            ? input
            : run.folder().stagePath(PipelineStage.SYNTHESIZE.folder()).toString();
    CohortResult result =
        stage.run(run, new CohortStage.Inputs(extracts), line -> Console.step("%s", line));
    Console.done(run.folder(), stage.id().folder(), result.counts());
    for (String split : TrajectorySchema.SPLITS) {
      Console.step(
          "%s: %,d stays, %,d transitions",
          split,
          result.staysBySplit().getOrDefault(split, 0L),
          result.transitionsBySplit().getOrDefault(split, 0L));
    }
    return result;
  }
}
