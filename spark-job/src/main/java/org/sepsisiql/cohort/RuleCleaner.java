package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies an ordered list of drop rules and exact-duplicate removal to one dataset, counting each
 * rule into the {@link QualityLog}.
 *
 * <p>Each row gets the name of the first rule it breaks ({@code CASE WHEN}); one aggregation counts
 * rows per rule (a shuffle of one row per rule and partition, collected: a handful of rows). The
 * rows breaking no rule are deduplicated over the given columns (a shuffle) and persisted, since
 * every later phase reads them.
 */
final class RuleCleaner {
  private static final String DROP = "_drop_rule";

  /** A rule and the condition under which a row breaks it (NULL counts as not broken). */
  record Check(QualityRule rule, Column breaks) {}

  private RuleCleaner() {}

  static Dataset<Row> clean(
      Dataset<Row> rows,
      List<Check> checks,
      QualityRule duplicates,
      List<String> duplicateColumns,
      QualityLog log) {
    Dataset<Row> flagged = rows.withColumn(DROP, firstBroken(checks));
    flagged.persist(StorageLevel.MEMORY_AND_DISK());
    long kept = 0;
    for (Row count : flagged.groupBy(DROP).count().collectAsList()) {
      if (count.isNullAt(0)) {
        kept = count.getLong(1);
      } else {
        log.add(QualityRule.valueOf(count.getString(0)), count.getLong(1));
      }
    }
    Dataset<Row> unique =
        flagged
            .filter(col(DROP).isNull())
            .drop(DROP)
            .dropDuplicates(duplicateColumns.toArray(String[]::new));
    unique.persist(StorageLevel.MEMORY_AND_DISK());
    log.add(duplicates, kept - unique.count());
    flagged.unpersist();
    return unique;
  }

  private static Column firstBroken(List<Check> checks) {
    Column reason = null;
    for (Check check : checks) {
      Column breaks = check.breaks();
      Column name = lit(check.rule().name());
      reason = reason == null ? when(breaks, name) : reason.when(breaks, name);
    }
    return reason == null ? lit(null).cast("string") : reason;
  }
}
