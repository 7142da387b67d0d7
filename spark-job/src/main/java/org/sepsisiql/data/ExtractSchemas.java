package org.sepsisiql.data;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Explicit schemas of the canonical EHR extracts (DESIGN.md section 3). Every source (the
 * simulator, the MIMIC-III adapter, a user's own Parquet) writes exactly these, and the cohort
 * stage reads them with these schemas, never by inference. Times are UTC timestamps.
 */
public final class ExtractSchemas {
  private ExtractSchemas() {}

  public static final StructType STAYS =
      schema(
          required("stay_id", LongType),
          required("patient_id", LongType),
          required("admit_time", TimestampType),
          required("discharge_time", TimestampType),
          required("age_years", DoubleType),
          required("sex", StringType),
          required("weight_kg", DoubleType),
          required("readmission", BooleanType),
          optional("elixhauser", DoubleType),
          required("died_in_hospital", BooleanType),
          optional("death_time", TimestampType),
          optional("sepsis_onset_time", TimestampType));

  public static final StructType MEASUREMENTS =
      schema(
          required("stay_id", LongType),
          required("charttime", TimestampType),
          required("variable", StringType),
          required("value", DoubleType),
          optional("unit", StringType));

  public static final StructType FLUIDS =
      schema(
          required("stay_id", LongType),
          required("start_time", TimestampType),
          required("end_time", TimestampType),
          required("amount_ml", DoubleType));

  public static final StructType VASOPRESSORS =
      schema(
          required("stay_id", LongType),
          required("start_time", TimestampType),
          required("end_time", TimestampType),
          required("drug", StringType),
          required("rate", DoubleType),
          required("rate_unit", StringType));

  public static final StructType URINE_OUTPUT =
      schema(
          required("stay_id", LongType),
          required("charttime", TimestampType),
          required("amount_ml", DoubleType));

  public static final StructType INFECTION =
      schema(
          required("stay_id", LongType),
          optional("antibiotic_time", TimestampType),
          optional("culture_time", TimestampType));

  /**
   * Optional: when a source shifts each patient's times by its own offset (MIMIC-IV), the time by
   * which the temporal split orders each stay's patient instead of {@code admit_time} (the MIMIC-IV
   * adapter derives it from {@code anchor_year_group}).
   */
  public static final StructType STAY_PERIODS =
      schema(required("stay_id", LongType), required("split_time", TimestampType));

  /** The datasets of the contract every source writes, by folder name, in a stable order. */
  public static final List<ExtractDataset> DATASETS =
      List.of(
          new ExtractDataset("stays", STAYS, true),
          new ExtractDataset("measurements", MEASUREMENTS, true),
          new ExtractDataset("fluids", FLUIDS, true),
          new ExtractDataset("vasopressors", VASOPRESSORS, true),
          new ExtractDataset("urine_output", URINE_OUTPUT, true),
          new ExtractDataset("infection", INFECTION, false));

  /** {@code stay_periods}: written only by sources whose times are shifted per patient. */
  public static final ExtractDataset STAY_PERIODS_DATASET =
      new ExtractDataset("stay_periods", STAY_PERIODS, false);

  /** What the cohort stage reads: {@link #DATASETS} and {@link #STAY_PERIODS_DATASET}. */
  public static final List<ExtractDataset> READ =
      java.util.stream.Stream.concat(
              DATASETS.stream(), java.util.stream.Stream.of(STAY_PERIODS_DATASET))
          .toList();

  /** One dataset of the contract: its folder name, schema, and whether it must be present. */
  public record ExtractDataset(String name, StructType schema, boolean required) {}

  static StructType schema(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  static StructField required(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, false);
  }

  static StructField optional(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
