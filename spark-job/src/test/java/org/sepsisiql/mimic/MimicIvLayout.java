package org.sepsisiql.mimic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The real MIMIC-III demo's MetaVision stays written in MIMIC-IV's release layout ({@code hosp/}
 * and {@code icu/} of {@code <table>.csv.gz}, every documented column of {@link
 * MiniMimicIv#RELEASE_COLUMNS} in order): MIMIC-IV's ICU tables are MetaVision's, with the same
 * item ids, so these stays are what the MIMIC-IV demo looks like to the adapter. Renames: {@code
 * icustay_id} to {@code stay_id}, {@code startdate} to {@code starttime}, {@code row_id} to the
 * event ids, {@code ethnicity} to {@code race}. MIMIC-IV's anonymization, made up: {@code
 * anchor_year} = the year of the patient's first ICU admission, {@code anchor_age} = the age then
 * (91 above 89, as MIMIC-IV does), {@code anchor_year_group} one of four groups by {@code
 * subject_id mod 4} (the demo has no real period). Rows MIMIC-III marks as errors are left out (the
 * MIMIC-IV tables have no error column).
 */
final class MimicIvLayout {
  private static final String GROUPS =
      "array('2008 - 2010', '2011 - 2013', '2014 - 2016', '2017 - 2019')";

  private MimicIvLayout() {}

  /** Writes the layout under {@code root}; returns it. */
  static Path fromMimicIiiDemo(SparkSession spark, Path demo, Path root) throws IOException {
    for (String table :
        List.of(
            "PATIENTS",
            "ADMISSIONS",
            "ICUSTAYS",
            "CHARTEVENTS",
            "LABEVENTS",
            "INPUTEVENTS_MV",
            "OUTPUTEVENTS",
            "PRESCRIPTIONS",
            "MICROBIOLOGYEVENTS",
            "D_ITEMS",
            "D_LABITEMS")) {
      spark
          .read()
          .option("header", "true")
          .option("escape", "\"")
          .csv(demo.resolve(table + ".csv.gz").toString())
          .createOrReplaceTempView("iii_" + table.toLowerCase());
    }
    spark
        .sql(
            "SELECT subject_id, min(intime) AS first_intime FROM iii_icustays"
                + " WHERE dbsource = 'metavision' GROUP BY subject_id")
        .createOrReplaceTempView("mv_subjects");
    spark
        .sql("SELECT icustay_id FROM iii_icustays WHERE dbsource = 'metavision'")
        .createOrReplaceTempView("mv_stays");
    for (Map.Entry<MimicIvTable, String> entry : queries().entrySet()) {
      write(spark.sql(entry.getValue()), entry.getKey(), root);
    }
    org.apache.commons.io.FileUtils.deleteDirectory(root.resolve("_parts").toFile());
    return root;
  }

  private static Map<MimicIvTable, String> queries() {
    String ofSubjects = " WHERE subject_id IN (SELECT subject_id FROM mv_subjects)";
    String ofStays = " WHERE icustay_id IN (SELECT icustay_id FROM mv_stays)";
    return Map.ofEntries(
        Map.entry(
            MimicIvTable.PATIENTS,
            "SELECT p.subject_id, gender, year(first_intime) AS anchor_year,"
                + " least(91, floor(datediff(first_intime, dob) / 365.25)) AS anchor_age,"
                + " element_at("
                + GROUPS
                + ", cast(p.subject_id % 4 AS int) + 1) AS anchor_year_group,"
                + " substr(dod, 1, 10) AS dod"
                + " FROM iii_patients p JOIN mv_subjects s ON p.subject_id = s.subject_id"),
        Map.entry(
            MimicIvTable.ADMISSIONS,
            "SELECT *, ethnicity AS race FROM iii_admissions" + ofSubjects),
        Map.entry(
            MimicIvTable.ICUSTAYS, "SELECT *, icustay_id AS stay_id FROM iii_icustays" + ofStays),
        Map.entry(
            MimicIvTable.CHARTEVENTS,
            "SELECT *, icustay_id AS stay_id FROM iii_chartevents"
                + ofStays
                + " AND coalesce(error, '0') != '1'"),
        Map.entry(
            MimicIvTable.LABEVENTS,
            "SELECT *, row_id AS labevent_id FROM iii_labevents" + ofSubjects),
        Map.entry(
            MimicIvTable.INPUTEVENTS,
            "SELECT *, icustay_id AS stay_id FROM iii_inputevents_mv" + ofStays),
        Map.entry(
            MimicIvTable.OUTPUTEVENTS,
            "SELECT *, icustay_id AS stay_id FROM iii_outputevents"
                + ofStays
                + " AND coalesce(iserror, '0') != '1'"),
        Map.entry(
            MimicIvTable.PRESCRIPTIONS,
            "SELECT *, startdate AS starttime, enddate AS stoptime FROM iii_prescriptions"
                + ofSubjects),
        Map.entry(
            MimicIvTable.MICROBIOLOGYEVENTS,
            "SELECT *, row_id AS microevent_id FROM iii_microbiologyevents" + ofSubjects),
        Map.entry(MimicIvTable.D_ITEMS, "SELECT * FROM iii_d_items"),
        Map.entry(MimicIvTable.D_LABITEMS, "SELECT * FROM iii_d_labitems"));
  }

  /** The release's columns in order (NULL where MIMIC-III has none), as one gzipped CSV file. */
  private static void write(Dataset<Row> data, MimicIvTable table, Path root) throws IOException {
    List<Column> columns = new ArrayList<>();
    List<String> present = List.of(data.columns());
    for (String name : MiniMimicIv.RELEASE_COLUMNS.get(table)) {
      columns.add(
          present.contains(name)
              ? functions.col(name).cast("string")
              : functions.lit(null).cast("string").as(name));
    }
    Path parts = root.resolve("_parts").resolve(table.fileStem());
    data.select(columns.toArray(Column[]::new))
        .coalesce(1)
        .write()
        .option("header", "true")
        .option("compression", "gzip")
        .option("escape", "\"")
        .csv(parts.toString());
    Path folder = Files.createDirectories(root.resolve(table.module().folder()));
    try (Stream<Path> files = Files.list(parts)) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".csv.gz"))
              .findFirst()
              .orElseThrow();
      Files.move(part, folder.resolve(table.fileStem() + ".csv.gz"));
    }
  }
}
