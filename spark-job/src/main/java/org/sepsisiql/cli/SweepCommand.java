package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.sweep.SweepStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sweep}: the seed's next steps and a configured grid, selected on validation. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description =
        "Trains the configurations the seed's rules call for on a complete run (auxiliary weight"
            + " 0.2 at 2 of 3 clinical tests, entropy weight 0.5 below 7 actions, expectile 0.8 and"
            + " hidden sizes [512, 512, 256] below a test WDR of 6) and those of"
            + " sepsis-iql.sweep.grid, evaluates each like the evaluate stage, selects the one"
            + " with the highest valid validation WDR and writes <run>/sweep/.")
final class SweepCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    return common.run(Map.of(), SweepStage::from, SweepCommand::execute);
  }

  static void execute(RunContext run) {
    SweepStage.Result result =
        SweepStage.from(run.config()).run(run, null, line -> Console.step("%s", line));
    Console.done(run.folder(), SweepStage.STAGE, result.counts());
    System.out.print(result.summary());
    Console.step(
        "the report shows the sweep once rendered again: deploy/local/sepsis-iql run --run-id %s",
        run.folder().runId());
  }
}
