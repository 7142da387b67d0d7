package org.sepsisiql.behavior;

import com.typesafe.config.Config;
import java.util.List;
import java.util.function.Consumer;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;

/**
 * The behavior stage: fits the clinicians' policy on a cohort's trajectories ({@link BehaviorFit})
 * and commits {@code <run>/behavior/}: probabilities for every transition, the model, {@code
 * report.json} and {@code summary.txt} (BEHAVIOR.md).
 */
public final class BehaviorStage implements Stage<BehaviorStage.Inputs, BehaviorResult> {
  private final BehaviorSettings settings;

  private BehaviorStage(BehaviorSettings settings) {
    this.settings = settings;
  }

  /** Reads and checks {@code sepsis-iql.behavior}. */
  public static BehaviorStage from(Config config) {
    return new BehaviorStage(BehaviorSettings.from(config));
  }

  /**
   * @param trajectories the cohort stage's folder
   */
  public record Inputs(String trajectories) {}

  @Override
  public PipelineStage id() {
    return PipelineStage.BEHAVIOR;
  }

  @Override
  public BehaviorResult run(RunContext run, Inputs inputs, Consumer<String> progress) {
    String folder = id().folder();
    run.checkCanWrite(folder);
    progress.accept("behavior: reading " + inputs.trajectories());
    return run.runStage(
        folder,
        List.of(inputs.trajectories()),
        write ->
            new BehaviorFit(run.spark(), settings, progress)
                .run(inputs.trajectories(), write.temporaryPath()));
  }
}
