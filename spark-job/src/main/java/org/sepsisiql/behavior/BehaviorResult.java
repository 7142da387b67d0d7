package org.sepsisiql.behavior;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sepsisiql.run.StageResult;

/**
 * What the behavior stage found: the regularization search, per-split fit quality of the stored
 * (floored) probabilities, the test reliability table and ECE, and the action frequencies. Written
 * to {@code behavior/report.json} by {@link BehaviorReportWriter}.
 *
 * @param chosen the candidate with the lowest validation log-loss
 * @param candidates every candidate in the configured order
 * @param splits metrics per split, in train, val, test order
 * @param reliability the test reliability table, one entry per calibration bin
 * @param testEce expected calibration error on test
 * @param actionCounts transitions per action (index 0..8) per split
 */
public record BehaviorResult(
    BehaviorSettings settings,
    Candidate chosen,
    List<Candidate> candidates,
    Map<String, SplitMetrics> splits,
    List<Calibration.Bin> reliability,
    double testEce,
    Map<String, List<Long>> actionCounts)
    implements StageResult {
  /** One point of the regularization grid. */
  public record Candidate(double regParam, double validationLogLoss, int iterations) {}

  /**
   * Fit quality of the stored probabilities on one split.
   *
   * @param logLoss mean of {@code -ln pi_b_taken}
   * @param accuracy share of transitions whose most probable action is the taken one
   * @param takenFloored transitions whose taken action's model probability was below the floor
   */
  public record SplitMetrics(
      long transitions, double logLoss, double accuracy, long takenFloored) {}

  public BehaviorResult {
    candidates = List.copyOf(candidates);
    splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    reliability = List.copyOf(reliability);
    actionCounts = Collections.unmodifiableMap(new LinkedHashMap<>(actionCounts));
  }

  public SplitMetrics test() {
    return splits.get("test");
  }

  /** Transitions whose taken action needed the floor, over all splits. */
  public long takenFloored() {
    return splits.values().stream().mapToLong(SplitMetrics::takenFloored).sum();
  }

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    splits.forEach((split, metrics) -> counts.put(split + " transitions", metrics.transitions()));
    counts.put("taken action floored", takenFloored());
    counts.put("chosen regParam", chosen.regParam());
    counts.put("test log-loss", round(test().logLoss()));
    counts.put("test accuracy", round(test().accuracy()));
    counts.put("test ECE", round(testEce));
    return counts;
  }

  private static double round(double value) {
    return Math.round(value * 1e5) / 1e5;
  }
}
