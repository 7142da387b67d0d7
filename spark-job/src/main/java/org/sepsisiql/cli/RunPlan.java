package org.sepsisiql.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code run} does with each stage, decided before any work: a stage is skipped when the user
 * gave extracts ({@code synthesize} with {@code --input}) or when its output is complete and
 * current; otherwise it runs, with the reason when it was stale, and so does every later stage (its
 * inputs are about to change). {@code --from STAGE} and {@code --overwrite} make stages run from
 * that stage (from the first) on.
 */
final class RunPlan {
  /** One stage's fate and, for a stale stage, why it reruns. */
  record Step(PipelineStep stage, Action action, String reason) {}

  enum Action {
    /** {@code synthesize} when the user gave extracts. */
    SKIP_INPUT,
    /** Complete and current. */
    SKIP_CURRENT,
    RUN
  }

  /** A stage's output as found: complete or not and, when complete, why it is stale (or null). */
  record Found(boolean complete, String stale) {}

  private RunPlan() {}

  /**
   * @param from the first stage to rerun ({@code --from}), or null
   * @param withInput whether the user gave extracts ({@code --input})
   * @param overwrite whether every stage reruns ({@code --overwrite})
   * @param found what is on disk for a stage's output folder
   */
  static List<Step> of(
      PipelineStep from, boolean withInput, boolean overwrite, Function<String, Found> found) {
    List<Step> plan = new ArrayList<>();
    boolean rerunning = overwrite;
    for (PipelineStep stage : PipelineStep.values()) {
      rerunning |= stage == from;
      if (stage == PipelineStep.SYNTHESIZE && withInput) {
        plan.add(new Step(stage, Action.SKIP_INPUT, null));
        continue;
      }
      if (!rerunning) {
        Found output = found.apply(stage.output());
        if (output.complete() && output.stale() == null) {
          plan.add(new Step(stage, Action.SKIP_CURRENT, null));
          continue;
        }
        plan.add(new Step(stage, Action.RUN, output.complete() ? output.stale() : null));
      } else {
        plan.add(new Step(stage, Action.RUN, null));
      }
      rerunning = true;
    }
    return plan;
  }
}
