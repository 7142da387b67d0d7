package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Chooses the cohort's stays and their windows. The window runs from {@code window-before-hours}
 * before onset to {@code window-after-hours} after it, clipped to [admit_time, stay_end], cut into
 * {@code bin-hours} steps from the window start (the last step may be partial; at most {@code
 * max-steps}, and the window end moves to the end of the last step when capped).
 *
 * <p>Stays are excluded, counted under the first reason that applies: under {@code min-age-years};
 * no sepsis onset; fewer than {@code min-steps} steps; no clean measurement inside the window.
 * Cost: a join of stays with onsets, a join of measurements with windows and one count per stay (a
 * shuffle); the reasons are counted with one small aggregation.
 */
final class CohortSelector {
  static final String REASON = "_excluded";

  private final CohortSettings settings;
  private final QualityLog log;

  CohortSelector(CohortSettings settings, QualityLog log) {
    this.settings = settings;
    this.log = log;
  }

  /**
   * The included stays: {@code stay_id, patient_id, admit_time, onset_time, onset_source,
   * window_start, window_end, n_steps, died}, the demographic columns; persisted.
   */
  Dataset<Row> select(Dataset<Row> stays, Dataset<Row> onsets, Dataset<Row> measurements) {
    Dataset<Row> windows = windows(stays.join(onsets, ExtractCleaner.seq("stay_id"), "left"));
    Dataset<Row> measured =
        windows
            .select("stay_id", "window_start", "window_end")
            .join(measurements.select("stay_id", "charttime"), "stay_id")
            .filter(inWindow(col("charttime")))
            .groupBy("stay_id")
            .agg(count(lit(1)).as("_measurements"));
    Dataset<Row> reasoned =
        windows
            .join(measured, ExtractCleaner.seq("stay_id"), "left")
            .withColumn(REASON, reason())
            .drop("_measurements")
            .persist(StorageLevel.MEMORY_AND_DISK());
    for (Row row : reasoned.groupBy(REASON).count().collectAsList()) {
      if (!row.isNullAt(0)) {
        log.add(QualityRule.valueOf(row.getString(0)), row.getLong(1));
      }
    }
    Dataset<Row> included =
        reasoned.filter(col(REASON).isNull()).drop(REASON).persist(StorageLevel.MEMORY_AND_DISK());
    included.count();
    reasoned.unpersist();
    return included;
  }

  private Dataset<Row> windows(Dataset<Row> staysWithOnset) {
    Column start =
        greatest(col("onset_time").minus(hours(settings.windowBeforeHours())), col("admit_time"));
    Column end = least(col("onset_time").plus(hours(settings.windowAfterHours())), col("stay_end"));
    Column micros = unix_micros(col("_end")).minus(unix_micros(col("window_start")));
    Column steps =
        when(micros.leq(0), lit(0L))
            .otherwise(
                least(ceil(micros.divide(settings.binMicros())), lit((long) settings.maxSteps())))
            .cast("int");
    Column cappedEnd =
        least(
            col("_end"),
            timestamp_micros(
                unix_micros(col("window_start"))
                    .plus(col("n_steps").multiply(settings.binMicros()))));
    return staysWithOnset
        .withColumn("window_start", start)
        .withColumn("_end", end)
        .withColumn("n_steps", steps)
        .withColumn("window_end", cappedEnd)
        .withColumn("died", died())
        .drop("_end");
  }

  private Column reason() {
    return when(col("age_years").lt(settings.minAgeYears()), name(QualityRule.EXCLUDED_UNDER_AGE))
        .when(col("onset_time").isNull(), name(QualityRule.EXCLUDED_NO_SEPSIS_ONSET))
        .when(col("n_steps").lt(settings.minSteps()), name(QualityRule.EXCLUDED_TOO_FEW_STEPS))
        .when(col("_measurements").isNull(), name(QualityRule.EXCLUDED_NO_MEASUREMENTS));
  }

  private Column died() {
    if (CohortSettings.IN_HOSPITAL.equals(settings.mortality())) {
      return col("died_in_hospital");
    }
    Column horizon = col("admit_time").plus(expr("INTERVAL " + settings.mortalityDays() + " DAYS"));
    return col("death_time").isNotNull().and(col("death_time").leq(horizon));
  }

  /** Whether a time lies in the stay's window [window_start, window_end]. */
  static Column inWindow(Column time) {
    return time.geq(col("window_start")).and(time.leq(col("window_end")));
  }

  private static Column name(QualityRule rule) {
    return lit(rule.name());
  }

  private static Column hours(int hours) {
    return expr("INTERVAL " + hours + " HOURS");
  }
}
