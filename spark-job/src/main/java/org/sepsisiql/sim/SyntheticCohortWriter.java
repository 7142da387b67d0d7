package org.sepsisiql.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.data.ExtractSchemas;
import org.sepsisiql.spark.JobGroup;

/**
 * Writes a synthetic cohort as the canonical extracts (DESIGN.md section 3): one Parquet folder per
 * dataset under {@code extractsDir}, with exactly the {@link ExtractSchemas} schemas.
 *
 * <p>Stay indices 0..n-1 are spread over {@code ceil(n / stays-per-partition)} partitions; each
 * stay is simulated once from (seed, index), so the content is the same for any partitioning. The
 * simulated stays are cached serialized (MEMORY_AND_DISK_SER, about 9 KB a stay) while the six
 * datasets are written from them, then unpersisted. Phases run in job groups {@code
 * SYNTHESIZE-STAYS} (simulate, cache, count) and {@code WRITE-<DATASET>}. No shuffle; only a
 * 7-number count reaches the driver.
 */
public final class SyntheticCohortWriter {
  private SyntheticCohortWriter() {}

  /** What was written: stays, distinct patients, and rows per dataset folder. */
  public record Result(long stays, long patients, Map<String, Long> rowsPerDataset) {}

  public static Result write(
      SparkSession spark, SimulatorSettings settings, long stays, long seed, String extractsDir) {
    if (stays < 1) {
      throw new IllegalArgumentException("stays must be at least 1, cannot be: " + stays);
    }
    int partitions =
        (int)
            Math.max(1, (stays + settings.staysPerPartition() - 1) / settings.staysPerPartition());
    StaySimulator simulator = new StaySimulator(settings, seed);
    JavaRDD<StayEvents> cohort =
        spark.range(0, stays, 1, partitions).javaRDD().map(simulator::generate);
    cohort.persist(StorageLevel.MEMORY_AND_DISK_SER());
    try (JobGroup group =
        JobGroup.open(
            spark.sparkContext(), "SYNTHESIZE-STAYS", "simulate and cache " + stays + " stays")) {
      long[] counts = cohort.map(SyntheticCohortWriter::counts).reduce(SyntheticCohortWriter::add);
      String dir = extractsDir.endsWith("/") ? extractsDir : extractsDir + "/";
      writeRows(spark, "stays", ExtractSchemas.STAYS, cohort.map(ExtractRows::stay), dir);
      writeEvents(
          spark,
          "measurements",
          ExtractSchemas.MEASUREMENTS,
          cohort,
          ExtractRows::measurements,
          dir);
      writeEvents(spark, "fluids", ExtractSchemas.FLUIDS, cohort, ExtractRows::fluids, dir);
      writeEvents(
          spark,
          "vasopressors",
          ExtractSchemas.VASOPRESSORS,
          cohort,
          ExtractRows::vasopressors,
          dir);
      writeEvents(
          spark, "urine_output", ExtractSchemas.URINE_OUTPUT, cohort, ExtractRows::urine, dir);
      writeRows(
          spark, "infection", ExtractSchemas.INFECTION, cohort.map(ExtractRows::infection), dir);
      return result(counts);
    } finally {
      cohort.unpersist(false);
    }
  }

  private static void writeEvents(
      SparkSession spark,
      String name,
      StructType schema,
      JavaRDD<StayEvents> cohort,
      FlatMapFunction<StayEvents, Row> rows,
      String dir) {
    writeRows(spark, name, schema, cohort.flatMap(rows), dir);
  }

  private static void writeRows(
      SparkSession spark, String name, StructType schema, JavaRDD<Row> rows, String dir) {
    try (JobGroup group =
        JobGroup.open(
            spark.sparkContext(),
            "WRITE-" + name.toUpperCase(java.util.Locale.ROOT),
            "write " + dir + name)) {
      Column[] columns = new Column[schema.size()];
      StructField[] raw = new StructField[schema.size()];
      for (int i = 0; i < columns.length; i++) {
        StructField field = schema.fields()[i];
        boolean time = field.dataType().equals(DataTypes.TimestampType);
        raw[i] =
            time
                ? field.copy(field.name(), DataTypes.LongType, field.nullable(), field.metadata())
                : field;
        columns[i] = time ? timestampMicros(field.name()) : functions.col(field.name());
      }
      spark
          .createDataFrame(rows, DataTypes.createStructType(raw))
          .select(columns)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(dir + name);
    }
  }

  private static Column timestampMicros(String name) {
    return functions.expr("timestamp_micros(`" + name + "`)").as(name);
  }

  private static long[] counts(StayEvents e) {
    return new long[] {
      1, e.profile.readmission() ? 0 : 1, e.measurements, e.fluids, e.vasopressors, e.urines
    };
  }

  private static long[] add(long[] a, long[] b) {
    long[] sum = a.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += b[i];
    }
    return sum;
  }

  private static Result result(long[] counts) {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("stays", counts[0]);
    rows.put("measurements", counts[2]);
    rows.put("fluids", counts[3]);
    rows.put("vasopressors", counts[4]);
    rows.put("urine_output", counts[5]);
    rows.put("infection", counts[0]);
    return new Result(counts[0], counts[1], java.util.Collections.unmodifiableMap(rows));
  }
}
