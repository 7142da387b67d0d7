package org.sepsisiql.sim;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sepsisiql.config.SynthesizeSettings;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StageResult;

/**
 * The synthesize stage: writes the built-in synthetic ICU cohort (DESIGN.md section 8) as canonical
 * extracts into {@code <run>/extracts/}, with {@link SimulatorMarker#FILE} naming the seed and size
 * that made them (the evaluate stage's ground truth). It reads nothing: its inputs are {@code
 * Void}.
 */
public final class SynthesizeStage implements Stage<Void, SynthesizeStage.Result> {
  private final SynthesizeSettings synthesize;
  private final SimulatorSettings simulator;

  private SynthesizeStage(SynthesizeSettings synthesize, SimulatorSettings simulator) {
    this.synthesize = synthesize;
    this.simulator = simulator;
  }

  /** Reads and checks {@code sepsis-iql.synthesize} and {@code sepsis-iql.simulator}. */
  public static SynthesizeStage from(Config config) {
    return new SynthesizeStage(SynthesizeSettings.from(config), SimulatorSettings.from(config));
  }

  /** The writer's counts, in the order they are printed and recorded. */
  public record Result(SyntheticCohortWriter.Result written) implements StageResult {
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
  public PipelineStage id() {
    return PipelineStage.SYNTHESIZE;
  }

  @Override
  public Result run(RunContext run, Void inputs, Consumer<String> progress) {
    String folder = id().folder();
    run.checkCanWrite(folder);
    progress.accept(
        String.format(
            "synthesize: %,d stays into %s", synthesize.stays(), run.folder().stagePath(folder)));
    return run.runStage(
        folder,
        List.of("simulator"),
        write -> {
          SyntheticCohortWriter.Result written =
              SyntheticCohortWriter.write(
                  run.spark(), simulator, synthesize.stays(), run.seed(), write.temporaryPath());
          write.writeText(
              SimulatorMarker.FILE, SimulatorMarker.json(run.seed(), synthesize.stays()));
          return new Result(written);
        });
  }
}
