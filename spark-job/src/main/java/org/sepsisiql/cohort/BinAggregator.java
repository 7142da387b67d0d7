package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.data.ClinicalVariable;

/**
 * Per-bin aggregates of the included stays, one row per {@code (stay_id, step)} for every step of
 * every window (bins without events included).
 *
 * <p>Bin k covers [window_start + k * bin, window_start + (k + 1) * bin), the last bin closed at
 * the window end. Each clean event becomes rows {@code (stay_id, step, kind, value)} of one long
 * table: a measurement its canonical value under its variable name, urine its amount, a fluid event
 * one row per bin it overlaps carrying its amount prorated by the time overlap (an instantaneous
 * bolus goes whole to its bin), a vasopressor event the total dose in force at its start (or the
 * bin's start) in each bin it overlaps ({@link ConcurrentInfusions}). One {@code groupBy(stay_id,
 * step)} (the only shuffle here besides the joins of events with windows) then takes the mean of
 * each variable (the rules of {@code BinObservation.Accumulator}: only plausible canonical values,
 * which the cleaning guaranteed), the urine and fluid sums (0 when none) and the highest total
 * vasopressor dose (0 when none).
 */
final class BinAggregator {
  static final String URINE = "urine_ml";
  static final String FLUID = "fluid_ml";
  static final String VASO = "vaso_dose";
  private static final String GRID = "_bin";

  private final long binMicros;

  BinAggregator(CohortSettings settings) {
    this.binMicros = settings.binMicros();
  }

  /** {@code stay_id, step}, one mean per variable, {@code urine_ml, fluid_ml, vaso_dose}. */
  Dataset<Row> aggregate(Dataset<Row> windows, CleanExtracts clean) {
    Dataset<Row> bounds = windows.select("stay_id", "window_start", "window_end", "n_steps");
    Dataset<Row> events =
        grid(bounds)
            .unionByName(pointEvents(bounds, clean.measurements(), col("variable"), "value"))
            .unionByName(pointEvents(bounds, clean.urineOutput(), lit(URINE), "amount_ml"))
            .unionByName(fluidShares(bounds, clean.fluids()))
            .unionByName(vasopressorDoses(bounds, clean.vasopressors()));
    List<Column> aggregates = new ArrayList<>();
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      aggregates.add(avg(valueOf(variable.columnName())).as(variable.columnName()));
    }
    aggregates.add(coalesce(sum(valueOf(URINE)), lit(0.0)).as(URINE));
    aggregates.add(coalesce(sum(valueOf(FLUID)), lit(0.0)).as(FLUID));
    aggregates.add(coalesce(max(valueOf(VASO)), lit(0.0)).as(VASO));
    return events
        .groupBy("stay_id", "step")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }

  /** The start of each step's bin. */
  Column binStart(Column windowStart, Column step) {
    return timestamp_micros(unix_micros(windowStart).plus(step.cast("long").multiply(binMicros)));
  }

  private Dataset<Row> grid(Dataset<Row> bounds) {
    return bounds.select(
        col("stay_id"),
        explode(sequence(lit(0), col("n_steps").minus(1))).as("step"),
        lit(GRID).as("kind"),
        lit(null).cast("double").as("value"));
  }

  private Dataset<Row> pointEvents(
      Dataset<Row> bounds, Dataset<Row> events, Column kind, String valueColumn) {
    return events
        .join(bounds, "stay_id")
        .filter(CohortSelector.inWindow(col("charttime")))
        .select(
            col("stay_id"),
            stepOf(col("charttime")).as("step"),
            kind.as("kind"),
            col(valueColumn).as("value"));
  }

  private Dataset<Row> fluidShares(Dataset<Row> bounds, Dataset<Row> fluids) {
    Column duration = micros("end_time").minus(micros("start_time"));
    Column share =
        when(duration.equalTo(0), col("amount_ml"))
            .otherwise(col("amount_ml").multiply(overlap()).divide(duration));
    return overlappedBins(bounds, fluids)
        .select(col("stay_id"), col("step"), lit(FLUID).as("kind"), share.as("value"));
  }

  private Dataset<Row> vasopressorDoses(Dataset<Row> bounds, Dataset<Row> vasopressors) {
    Column instantaneous = micros("end_time").equalTo(micros("start_time"));
    Dataset<Row> inBins =
        overlappedBins(bounds, vasopressors)
            .filter(overlap().gt(0).or(instantaneous))
            .select(
                col("stay_id"),
                col("step"),
                micros("start_time").as("_start"),
                micros("end_time").as("_end"),
                greatest(micros("start_time"), binStartMicros()).as("_probe"),
                col("ne_dose"));
    return ConcurrentInfusions.totalsAtEachStart(inBins)
        .select(col("stay_id"), col("step"), lit(VASO).as("kind"), col("value"));
  }

  /** Interval events joined to their windows, one row per bin from the first to the last. */
  private Dataset<Row> overlappedBins(Dataset<Row> bounds, Dataset<Row> intervals) {
    Column first = stepOf(col("start_time"));
    Column last = stepOf(col("end_time"));
    return intervals
        .join(bounds, "stay_id")
        .filter(
            col("end_time").geq(col("window_start")).and(col("start_time").leq(col("window_end"))))
        .withColumn("step", explode(sequence(first, last)));
  }

  /** Microseconds the event overlaps its row's bin (0 when they only touch). */
  private Column overlap() {
    Column binStart = binStartMicros();
    Column binEnd = least(binStart.plus(binMicros), micros("window_end"));
    return greatest(
        lit(0L), least(micros("end_time"), binEnd).minus(greatest(micros("start_time"), binStart)));
  }

  /** The start of the row's bin, in microseconds. */
  private Column binStartMicros() {
    return micros("window_start").plus(col("step").cast("long").multiply(binMicros));
  }

  /** The step of a time in its window, clamped to [0, n_steps - 1]. */
  private Column stepOf(Column time) {
    Column raw =
        floor(unix_micros(time).minus(micros("window_start")).divide(binMicros)).cast("int");
    return least(greatest(raw, lit(0)), col("n_steps").minus(1));
  }

  private static Column micros(String column) {
    return unix_micros(col(column));
  }

  private static Column valueOf(String kind) {
    return when(col("kind").equalTo(kind), col("value"));
  }
}
