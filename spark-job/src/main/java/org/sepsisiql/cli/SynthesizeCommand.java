package org.sepsisiql.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sepsisiql.config.SynthesizeSettings;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.StageResult;
import org.sepsisiql.sim.SimulatorMarker;
import org.sepsisiql.sim.SimulatorSettings;
import org.sepsisiql.sim.SyntheticCohortWriter;
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
  static final String STAGE = "extracts";

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

  /** The writer's counts, in the order they are printed and recorded. */
  record SynthesizeResult(SyntheticCohortWriter.Result written) implements StageResult {
    @Override
    public Map<String, Object> counts() {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("stays", written.stays());
      counts.put("patients", written.patients());
      written.rowsPerDataset().entrySet().stream()
          .filter(entry -> !entry.getKey().equals("stays"))
          .forEach(entry -> counts.put(entry.getKey() + " rows", entry.getValue()));
      return counts;
    }
  }

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
        PipelineStep.SYNTHESIZE.output(),
        options,
        SynthesizeCommand::validate,
        SynthesizeCommand::execute);
  }

  /** Checks the settings this stage reads, before anything starts. */
  static void validate(Config config) {
    SynthesizeSettings.from(config);
    SimulatorSettings.from(config);
  }

  /** Writes the synthetic extracts into the run (used by this command and by {@code run}). */
  static SynthesizeResult execute(RunContext run) {
    SynthesizeSettings synthesize = SynthesizeSettings.from(run.config());
    SimulatorSettings simulator = SimulatorSettings.from(run.config());
    run.checkCanWrite(STAGE);
    Console.step(
        "synthesize: %,d stays into %s", synthesize.stays(), run.folder().stagePath(STAGE));
    SynthesizeResult result =
        run.runStage(
            STAGE,
            List.of("simulator"),
            write -> {
              SyntheticCohortWriter.Result written =
                  SyntheticCohortWriter.write(
                      run.spark(),
                      simulator,
                      synthesize.stays(),
                      run.seed(),
                      write.temporaryPath());
              write.writeText(
                  SIMULATOR_MARKER, SimulatorMarker.json(run.seed(), synthesize.stays()));
              return new SynthesizeResult(written);
            });
    Console.done(run.folder(), STAGE, result.counts());
    return result;
  }
}
