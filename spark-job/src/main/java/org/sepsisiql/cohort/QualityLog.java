package org.sepsisiql.cohort;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The counts of one cohort run's {@link QualityRule}s, filled on the driver from small aggregate
 * results (never row data). Every rule starts at 0, so {@code _quality} always lists all of them.
 * One instance per run; not shared.
 */
final class QualityLog {
  /** Schema of {@code trajectories/_quality}. */
  static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("dataset", DataTypes.StringType, false),
              DataTypes.createStructField("rule", DataTypes.StringType, false),
              DataTypes.createStructField("action", DataTypes.StringType, false),
              DataTypes.createStructField("rows", DataTypes.LongType, false),
              DataTypes.createStructField("description", DataTypes.StringType, false)));

  private final Map<QualityRule, Long> counts = new EnumMap<>(QualityRule.class);

  QualityLog() {
    for (QualityRule rule : QualityRule.values()) {
      counts.put(rule, 0L);
    }
  }

  void add(QualityRule rule, long rows) {
    counts.merge(rule, rows, Long::sum);
  }

  long count(QualityRule rule) {
    return counts.get(rule);
  }

  /** Counts in rule order. */
  Map<QualityRule, Long> counts() {
    return new EnumMap<>(counts);
  }

  /** Rows of stays excluded from the cohort, by rule. */
  long excludedStays() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().excludesStays())
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  Dataset<Row> toDataFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    counts.forEach(
        (rule, n) ->
            rows.add(
                RowFactory.create(
                    rule.dataset(), rule.rule(), rule.action(), n, rule.description())));
    return spark.createDataFrame(rows, SCHEMA).coalesce(1);
  }
}
