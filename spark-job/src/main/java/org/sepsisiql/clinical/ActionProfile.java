package org.sepsisiql.clinical;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.clinical.ClinicalSettings.HazardThresholds;

/**
 * What a policy chooses on the test states, from one aggregation pass (no shuffle but the one-row
 * merge): how often each action is its argmax ({@code choice}), how often that equals the
 * clinician's taken {@code action} (agreement), and for each {@link HazardScenario} how many states
 * qualify and how often the policy and the clinicians recommend the hazard.
 *
 * @param states test transitions counted
 * @param choices argmax counts per action 0..8
 * @param agreements states where the argmax equals the taken action
 * @param hazards per scenario: qualifying states, policy hazards, clinician hazards
 */
public record ActionProfile(
    long states, long[] choices, long agreements, Map<HazardScenario, HazardCount> hazards) {

  /** One scenario's counts. */
  public record HazardCount(long qualifying, long policy, long clinicians) {
    public Double policyRate() {
      return qualifying == 0 ? null : (double) policy / qualifying;
    }

    public Double clinicianRate() {
      return qualifying == 0 ? null : (double) clinicians / qualifying;
    }
  }

  /**
   * @param scored test transitions with {@code choice} int (the policy's argmax), {@code action}
   *     int, {@code map} and {@code fluid_balance_ml} (raw, nullable)
   */
  public static ActionProfile of(Dataset<Row> scored, HazardThresholds thresholds) {
    List<Column> columns = new ArrayList<>();
    columns.add(count(lit(1)));
    for (int a = 0; a < 9; a++) {
      columns.add(ones(col("choice").equalTo(a)));
    }
    columns.add(ones(col("choice").equalTo(col("action"))));
    for (HazardScenario scenario : HazardScenario.values()) {
      Column qualifies = scenario.qualifiesSafely(thresholds);
      columns.add(ones(qualifies));
      columns.add(ones(qualifies.and(scenario.hazardous(col("choice")))));
      columns.add(ones(qualifies.and(scenario.hazardous(col("action")))));
    }
    Row row =
        scored
            .agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new))
            .first();
    long[] choices = new long[9];
    for (int a = 0; a < 9; a++) {
      choices[a] = row.getLong(1 + a);
    }
    Map<HazardScenario, HazardCount> hazards = new EnumMap<>(HazardScenario.class);
    int index = 11;
    for (HazardScenario scenario : HazardScenario.values()) {
      hazards.put(
          scenario,
          new HazardCount(row.getLong(index), row.getLong(index + 1), row.getLong(index + 2)));
      index += 3;
    }
    return new ActionProfile(row.getLong(0), choices, row.getLong(10), hazards);
  }

  private static Column ones(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  /** Share of states per action (zeros when there are none). */
  public double[] distribution() {
    double[] shares = new double[9];
    for (int a = 0; a < 9; a++) {
      shares[a] = states == 0 ? 0 : (double) choices[a] / states;
    }
    return shares;
  }

  /** Shares as a 3x3 grid: rows IV level 0..2, columns vasopressor level 0..2. */
  public double[][] heatmap() {
    return heatmap(distribution());
  }

  public static double[][] heatmap(double[] shares) {
    double[][] grid = new double[3][3];
    for (int a = 0; a < 9; a++) {
      grid[a / 3][a % 3] = shares[a];
    }
    return grid;
  }

  public double agreement() {
    return states == 0 ? 0 : (double) agreements / states;
  }

  /** Actions chosen in at least {@code minShare} of the states. */
  public int actionsUsed(double minShare) {
    int used = 0;
    for (double share : distribution()) {
      if (share > 0 && share >= minShare) {
        used++;
      }
    }
    return used;
  }

  /** Entropy of the chosen-action distribution in nats. */
  public double entropy() {
    double entropy = 0;
    for (double share : distribution()) {
      if (share > 0) {
        entropy -= share * Math.log(share);
      }
    }
    return entropy;
  }
}
