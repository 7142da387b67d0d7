package org.sepsisiql.cli;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.cohort.CohortResult;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.data.TrajectorySchema;
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
        "Builds 4-hour trajectories (41 features, 9 actions, reward) from canonical EHR extracts,"
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
    try (RunContext run =
        RunContext.open(common.load(Map.of()), common.overwrite, Clock.systemUTC())) {
      CohortStage stage = CohortStage.from(run.config());
      String extracts =
          input != null ? input : new Path(run.folder().root(), "extracts").toString();
      Console.step("cohort: reading extracts from %s", extracts);
      CohortResult result = stage.run(run, new CohortStage.Inputs(extracts));
      Console.done(run.folder(), CohortStage.NAME, result.counts());
      for (String split : TrajectorySchema.SPLITS) {
        Console.step(
            "%s: %,d stays, %,d transitions",
            split,
            result.staysBySplit().getOrDefault(split, 0L),
            result.transitionsBySplit().getOrDefault(split, 0L));
      }
      return 0;
    }
  }
}
