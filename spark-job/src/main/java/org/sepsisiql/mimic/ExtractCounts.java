package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The counts an extraction reports: each is one aggregation returning a single row to the driver.
 * Stay-level counts come from the built stays (before the weight source is dropped); the rest from
 * the written Parquet, so they describe exactly what was committed.
 */
final class ExtractCounts {
  private ExtractCounts() {}

  /** Stays by source system, under-18s, and where each stay's weight came from. */
  static Map<String, Object> stays(Dataset<Row> stays) {
    Row row =
        stays
            .agg(
                count(lit(1)).as("stays"),
                flagged(col("dbsource").equalTo("metavision")).as("stays_metavision"),
                flagged(col("dbsource").equalTo("carevue")).as("stays_carevue"),
                flagged(col("age_years").lt(18)).as("stays_under_18"),
                flagged(col("weight_source").equalTo(1)).as("weight_from_admission_weight"),
                flagged(col("weight_source").equalTo(2)).as("weight_from_other_charted_weight"),
                flagged(col("weight_source").equalTo(3)).as("weight_from_inputevents_mv"),
                flagged(col("weight_source").equalTo(StaysExtract.DEFAULT_WEIGHT))
                    .as("weight_default"))
            .first();
    Map<String, Object> counts = new LinkedHashMap<>();
    for (String name : row.schema().fieldNames()) {
      Object value = row.getAs(name);
      counts.put(name, value == null ? 0L : ((Number) value).longValue());
    }
    return counts;
  }

  /** Rows and stays of each written dataset, plus vasopressor rows without an NE equivalent. */
  static Map<String, Object> written(SparkSession spark, String folder) {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (String dataset : new String[] {"measurements", "fluids", "vasopressors", "urine_output"}) {
      Row row =
          spark
              .read()
              .parquet(folder + "/" + dataset)
              .agg(count(lit(1)), countDistinct("stay_id"))
              .first();
      counts.put(dataset, row.getLong(0));
      counts.put("stays_with_" + dataset, row.getLong(1));
    }
    Row infection =
        spark
            .read()
            .parquet(folder + "/infection")
            .agg(
                count(col("antibiotic_time")), count(col("culture_time")), countDistinct("stay_id"))
            .first();
    counts.put("infection_antibiotic_rows", infection.getLong(0));
    counts.put("infection_culture_rows", infection.getLong(1));
    counts.put("stays_with_infection", infection.getLong(2));
    counts.put("vasopressor_rows_without_ne_equivalent", withoutEquivalent(spark, folder));
    return counts;
  }

  /** Vasopressor rows whose norepinephrine equivalent (with the stay's weight) is NULL. */
  static long withoutEquivalent(SparkSession spark, String folder) {
    Dataset<Row> stays = spark.read().parquet(folder + "/stays").select("stay_id", "weight_kg");
    Column equivalent =
        call_udf(
            "norepinephrine_equivalent",
            col("drug"),
            col("rate"),
            col("rate_unit"),
            col("weight_kg"));
    return spark
        .read()
        .parquet(folder + "/vasopressors")
        .join(stays, "stay_id", "left")
        .filter(equivalent.isNull())
        .count();
  }

  private static Column flagged(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }
}
