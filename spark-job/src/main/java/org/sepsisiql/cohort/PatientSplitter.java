package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The temporal split by patient (DESIGN.md section 4): patients of the cohort are ranked by their
 * first admission among the included stays (ties broken by {@code patient_id}, so the split is
 * deterministic), or by the stays' {@code split_time} where the extracts give {@code stay_periods}
 * (sources whose times are shifted per patient, MIMIC-IV); the first {@code round(n * train)} go to
 * {@code train}, up to {@code round(n * (train + validation))} to {@code val}, the rest to {@code
 * test}. Every stay of a patient follows the patient, so no patient is in two splits.
 *
 * <p>Cost: one aggregation per patient, then a global rank: Spark moves the (one row per patient)
 * table to a single partition for it, which is fine for millions of patients.
 */
final class PatientSplitter {
  private final CohortSettings settings;

  PatientSplitter(CohortSettings settings) {
    this.settings = settings;
  }

  /**
   * {@code patient_id, split} for every patient of the included stays.
   *
   * @param stayPeriods {@code stay_id, split_time} when the extracts give them
   */
  Dataset<Row> split(Dataset<Row> windows, Optional<Dataset<Row>> stayPeriods) {
    Dataset<Row> timed =
        stayPeriods
            .map(
                periods ->
                    windows
                        .join(
                            periods.select("stay_id", "split_time"),
                            windows.col("stay_id").equalTo(periods.col("stay_id")),
                            "left")
                        .withColumn("_order", coalesce(col("split_time"), col("admit_time"))))
            .orElseGet(() -> windows.withColumn("_order", col("admit_time")));
    Dataset<Row> patients = timed.groupBy("patient_id").agg(min("_order").as("first_admit"));
    long n = patients.count();
    long trainEnd = Math.round(n * settings.trainFraction());
    long validationEnd = Math.round(n * (settings.trainFraction() + settings.validationFraction()));
    return patients
        .withColumn(
            "_rank", row_number().over(Window.orderBy(col("first_admit"), col("patient_id"))))
        .select(
            col("patient_id"),
            when(col("_rank").leq(trainEnd), lit("train"))
                .when(col("_rank").leq(validationEnd), lit("val"))
                .otherwise(lit("test"))
                .as("split"));
  }
}
