package org.sepsisiql.behavior;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.behavior.BehaviorResult.SplitMetrics;

/**
 * Measures the stored probabilities ({@code behavior/probabilities}, read back after writing so the
 * model is not applied twice): per split log-loss, accuracy and floored counts; per split and
 * action the transition counts; on test the reliability table of {@link Calibration}. Three small
 * aggregates (group-bys on split, on split and action, and on the calibration bin); at most a few
 * dozen rows reach the driver.
 */
final class BehaviorMetrics {
  private BehaviorMetrics() {}

  /** Log-loss, accuracy and floored counts per split, in {@link TransitionsInput#SPLITS} order. */
  static Map<String, SplitMetrics> perSplit(Dataset<Row> probabilities) {
    Column pi = col(BehaviorColumns.PI_B);
    Map<String, SplitMetrics> found = new LinkedHashMap<>();
    for (Row row :
        probabilities
            .groupBy(TransitionsInput.SPLIT)
            .agg(
                count("*"),
                avg(log(col(BehaviorColumns.PI_B_TAKEN)).multiply(-1)),
                avg(when(BehaviorColumns.correct(pi), 1.0).otherwise(0.0)),
                sum(when(col(BehaviorColumns.TAKEN_FLOORED), 1L).otherwise(0L)))
            .collectAsList()) {
      found.put(
          row.getString(0),
          new SplitMetrics(row.getLong(1), row.getDouble(2), row.getDouble(3), row.getLong(4)));
    }
    Map<String, SplitMetrics> ordered = new LinkedHashMap<>();
    for (String split : TransitionsInput.SPLITS) {
      ordered.put(split, found.getOrDefault(split, new SplitMetrics(0, Double.NaN, Double.NaN, 0)));
    }
    return ordered;
  }

  /** Transitions per action (0..8) per split. */
  static Map<String, List<Long>> actionCounts(Dataset<Row> probabilities) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    TransitionsInput.SPLITS.forEach(split -> counts.put(split, new long[BehaviorColumns.ACTIONS]));
    for (Row row :
        probabilities
            .groupBy(TransitionsInput.SPLIT, TransitionsInput.ACTION)
            .count()
            .collectAsList()) {
      long[] perAction =
          counts.computeIfAbsent(row.getString(0), s -> new long[BehaviorColumns.ACTIONS]);
      perAction[row.getInt(1)] = row.getLong(2);
    }
    Map<String, List<Long>> result = new LinkedHashMap<>();
    counts.forEach((split, values) -> result.put(split, toList(values)));
    return result;
  }

  /** The reliability table of one split's stored probabilities. */
  static List<Calibration.Bin> reliability(Dataset<Row> probabilities, String split, int bins) {
    Column pi = col(BehaviorColumns.PI_B);
    Dataset<Row> scored =
        probabilities
            .where(col(TransitionsInput.SPLIT).equalTo(split))
            .select(
                BehaviorColumns.confidence(pi).as(Calibration.CONFIDENCE),
                BehaviorColumns.correct(pi).as(Calibration.CORRECT));
    return Calibration.reliability(scored, bins);
  }

  private static List<Long> toList(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long value : values) {
      list.add(value);
    }
    return List.copyOf(list);
  }
}
