package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.data.ExtractSchemas;
import org.sepsisiql.run.StageWrite;
import org.sepsisiql.spark.JobGroup;
import org.sepsisiql.udfs.SepsisUdfs;

/**
 * The MIMIC-III v1.4 adapter: reads the source tables and writes the six canonical extracts ({@code
 * ExtractSchemas}) as Parquet folders under the stage's temporary folder.
 *
 * <p>Order: locate every table (fail early), then stays, measurements, treatments, urine and
 * infection, each in its own Spark job group ({@code MIMIC-STAYS}, {@code MIMIC-CHARTEVENTS}, ...).
 * CHARTEVENTS, the one large table (about 330 million rows in the full release), is scanned once:
 * filtered to the mapped items and cached (memory and disk) for weights, vitals, GCS and
 * ventilation. Rows missing a required field (no icustay_id, no time) are dropped by {@link
 * #conform}. Counts are computed from the written Parquet by {@link ExtractCounts}; nothing
 * data-sized reaches the driver.
 */
final class MimicIiiExtractor {
  static final Set<MimicTable> REQUIRED =
      EnumSet.complementOf(EnumSet.of(MimicTable.D_ITEMS, MimicTable.D_LABITEMS));

  private MimicIiiExtractor() {}

  static MimicExtractResult extract(
      SparkSession spark, String input, MimicSettings settings, StageWrite write) {
    MimicTables tables = MimicTables.read(MimicTableReader.open(spark, input), REQUIRED);
    return writeExtracts(spark, tables, settings, write, Optional.empty(), Map.of());
  }

  /**
   * Writes the six canonical extracts from MIMIC-III-shaped tables (MIMIC-IV's adapter maps its
   * tables to these shapes, {@link MimicIvTables}), and {@code stay_periods} when given.
   *
   * @param sourceCounts counts the caller measured on its source tables, reported first
   */
  static MimicExtractResult writeExtracts(
      SparkSession spark,
      MimicTables tables,
      MimicSettings settings,
      StageWrite write,
      Optional<Dataset<Row>> stayPeriods,
      Map<String, Object> sourceCounts) {
    SepsisUdfs.register(spark);
    Dataset<Row> chart = mappedChartEvents(tables).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> stays = StaysExtract.build(tables, chart, settings).cache();
      Map<String, Object> counts = new LinkedHashMap<>(sourceCounts);
      inGroup(
          spark,
          "MIMIC-STAYS",
          "stays from ICUSTAYS, ADMISSIONS, PATIENTS, weights",
          () -> {
            write(stays, ExtractSchemas.STAYS, write.temporaryPath("stays"));
            counts.putAll(ExtractCounts.stays(stays));
          });
      inGroup(
          spark,
          "MIMIC-CHARTEVENTS",
          "measurements from CHARTEVENTS and LABEVENTS",
          () ->
              write(
                  MeasurementsExtract.build(spark, chart, tables, settings),
                  ExtractSchemas.MEASUREMENTS,
                  write.temporaryPath("measurements")));
      inGroup(
          spark,
          "MIMIC-INPUTEVENTS",
          "fluids and vasopressors from INPUTEVENTS",
          () -> {
            write(
                TreatmentsExtract.fluids(spark, tables, settings),
                ExtractSchemas.FLUIDS,
                write.temporaryPath("fluids"));
            write(
                TreatmentsExtract.vasopressors(spark, tables, settings),
                ExtractSchemas.VASOPRESSORS,
                write.temporaryPath("vasopressors"));
          });
      inGroup(
          spark,
          "MIMIC-OUTPUTEVENTS",
          "urine output from OUTPUTEVENTS",
          () ->
              write(
                  TreatmentsExtract.urineOutput(tables),
                  ExtractSchemas.URINE_OUTPUT,
                  write.temporaryPath("urine_output")));
      inGroup(
          spark,
          "MIMIC-INFECTION",
          "antibiotics and cultures",
          () ->
              write(
                  InfectionExtract.build(tables, settings),
                  ExtractSchemas.INFECTION,
                  write.temporaryPath("infection")));
      stayPeriods.ifPresent(
          periods ->
              inGroup(
                  spark,
                  "MIMIC-STAY-PERIODS",
                  "the temporal split's order of shifted stays",
                  () -> {
                    write(
                        periods, ExtractSchemas.STAY_PERIODS, write.temporaryPath("stay_periods"));
                    counts.put(
                        "stays_ordered_by_anchor_year_group",
                        spark.read().parquet(write.temporaryPath("stay_periods")).count());
                  }));
      inGroup(
          spark,
          "MIMIC-COUNTS",
          "counts of the written extracts",
          () -> counts.putAll(ExtractCounts.written(spark, write.temporaryPath())));
      stays.unpersist();
      return new MimicExtractResult(counts);
    } finally {
      chart.unpersist();
    }
  }

  /** CHARTEVENTS rows of a stay, not marked as error, of an item some extract uses. */
  static Dataset<Row> mappedChartEvents(MimicTables tables) {
    List<Long> items =
        Stream.concat(
                MeasurementItems.allChartItemIds().stream(), StaysExtract.weightItems().stream())
            .distinct()
            .toList();
    return tables
        .get(MimicTable.CHARTEVENTS)
        .filter(col("icustay_id").isNotNull())
        .filter(col("error").isNull().or(col("error").notEqual(1L)))
        .filter(col("itemid").isin(items.toArray()));
  }

  /**
   * Selects the schema's columns in order, cast to their types, and drops rows with NULL in a
   * required (non-nullable) column, so the written data matches the contract exactly (the schema is
   * re-applied through the RDD because Spark does not infer non-nullability from a filter).
   */
  static Dataset<Row> conform(Dataset<Row> data, StructType schema) {
    List<Column> columns = new ArrayList<>();
    Column required = null;
    for (StructField field : schema.fields()) {
      columns.add(col(field.name()).cast(field.dataType()).as(field.name()));
      if (!field.nullable()) {
        Column present = col(field.name()).isNotNull();
        required = required == null ? present : required.and(present);
      }
    }
    Dataset<Row> selected = data.select(columns.toArray(Column[]::new));
    Dataset<Row> complete = required == null ? selected : selected.filter(required);
    return data.sparkSession().createDataFrame(complete.javaRDD(), schema);
  }

  private static void write(Dataset<Row> data, StructType schema, String path) {
    conform(data, schema).write().parquet(path);
  }

  private static void inGroup(SparkSession spark, String group, String description, Runnable body) {
    JobGroup.phase(spark.sparkContext(), group, description, body);
  }
}
