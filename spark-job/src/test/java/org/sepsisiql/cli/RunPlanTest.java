package org.sepsisiql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sepsisiql.cli.RunPlan.Action;
import org.sepsisiql.cli.RunPlan.Found;

/**
 * {@code run}'s decisions over {@code --from}, {@code --input}, {@code --overwrite} and the stages
 * found on disk. The first version skipped {@code synthesize} for {@code --input} before applying
 * {@code --from synthesize}, so every complete later stage was skipped too.
 */
class RunPlanTest {
  private static final Found CURRENT = new Found(true, null);
  private static final Function<String, Found> ALL_CURRENT = output -> CURRENT;

  private static List<Action> actions(List<RunPlan.Step> plan) {
    return plan.stream().map(RunPlan.Step::action).toList();
  }

  private static final Action SKIP = Action.SKIP_CURRENT;
  private static final Action RUN = Action.RUN;

  @Test
  void completeAndCurrentStagesAreSkipped() {
    assertEquals(
        List.of(SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP),
        actions(RunPlan.of(null, false, false, ALL_CURRENT)));
  }

  @Test
  void fromSynthesizeWithInputRerunsEveryStageAfterIt() {
    assertEquals(
        List.of(Action.SKIP_INPUT, RUN, RUN, RUN, RUN, RUN, RUN),
        actions(RunPlan.of(PipelineStep.SYNTHESIZE, true, false, ALL_CURRENT)));
  }

  @Test
  void inputAloneSkipsSynthesizeAndKeepsCurrentStages() {
    assertEquals(
        List.of(Action.SKIP_INPUT, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP),
        actions(RunPlan.of(null, true, false, ALL_CURRENT)));
  }

  @Test
  void fromAStageRerunsItAndEveryLaterOne() {
    assertEquals(
        List.of(SKIP, SKIP, SKIP, RUN, RUN, RUN, RUN),
        actions(RunPlan.of(PipelineStep.TRAIN, false, false, ALL_CURRENT)));
  }

  @Test
  void aStaleStageRerunsWithItsReasonAndSoDoesEveryLaterOne() {
    Map<String, Found> found =
        Map.of("behavior", new Found(true, "its input output/r/trajectories changed"));
    List<RunPlan.Step> plan =
        RunPlan.of(null, false, false, output -> found.getOrDefault(output, CURRENT));
    assertEquals(List.of(SKIP, SKIP, RUN, RUN, RUN, RUN, RUN), actions(plan));
    assertEquals("its input output/r/trajectories changed", plan.get(2).reason());
    assertEquals(null, plan.get(3).reason(), "later stages run because an earlier one did");
  }

  @Test
  void anIncompleteStageRunsWithoutAReason() {
    List<RunPlan.Step> plan =
        RunPlan.of(
            null,
            false,
            false,
            output -> output.equals("model") ? new Found(false, null) : CURRENT);
    assertEquals(List.of(SKIP, SKIP, SKIP, RUN, RUN, RUN, RUN), actions(plan));
    assertEquals(null, plan.get(3).reason());
  }

  @Test
  void overwriteRunsEverything() {
    assertEquals(
        List.of(Action.SKIP_INPUT, RUN, RUN, RUN, RUN, RUN, RUN),
        actions(RunPlan.of(null, true, true, ALL_CURRENT)));
  }
}
