package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * MIMIC-IV's tables read from the release layout ({@code hosp/} and {@code icu/} of {@code
 * *.csv.gz}, or the same tables as Parquet) and mapped to the shapes of MIMIC-III's tables, so the
 * MIMIC-III adapter's rules build the canonical extracts from them (MIMIC.md, "MIMIC-IV"):
 *
 * <ul>
 *   <li>{@code stay_id} is MIMIC-III's {@code icustay_id}; every stay is MetaVision's, and only
 *       MetaVision item ids (220000 and above) of {@code chartevents} are read;
 *   <li>MIMIC-IV gives no birth date: the age is {@code anchor_age} plus the years from January 1
 *       of {@code anchor_year} to {@code intime} (mimic-code's age concept), through a birth date
 *       of January 1 of {@code anchor_year - anchor_age};
 *   <li>{@code inputevents} is MIMIC-III's {@code INPUTEVENTS_MV} ({@code amount} in its units,
 *       rewritten orders skipped as there); there is no CareVue table;
 *   <li>antibiotics come from {@code prescriptions} ({@code starttime}, {@code drug}, {@code
 *       route}), or from {@code emar} ({@code medication} at {@code charttime} with {@code
 *       event_txt} "Administered") when the release has no {@code prescriptions};
 *   <li>{@code stay_periods}: dates are shifted per patient, so the temporal split orders stays by
 *       {@code intime} moved into the patient's {@code anchor_year_group} ({@code intime} plus the
 *       group's first year minus {@code anchor_year}).
 * </ul>
 */
final class MimicIvTables {
  /** MetaVision item ids start here; MIMIC-IV's icu module has no other. */
  static final long FIRST_METAVISION_ITEM = 220000;

  /** Read when present: the dictionaries, and the antibiotics' two sources (one is needed). */
  private static final java.util.Set<MimicIvTable> OPTIONAL =
      java.util.EnumSet.of(
          MimicIvTable.D_ITEMS,
          MimicIvTable.D_LABITEMS,
          MimicIvTable.PRESCRIPTIONS,
          MimicIvTable.EMAR);

  private final Map<MimicIvTable, Dataset<Row>> tables = new EnumMap<>(MimicIvTable.class);

  private MimicIvTables() {}

  /**
   * Locates and types every table the extracts need under {@code input}; fails with one line naming
   * the first missing folder, table or column (and the release a table seems to come from).
   */
  static MimicIvTables read(SparkSession spark, String input) {
    requireModules(spark, input);
    MimicTableReader hosp = MimicTableReader.open(spark, new Path(input, "hosp").toString());
    MimicTableReader icu = MimicTableReader.open(spark, new Path(input, "icu").toString());
    MimicIvTables result = new MimicIvTables();
    for (MimicIvTable table : MimicIvTable.values()) {
      MimicTableReader reader = table.module() == MimicIvTable.Module.HOSP ? hosp : icu;
      if (!OPTIONAL.contains(table) || reader.has(table)) {
        result.tables.put(table, reader.read(table));
      }
    }
    if (!result.tables.containsKey(MimicIvTable.PRESCRIPTIONS)
        && !result.tables.containsKey(MimicIvTable.EMAR)) {
      throw new IllegalArgumentException(
          "MIMIC table prescriptions not found in "
              + hosp.input()
              + " (nor emar, which stands in for it): the antibiotics come from one of them");
    }
    return result;
  }

