package org.sepsisiql.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * WDR from {@code evaluation/steps} alone, with plain loops and products (OPE.md's formula, no
 * Spark, no log space): what a user recomputing the estimate with their own tools would write.
 */
final class StepAudit {
  private StepAudit() {}

  /**
   * @param rows one policy's steps ordered by stay_id, step
   * @param floor the floor applied to pi_b of the taken action in the ratio
   */
  static double weightedDoublyRobust(List<Row> rows, double gamma, double floor) {
    Map<Long, List<Row>> trajectories = new LinkedHashMap<>();
    for (Row row : rows) {
      trajectories.computeIfAbsent(row.getLong(1), k -> new ArrayList<>()).add(row);
    }
    List<double[]> rho = new ArrayList<>();
    int horizon = 0;
    for (List<Row> steps : trajectories.values()) {
      double[] cumulative = new double[steps.size()];
      double product = 1;
      for (int t = 0; t < steps.size(); t++) {
        Row r = steps.get(t);
        product *= r.getDouble(5) / Math.max(r.getDouble(6), floor);
        cumulative[t] = product;
      }
      rho.add(cumulative);
      horizon = Math.max(horizon, steps.size());
    }
    int n = rho.size();
    double[] totals = new double[horizon];
    for (double[] r : rho) {
      for (int t = 0; t < horizon; t++) {
        totals[t] += r[Math.min(t, r.length - 1)];
      }
    }
    double wdr = 0;
    int i = 0;
    for (List<Row> steps : trajectories.values()) {
      double[] r = rho.get(i++);
      for (int t = 0; t < steps.size(); t++) {
        Row row = steps.get(t);
        double w = totals[t] > 0 ? r[t] / totals[t] : 0;
        double previous = t == 0 ? 1.0 / n : (totals[t - 1] > 0 ? r[t - 1] / totals[t - 1] : 0);
        wdr +=
            Math.pow(gamma, t)
                * (w * row.getDouble(4) - (w * row.getDouble(7) - previous * row.getDouble(8)));
      }
    }
    return wdr;
  }
}
