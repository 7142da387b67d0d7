package org.sepsisiql.ope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight tail of {@link SparkOpeEstimator#weightTail} (Pareto k-hat of the final trajectory
 * ratios and the per-decision ESS) for transitions held on the driver: the beta selection checks
 * many candidate policies against the same few thousand validation transitions, and a Spark query
 * per candidate costs about a second of planning and scheduling for milliseconds of arithmetic. The
 * same log ratios (pi_b of the taken action floored by {@code pi-b-floor}, each ratio capped by
 * {@code ratio-clip}), the same folds ({@link ImportanceWeightGrid#local}) and the same k-hat;
 * {@code SparkOpeEstimatorTest} holds the two to 1e-9. Input checks are those of {@link
 * OpeInputValidator} that concern the weights, with the same one-line errors.
 */
public final class LocalWeightTail {
  /** One transition: its stay, step (0..T-1 per stay), taken action and pi_b of the 9 actions. */
  public record Step(long stayId, int step, int action, double[] piB) {}

  private LocalWeightTail() {}

  /**
   * @param steps the transitions, in any order
   * @param piE pi_e of each transition's state, in the order of {@code steps}
   */
  public static SparkOpeEstimator.WeightTail of(
      List<Step> steps, double[][] piE, OpeSettings settings) {
    if (steps.isEmpty()) {
      throw new InvalidOpeInputException("test transitions are empty: nothing to evaluate");
    }
    Map<Long, double[]> logRatios = new LinkedHashMap<>();
    Map<Long, Integer> lengths = new LinkedHashMap<>();
    for (Step step : steps) {
      lengths.merge(step.stayId(), step.step() + 1, Math::max);
    }
    for (Map.Entry<Long, Integer> stay : lengths.entrySet()) {
      double[] ratios = new double[stay.getValue()];
      Arrays.fill(ratios, Double.NaN);
      logRatios.put(stay.getKey(), ratios);
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      double[] ratios = logRatios.get(step.stayId());
      if (step.step() < 0 || !Double.isNaN(ratios[step.step()])) {
        throw notContiguous(step.stayId());
      }
      ratios[step.step()] = logRatio(step, piE[i], settings);
    }
    List<ImportanceWeightGrid.Trajectory> trajectories = new ArrayList<>();
    int horizon = 0;
    for (Map.Entry<Long, double[]> stay : logRatios.entrySet()) {
      double[] ratios = stay.getValue();
      double[] cumulative = new double[ratios.length];
      double sum = 0;
      for (int t = 0; t < ratios.length; t++) {
        if (Double.isNaN(ratios[t])) {
          throw notContiguous(stay.getKey());
        }
        sum += ratios[t];
        cumulative[t] = sum;
      }
      double[] zeros = new double[ratios.length];
      trajectories.add(
          new ImportanceWeightGrid.Trajectory(stay.getKey(), cumulative, zeros, zeros, zeros));
      horizon = Math.max(horizon, ratios.length);
    }
    ImportanceWeightGrid grid = ImportanceWeightGrid.local(trajectories, horizon);
    return new SparkOpeEstimator.WeightTail(
        khat(trajectories, horizon), grid.effectiveSampleSizePerDecision());
  }

  private static double khat(List<ImportanceWeightGrid.Trajectory> trajectories, int horizon) {
    int n = trajectories.size();
    int tail = ParetoTail.tailLength(n);
    if (tail < ParetoTail.MIN_TAIL) {
      return Double.NaN;
    }
    double[] last = new double[n];
    for (int i = 0; i < n; i++) {
      last[i] = trajectories.get(i).logRhoAt(horizon - 1);
    }
    Arrays.sort(last);
    return ParetoTail.khat(Arrays.copyOfRange(last, Math.max(0, n - tail - 1), n), n);
  }

  /** {@code log pi_e(a|s) - log pi_b(a|s)}, as the grid's steps compute it. */
  private static double logRatio(Step step, double[] piE, OpeSettings settings) {
    if (step.action() < 0 || step.action() >= OpeInputValidator.ACTIONS) {
      throw new InvalidOpeInputException(
          "test transitions: a row has an action outside 0..8 (stay_id " + step.stayId() + ")");
    }
    checkProbabilities("pi_e", piE, step.stayId(), settings);
    checkProbabilities("pi_b", step.piB(), step.stayId(), settings);
    double taken = step.piB()[step.action()];
    if (settings.piBFloor() > 0) {
      taken = Math.max(taken, settings.piBFloor());
    } else if (taken <= 0) {
      throw new InvalidOpeInputException(
          "test transitions: a row has pi_b = 0 for the action taken (stay_id "
              + step.stayId()
              + "); the importance ratio is undefined");
    }
    double piETaken = piE[step.action()];
    double ratio = (piETaken > 0 ? Math.log(piETaken) : Double.NEGATIVE_INFINITY) - Math.log(taken);
    return settings.ratioClip() > 0 ? Math.min(ratio, Math.log(settings.ratioClip())) : ratio;
  }

  private static void checkProbabilities(
      String name, double[] p, long stayId, OpeSettings settings) {
    boolean ok = p != null && p.length == OpeInputValidator.ACTIONS;
    double sum = 0;
    for (int a = 0; ok && a < p.length; a++) {
      ok = p[a] >= 0 && p[a] <= 1;
      sum += p[a];
    }
    if (!ok || Math.abs(sum - 1) > settings.probabilityTolerance()) {
      throw new InvalidOpeInputException(
          "test transitions: a row has "
              + name
              + " that is not 9 probabilities in [0, 1] summing to 1 within "
              + settings.probabilityTolerance()
              + " (stay_id "
              + stayId
              + ")");
    }
  }

  private static InvalidOpeInputException notContiguous(long stayId) {
    return new InvalidOpeInputException(
        "test transitions: 1 stays do not have contiguous unique steps 0..T-1 (e.g. stay_id "
            + stayId
            + ")");
  }
}