  private static void requireModules(SparkSession spark, String input) {
    Path root = new Path(input);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
        throw new IllegalArgumentException("MIMIC-IV input folder not found: " + input);
      }
      for (MimicIvTable.Module module : MimicIvTable.Module.values()) {
        Path folder = new Path(root, module.folder());
        if (!fs.exists(folder) || !fs.getFileStatus(folder).isDirectory()) {
          boolean flat =
              Arrays.stream(fs.listStatus(root))
                  .anyMatch(
                      entry ->
                          entry
                              .getPath()
                              .getName()
                              .toLowerCase(Locale.ROOT)
                              .startsWith("icustays"));
          throw new IllegalArgumentException(
              "MIMIC-IV input "
                  + input
                  + " has no "
                  + module.folder()
                  + "/ folder (the release's layout: hosp/ and icu/ of *.csv.gz)"
                  + (flat
                      ? "; it holds ICUSTAYS at the top level, MIMIC-III's flat layout: use"
                          + " --source mimic-iii"
                      : ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the MIMIC-IV input folder " + input, e);
    }
  }

  /** Rows of {@code icu/icustays} (the stays the release holds), and those without an outtime. */
  long[] icuStays() {
    Row row =
        tables
            .get(MimicIvTable.ICUSTAYS)
            .agg(count(lit(1)), count(when(col("outtime").isNull(), 1)))
            .first();
    return new long[] {row.getLong(0), row.getLong(1)};
  }

  /** Where the antibiotics come from: {@code prescriptions}, else {@code emar}. */
  String antibioticSource() {
    return tables.containsKey(MimicIvTable.PRESCRIPTIONS) ? "prescriptions" : "emar";
  }

  /** The tables in MIMIC-III's shapes, for the MIMIC-III adapter's rules. */
  MimicTables asMimicIii() {
    Map<MimicTable, Dataset<Row>> mapped = new EnumMap<>(MimicTable.class);
    Dataset<Row> icu = tables.get(MimicIvTable.ICUSTAYS);
    mapped.put(
        MimicTable.ICUSTAYS,
        icu.select(
            col("subject_id"),
            col("hadm_id"),
            col("stay_id").as("icustay_id"),
            lit("metavision").as("dbsource"),
            col("intime"),
            col("outtime")));
    mapped.put(
        MimicTable.PATIENTS,
        tables
            .get(MimicIvTable.PATIENTS)
            .select(
                col("subject_id"),
                col("gender"),
                expr("make_timestamp(anchor_year - anchor_age, 1, 1, 0, 0, 0)").as("dob"),
                col("dod")));
    mapped.put(MimicTable.ADMISSIONS, tables.get(MimicIvTable.ADMISSIONS));
    mapped.put(
        MimicTable.CHARTEVENTS,
        tables
            .get(MimicIvTable.CHARTEVENTS)
            .filter(col("itemid").geq(FIRST_METAVISION_ITEM))
            .select(
                col("stay_id").as("icustay_id"),
                col("itemid"),
                col("charttime"),
                col("value"),
                col("valuenum"),
                lit(null).cast(DataTypes.LongType).as("error")));
    mapped.put(MimicTable.LABEVENTS, tables.get(MimicIvTable.LABEVENTS));
    Dataset<Row> inputs = tables.get(MimicIvTable.INPUTEVENTS);
    mapped.put(MimicTable.INPUTEVENTS_MV, inputs.withColumnRenamed("stay_id", "icustay_id"));
    mapped.put(MimicTable.INPUTEVENTS_CV, emptyCareVueInputs(inputs.sparkSession()));
    mapped.put(
        MimicTable.OUTPUTEVENTS,
        tables
            .get(MimicIvTable.OUTPUTEVENTS)
            .select(
                col("stay_id").as("icustay_id"),
                col("charttime"),
                col("itemid"),
                col("value"),
                lit(null).cast(DataTypes.LongType).as("iserror")));
    mapped.put(MimicTable.PRESCRIPTIONS, antibioticOrders());
    mapped.put(MimicTable.MICROBIOLOGYEVENTS, tables.get(MimicIvTable.MICROBIOLOGYEVENTS));
    return MimicTables.of(mapped);
  }

  /**
   * {@code stay_id, split_time}: the stay's {@code intime} moved by the years from the patient's
   * {@code anchor_year} to the first year of its {@code anchor_year_group} ("2008 - 2010"); NULL
   * where the group is missing or unreadable (the split then uses the shifted {@code intime}).
   */
  Dataset<Row> stayPeriods() {
    Column groupStart =
        expr("cast(regexp_extract(anchor_year_group, '^\\\\s*(\\\\d{4})', 1) as int)");
    return tables
        .get(MimicIvTable.ICUSTAYS)
        .join(tables.get(MimicIvTable.PATIENTS), "subject_id")
        .withColumn("group_start", groupStart)
        .select(
            col("stay_id"),
            expr("intime + make_interval(cast(group_start - anchor_year as int), 0, 0, 0, 0, 0, 0)")
                .as("split_time"));
  }

  /** Antibiotic orders as MIMIC-III's PRESCRIPTIONS: hadm_id, startdate, drug, route. */
  private Dataset<Row> antibioticOrders() {
    Dataset<Row> prescriptions = tables.get(MimicIvTable.PRESCRIPTIONS);
    if (prescriptions != null) {
      return prescriptions.select(
          col("hadm_id"), col("starttime").as("startdate"), col("drug"), col("route"));
    }
    return tables
        .get(MimicIvTable.EMAR)
        .filter(lower(trim(col("event_txt"))).equalTo("administered"))
        .select(
            col("hadm_id"),
            col("charttime").as("startdate"),
            col("medication").as("drug"),
            lit(null).cast(DataTypes.StringType).as("route"));
  }

  private static Dataset<Row> emptyCareVueInputs(SparkSession spark) {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (Map.Entry<String, MimicTable.Type> column :
        MimicTable.INPUTEVENTS_CV.columns().entrySet()) {
      schema = schema.add(column.getKey(), column.getValue().dataType());
    }
    return spark.createDataFrame(java.util.List.of(), schema);
  }
}
