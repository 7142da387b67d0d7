package org.sepsisiql.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.study.OpeStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ope-study}: how well the estimators cover the truth, over fresh simulator seeds. */
@Command(
    name = "ope-study",
    mixinStandardHelpOptions = true,
    description =
        "Measures the off-policy estimators against the simulator's truth: for N fresh seeds it"
            + " synthesizes a cohort, builds trajectories with the run's normalization, fits the"
            + " behavior model and evaluates the run's learned policy and every fixed candidate."
            + " Prints mean error, RMSE, coverage of the 95 percent intervals, share withheld and"
            + " mean ESS per policy and estimator; writes <run>/ope-study/.")
final class OpeStudyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      required = true,
      description = "Number of fresh simulator seeds (at least 1).")
  int seeds;

  @Option(
      names = "--stays",
      paramLabel = "S",
      description = "Stays per seed; default: the run's own cohort size (extracts/simulator.json).")
  Long stays;

  @Option(
      names = "--keep-seeds",
      description = "Keep every seed's sub-run under <run>/ope-study-seeds/ (removed by default).")
  boolean keepSeeds;

  @Override
  public Integer call() {
    OpeStudy.Options.check(seeds, stays);
    return common.run(Map.of(), config -> {}, this::execute);
  }

  private void execute(RunContext run) {
    OpeStudy.requireStudiable(run);
    long perSeed = stays != null ? stays : OpeStudy.cohortSize(run);
    Console.step("ope-study: run %s, %d seeds of %,d stays", run.folder().runId(), seeds, perSeed);
    OpeStudy.Result result =
        OpeStudy.from(run.config())
            .run(
                run,
                new OpeStudy.Options(seeds, perSeed, keepSeeds),
                line -> Console.step("%s", line));
    Console.done(run.folder(), OpeStudy.STAGE, result.counts());
    System.out.print(result.table().render());
  }
}
