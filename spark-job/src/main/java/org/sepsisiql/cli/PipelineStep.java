package org.sepsisiql.cli;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.sepsisiql.baselines.BaselinesStage;
import org.sepsisiql.behavior.BehaviorStage;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.evaluate.EvaluateStage;
import org.sepsisiql.report.ReportStage;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.run.StageResult;
import org.sepsisiql.sim.SynthesizeStage;
import org.sepsisiql.train.TrainStage;

/**
 * How {@code run} runs each stage of {@link PipelineStage#inRun()}, in that order: the command body
 * that runs it on a shared {@link RunContext} (with its console lines) and how it validates its
 * settings up front (building the stage from the configuration). {@code input} is the user's
 * extracts folder (only the first two steps read it). The order and the folders live in {@link
 * PipelineStage}.
 */
enum PipelineStep {
  SYNTHESIZE(
      PipelineStage.SYNTHESIZE,
      SynthesizeStage::from,
      (run, input) -> SynthesizeCommand.execute(run)),
  COHORT(PipelineStage.COHORT, CohortStage::from, CohortCommand::execute),
  BEHAVIOR(
      PipelineStage.BEHAVIOR,
      BehaviorStage::from,
      (run, input) -> BehaviorCommand.execute(run, null)),
  TRAIN(
      PipelineStage.TRAIN,
      TrainStage::from,
      (run, input) -> TrainCommand.execute(run, null, false)),
  BASELINES(
      PipelineStage.BASELINES,
      BaselinesStage::from,
      (run, input) -> BaselinesCommand.execute(run, null)),
  EVALUATE(
      PipelineStage.EVALUATE,
      EvaluateStage::from,
      (run, input) -> EvaluateCommand.execute(run, null)),
  REPORT(PipelineStage.REPORT, ReportStage::from, (run, input) -> ReportCommand.execute(run, null));

  private final PipelineStage stage;
  private final Function<Config, ? extends Stage<?, ?>> validator;
  private final BiFunction<RunContext, String, ? extends StageResult> body;

  PipelineStep(
      PipelineStage stage,
      Function<Config, ? extends Stage<?, ?>> validator,
      BiFunction<RunContext, String, ? extends StageResult> body) {
    this.stage = stage;
    this.validator = validator;
    this.body = body;
  }

  String command() {
    return stage.command();
  }

  /** The run's sub-folder this step commits. */
  String output() {
    return stage.folder();
  }

  /** Builds the stage from {@code config}, which reads and checks its settings. */
  void validate(Config config) {
    validator.apply(config);
  }

  StageResult execute(RunContext run, String input) {
    return body.apply(run, input);
  }

  /** The step a command name denotes, for {@code --from}. */
  static PipelineStep fromCommand(String command) {
    return Arrays.stream(values())
        .filter(step -> step.command().equals(command))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--from must be one of "
                        + Arrays.stream(values()).map(PipelineStep::command).toList()
                        + ", cannot be: "
                        + command));
  }
}
