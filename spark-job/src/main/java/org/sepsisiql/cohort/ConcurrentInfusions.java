package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Vasopressor infusions that run at the same time: norepinephrine with vasopressin, or one drug
 * charted twice. Their norepinephrine equivalents add while both run (the usual total
 * norepinephrine equivalent sums the drugs given together), so a bin's dose is the highest total in
 * force at any moment of the bin, not the highest single row.
 *
 * <p>An infusion runs at time t when {@code start <= t < end}; an instantaneous one ({@code start =
 * end}) runs at its own instant only. Back-to-back rows (a rate change charted as one row ending
 * where the next begins) therefore never add. Totals only rise where an infusion starts, so the
 * highest total of a bin is reached at the bin's start or at an infusion's start inside it.
 */
final class ConcurrentInfusions {
  private ConcurrentInfusions() {}

  /**
   * How many clean infusions ({@code stay_id, start_time, end_time, ne_dose}) run at some moment
   * together with another infusion of their stay: the {@code concurrent_infusions} count.
   */
  static long countOverlapping(Dataset<Row> infusions) {
    Dataset<Row> rows =
        infusions.select(
            col("stay_id"),
            monotonically_increasing_id().as("_id"),
            unix_micros(col("start_time")).as("_start"),
            unix_micros(col("end_time")).as("_end"));
    Dataset<Row> other =
        rows.select(
            col("stay_id"),
            col("_id").as("_other_id"),
            col("_start").as("_other_start"),
            col("_end").as("_other_end"));
    return rows.join(other, ExtractCleaner.seq("stay_id"))
        .filter(
            col("_id")
                .notEqual(col("_other_id"))
                .and(
                    runningAt("_other_start", "_other_end", col("_start"))
                        .or(runningAt("_start", "_end", col("_other_start")))))
        .select("_id")
        .distinct()
        .count();
  }

  /**
   * The total dose in force at each infusion's probe time within its bin. Input: one row per
   * infusion and bin it touches, {@code stay_id, step, _start, _end} (microseconds), {@code _probe}
   * (the later of the infusion's start and the bin's start) and {@code ne_dose}. Output: {@code
   * stay_id, step, value}; the bin's dose is the maximum value.
   */
  static Dataset<Row> totalsAtEachStart(Dataset<Row> inBins) {
    Dataset<Row> running =
        inBins.select(
            col("stay_id"),
            col("step"),
            col("_start").as("_other_start"),
            col("_end").as("_other_end"),
            col("ne_dose").as("_other_dose"));
    return inBins
        .select("stay_id", "step", "_start", "_end", "_probe")
        .join(running, ExtractCleaner.seq("stay_id", "step"))
        .filter(runningAt("_other_start", "_other_end", col("_probe")))
        .groupBy("stay_id", "step", "_start", "_end", "_probe")
        .agg(sum("_other_dose").as("value"))
        .select("stay_id", "step", "value");
  }

  /** Whether the infusion with these start and end columns runs at time t. */
  private static Column runningAt(String start, String end, Column t) {
    Column instant = col(start).equalTo(col(end)).and(col(start).equalTo(t));
    return col(start).leq(t).and(col(end).gt(t).or(instant));
  }
}
