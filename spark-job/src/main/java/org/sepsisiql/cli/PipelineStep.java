package org.sepsisiql.cli;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.sepsisiql.baselines.BaselineSettings;
import org.sepsisiql.behavior.BehaviorSettings;
import org.sepsisiql.cohort.CohortSettings;
import org.sepsisiql.evaluate.EvaluateSettings;
import org.sepsisiql.report.ReportSettings;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.StageResult;

/**
 * The stages of the whole pipeline in their order: the command that runs each, the folder it
 * commits in the run, how it validates its settings up front, and how it runs on a shared {@link
 * RunContext}. {@code input} is the user's extracts folder (only the first two steps read it).
 */
enum PipelineStep {
  SYNTHESIZE(
      "synthesize",
      "extracts",
      SynthesizeCommand::validate,
      (run, input) -> SynthesizeCommand.execute(run)),
  COHORT("cohort", "trajectories", CohortSettings::from, CohortCommand::execute),
  BEHAVIOR(
      "behavior",
      "behavior",
      BehaviorSettings::from,
      (run, input) -> BehaviorCommand.execute(run, null)),
  TRAIN(
      "train",
      "model",
      TrainCommand::validate,
      (run, input) -> TrainCommand.execute(run, null, false)),
  BASELINES(
      "baselines",
      BaselinesCommand.STAGE,
      BaselineSettings::from,
      (run, input) -> BaselinesCommand.execute(run, null)),
  EVALUATE(
      "evaluate",
      "evaluation",
      EvaluateSettings::from,
      (run, input) -> EvaluateCommand.execute(run, null)),
  REPORT(
      "report", "report", ReportSettings::from, (run, input) -> ReportCommand.execute(run, null));

  private final String command;
  private final String output;
  private final Consumer<Config> validator;
  private final BiFunction<RunContext, String, ? extends StageResult> body;

  PipelineStep(
      String command,
      String output,
      Consumer<Config> validator,
      BiFunction<RunContext, String, ? extends StageResult> body) {
    this.command = command;
    this.output = output;
    this.validator = validator;
    this.body = body;
  }

  String command() {
    return command;
  }

  /** The run's sub-folder this step commits. */
  String output() {
    return output;
  }

  void validate(Config config) {
    validator.accept(config);
  }

  StageResult execute(RunContext run, String input) {
    return body.apply(run, input);
  }

  /** The step a command name denotes, for {@code --from}. */
  static PipelineStep fromCommand(String command) {
    return Arrays.stream(values())
        .filter(step -> step.command.equals(command))
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
