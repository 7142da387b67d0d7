package org.sepsisiql.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.sim.SimulatorMarker;
import org.sepsisiql.sim.SynthesizeStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synthesize}: writes the built-in synthetic ICU cohort as canonical extracts. */
@Command(
    name = "synthesize",
    mixinStandardHelpOptions = true,
    description =
        "Generate the synthetic ICU cohort (DESIGN.md section 8) as Parquet extracts "
            + "in <output>/<run-id>/extracts/ (stays, measurements, fluids, vasopressors, "
            + "urine_output, infection).")
final class SynthesizeCommand implements Callable<Integer> {
  /**
   * Marks extracts that came from the simulator, with the seed and size that made them, so the
   * evaluate stage can compare its estimates with the simulator's ground truth.
   */
  public static final String SIMULATOR_MARKER = SimulatorMarker.FILE;

  @Mixin CommonOptions common;

  @Option(
      names = "--stays",
      paramLabel = "N",
      description = "Number of ICU stays; sets sepsis-iql.synthesize.stays (default 2000).")
  Long stays;

  @Option(names = "--seed", paramLabel = "SEED", description = "Run seed; sets sepsis-iql.seed.")
  Long seed;

  @Override
  public Integer call() {
    Map<String, String> options = new LinkedHashMap<>();
    if (stays != null) {
      options.put("sepsis-iql.synthesize.stays", Long.toString(stays));
    }
    if (seed != null) {
      options.put("sepsis-iql.seed", Long.toString(seed));
    }
    return common.runStage(
        PipelineStage.SYNTHESIZE.folder(),
        options,
        SynthesizeStage::from,
        SynthesizeCommand::execute);
  }

  /** Writes the synthetic extracts into the run (used by this command and by {@code run}). */
  static SynthesizeStage.Result execute(RunContext run) {
    SynthesizeStage stage = SynthesizeStage.from(run.config());
    SynthesizeStage.Result result = stage.run(run, null, line -> Console.step("%s", line));
    Console.done(run.folder(), stage.id().folder(), result.counts());
    return result;
  }
}
