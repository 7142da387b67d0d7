package org.sepsisiql.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sepsisiql.run.StageResult;

/**
 * What the evaluate stage reports to {@code run.json} and the console.
 *
 * @param testTrajectories test stays evaluated
 * @param testTransitions test transitions evaluated
 * @param flooredTakenActions test transitions whose pi_b of the taken action was floored
 * @param groundTruth whether true values were measured in the simulator
 * @param summary one row per policy, as in {@code metrics.json}'s {@code summary_table}
 */
public record EvaluationResult(
    long testTrajectories,
    long testTransitions,
    long flooredTakenActions,
    boolean groundTruth,
    List<SummaryRow> summary)
    implements StageResult {
  @Override
  public Map<String, String> environment() {
    return org.sepsisiql.agent.Nd4jBackend.environment();
  }

  /** One policy's headline figures. */
  public record SummaryRow(
      String model,
      Double wdr,
      Double wdrLower,
      Double wdrUpper,
      boolean wdrValid,
      String wdrReason,
      String wdrFlag,
      Double trueValue,
      Double trueValueError,
      Double trueDifference,
      Double trueDifferenceError,
      int clinicalTestsPassed,
      int clinicalTests,
      int actionsUsed,
      double agreement) {}

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("policies", summary.size());
    counts.put("test trajectories", testTrajectories);
    counts.put("test transitions", testTransitions);
    counts.put("floored taken actions", flooredTakenActions);
    counts.put("ground truth", groundTruth);
    return counts;
  }
}
