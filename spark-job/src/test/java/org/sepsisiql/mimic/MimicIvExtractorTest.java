package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.cli.Main;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.run.RunFolder;
import org.sepsisiql.run.StageWrite;
import org.sepsisiql.testing.TestSpark;

/**
 * The MIMIC-IV adapter on a hand-made release ({@link MiniMimicIvTables}: hosp/ and icu/ of gzipped
 * CSV with the documented columns): each table's mapping, unit conversion, the age from anchor_age,
 * the temporal order from anchor_year_group, the antibiotics from prescriptions or emar, and bad
 * input (a missing folder, table or column, a table of MIMIC-III) refused in one line.
 */
class MimicIvExtractorTest {
  @TempDir static Path temp;
  private static SparkSession spark;
  private static StageWrite write;
  private static MimicExtractResult result;

  @BeforeAll
  static void extract() throws Exception {
    spark = TestSpark.session();
    Path input = MiniMimicIvTables.scenario().write(temp.resolve("mimic-iv"));
    write = stage("run");
    result = MimicSource.MIMIC_IV.extract(spark, input.toString(), settings(), write);
  }

  @AfterAll
  static void abort() {
    write.abort();
  }

  private static StageWrite stage(String runId) {
    return RunFolder.open(
            temp.resolve("out").toString(), runId, new Configuration(), Clock.systemUTC())
        .beginStage("extracts");
  }

  private static MimicSettings settings() {
    return MimicSettings.from(ConfigLoader.defaults());
  }

  private static Dataset<Row> dataset(String name) {
    return spark.read().parquet(write.temporaryPath(name));
  }

  private static List<Row> measured(long stay, String variable) {
    return dataset("measurements")
        .filter(col("stay_id").equalTo(stay).and(col("variable").equalTo(variable)))
        .orderBy("charttime")
        .collectAsList();
  }

  private static Row stay(long id) {
    return dataset("stays").filter(col("stay_id").equalTo(id)).first();
  }

  @Test
  void chartEventsOfMetaVisionItemsAreConvertedToCanonicalUnits() {
    assertEquals(37.0, measured(100, "temp_c").get(0).<Double>getAs("value"), 1e-9, "98.6 F");
    assertEquals(0.5, measured(100, "fio2").get(0).<Double>getAs("value"), 1e-9, "50 % -> 0.5");
    assertEquals(15.0, measured(100, "gcs").get(0).<Double>getAs("value"), "4 + 5 + 6");
    assertEquals(1, measured(100, "mech_vent").size(), "tidal volume marks ventilation");
    List<Row> heartRate = measured(100, "heart_rate");
    assertEquals(1, heartRate.size(), "CareVue's item 211 is not read from MIMIC-IV");
    assertEquals(80.0, heartRate.get(0).<Double>getAs("value"));
    assertEquals(95.0, measured(200, "heart_rate").get(0).<Double>getAs("value"));
  }

  @Test
  void labsAreKeptInsideTheStayWindow() {
    List<Row> lactate = measured(100, "lactate");
    assertEquals(1, lactate.size(), "the lab 48 h before intime is outside the 24 h window");
    assertEquals(Timestamp.valueOf("2149-12-31 12:00:00"), lactate.get(0).getAs("charttime"));
  }

  @Test
  void inputEventsGiveTonicityAdjustedFluidsAndVasopressorRates() {
    double fluids =
        dataset("fluids")
            .filter(col("stay_id").equalTo(100))
            .agg(org.apache.spark.sql.functions.sum("amount_ml"))
            .first()
            .getDouble(0);
    assertEquals(
        1000.0, fluids, 1e-9, "500 mL saline + 100 mL albumin 25 % x 5; not the rewritten");
    Row rate = dataset("vasopressors").first();
    assertEquals("norepinephrine", rate.getAs("drug"));
    assertEquals(0.1, rate.<Double>getAs("rate"), 1e-12);
    assertEquals("mcg/kg/min", rate.getAs("rate_unit"));
    assertEquals(0L, result.count("vasopressor_rows_without_ne_equivalent"), "all convertible");
  }

  @Test
  void urineOutputLeavesOutIrrigant() {
    List<Row> urine = dataset("urine_output").collectAsList();
    assertEquals(1, urine.size(), "only the Foley row");
    assertEquals(300.0, urine.get(0).<Double>getAs("amount_ml"));
  }

  @Test
  void staysTakeTheAgeFromAnchorAgeAndTheWeightAndDeathFromTheRelease() {
    assertEquals(50.0, stay(100).<Double>getAs("age_years"), 0.01, "anchor_age in anchor_year");
    assertEquals(70.08, stay(200).<Double>getAs("age_years"), 0.01, "plus one month");
    assertEquals(176 * 0.45359237, stay(100).<Double>getAs("weight_kg"), 1e-9, "admission lb");
    assertEquals(82.0, stay(200).<Double>getAs("weight_kg"), 1e-9, "daily weight");
    assertTrue(stay(200).<Boolean>getAs("died_in_hospital"), "hospital_expire_flag 1");
    assertEquals(Timestamp.valueOf("2180-02-10 12:00:00"), stay(200).getAs("death_time"));
    assertNull(stay(100).getAs("death_time"));
    assertEquals(2L, dataset("stays").count(), "stay 201 has no outtime");
    assertEquals(3L, result.count("icustays_rows"));
    assertEquals(1L, result.count("stays_excluded_no_outtime"));
    assertEquals(2L, result.count("stays_metavision"), "every MIMIC-IV stay is MetaVision's");
  }

  @Test
  void stayPeriodsOrderStaysByTheirAnchorYearGroup() {
    assertEquals(
        org.sepsisiql.data.ExtractSchemas.STAY_PERIODS.simpleString(),
        dataset("stay_periods").schema().simpleString(),
        "the contract's schema");
    List<Row> periods = dataset("stay_periods").orderBy("stay_id").collectAsList();
    assertEquals(3, periods.size(), "every stay of the release, 201 too");
    assertEquals(Timestamp.valueOf("2008-01-01 00:00:00"), periods.get(0).getAs("split_time"));
    assertEquals(Timestamp.valueOf("2017-02-01 00:00:00"), periods.get(1).getAs("split_time"));
    assertEquals(3L, result.count("stays_ordered_by_anchor_year_group"));
  }

  @Test
  void infectionHasThePrescribedAntibioticAndTheCulture() {
    List<Row> rows = dataset("infection").orderBy("antibiotic_time").collectAsList();
    assertEquals(2, rows.size(), "vancomycin and the blood culture; not acetaminophen");
    assertEquals(Timestamp.valueOf("2150-01-01 08:00:00"), rows.get(1).getAs("antibiotic_time"));
    assertEquals(Timestamp.valueOf("2150-01-01 10:00:00"), rows.get(0).getAs("culture_time"));
    assertEquals("prescriptions", result.counts().get("antibiotics_from"));
  }

  @Test
  void withoutPrescriptionsTheAdministeredEmarRowsAreTheAntibiotics() throws Exception {
    Path input =
        MiniMimicIvTables.scenario()
            .without(MimicIvTable.PRESCRIPTIONS)
            .write(temp.resolve("emar-only"));
    StageWrite emar = stage("emar");
    try {
      MimicExtractResult fromEmar =
          MimicSource.MIMIC_IV.extract(spark, input.toString(), settings(), emar);
      List<Row> antibiotics =
          spark
              .read()
              .parquet(emar.temporaryPath("infection"))
              .filter(col("antibiotic_time").isNotNull())
              .collectAsList();
      assertEquals(1, antibiotics.size(), "the administered dose; not the one not given");
      assertEquals(
          Timestamp.valueOf("2150-01-01 09:00:00"), antibiotics.get(0).getAs("antibiotic_time"));
      assertEquals("emar", fromEmar.counts().get("antibiotics_from"));
    } finally {
      emar.abort();
    }
  }

  /**
   * The same release converted to Parquet (one folder per table, the used columns typed as a user's
   * conversion would type them: bigint, double, timestamp; the rest left as text) gives the same
   * extracts.
   */
  @Test
  void theReleaseAsParquetGivesTheSameExtracts() throws Exception {
    Path csv = MiniMimicIvTables.scenario().write(temp.resolve("as-csv"));
    Path parquet = temp.resolve("as-parquet");
    for (MimicIvTable table : MimicIvTable.values()) {
      String module = table.module().folder();
      org.apache.spark.sql.types.StructType text = new org.apache.spark.sql.types.StructType();
      for (String column : MiniMimicIv.RELEASE_COLUMNS.get(table)) {
        text = text.add(column, "string");
      }
      Dataset<Row> typed =
          spark
              .read()
              .option("header", "true")
              .schema(text)
              .csv(csv.resolve(module).resolve(table.fileStem() + ".csv.gz").toString());
      for (var column : table.columns().entrySet()) {
        typed =
            typed.withColumn(
                column.getKey(), col(column.getKey()).cast(column.getValue().dataType()));
      }
      typed.write().parquet(parquet.resolve(module).resolve(table.fileStem()).toString());
    }
    StageWrite fromParquet = stage("parquet");
    try {
      MimicExtractResult parquetResult =
          MimicSource.MIMIC_IV.extract(spark, parquet.toString(), settings(), fromParquet);
      for (String count :
          new String[] {"stays", "measurements", "fluids", "vasopressors", "urine_output"}) {
        assertEquals(result.count(count), parquetResult.count(count), count);
      }
      assertEquals(
          dataset("stay_periods").orderBy("stay_id").collectAsList(),
          spark
              .read()
              .parquet(fromParquet.temporaryPath("stay_periods"))
              .orderBy("stay_id")
              .collectAsList());
    } finally {
      fromParquet.abort();
    }
  }

  @Test
  void badInputIsRefusedInOneLineNamingWhatIsWrong() throws Exception {
    Path missingTable =
        MiniMimicIvTables.scenario()
            .without(MimicIvTable.OUTPUTEVENTS)
            .write(temp.resolve("no-outputevents"));
    assertMessage(
        missingTable, "MIMIC table outputevents not found in " + missingTable.resolve("icu"));
    Path noIcu = MiniMimicIvTables.scenario().write(temp.resolve("no-icu"));
    org.apache.commons.io.FileUtils.deleteDirectory(noIcu.resolve("icu").toFile());
    assertMessage(noIcu, "has no icu/ folder");
    Path missingColumn = MiniMimicIvTables.scenario().write(temp.resolve("no-anchor-year"));
    List<String> header =
        MiniMimicIv.RELEASE_COLUMNS.get(MimicIvTable.PATIENTS).stream()
            .filter(c -> !c.equals("anchor_year"))
            .toList();
    MiniMimicIvTables.scenario().write(missingColumn, MimicIvTable.PATIENTS, header);
    assertMessage(missingColumn, "MIMIC table patients has no column 'anchor_year'");
    Path oldRelease = MiniMimicIvTables.scenario().write(temp.resolve("mimic-iii-icustays"));
    List<String> mimicIii =
        List.of("subject_id", "hadm_id", "icustay_id", "dbsource", "intime", "outtime");
    MiniMimicIvTables.scenario().write(oldRelease, MimicIvTable.ICUSTAYS, mimicIii);
    assertMessage(oldRelease, "has MIMIC-III's icustay_id: a MIMIC-III table");
    Path flat = Files.createDirectories(temp.resolve("flat"));
    new MiniMimic().write(flat, true);
    assertMessage(flat, "it holds ICUSTAYS at the top level, MIMIC-III's flat layout");
  }

  @Test
  void theCommandRefusesAMimicIiiFolderWithExitCode2() throws Exception {
    Path flat = Files.createDirectories(temp.resolve("flat-command"));
    new MiniMimic().write(flat, true);
    int code =
        Main.execute(
            "extract-mimic",
            "--source",
            "mimic-iv",
            "--input",
            flat.toString(),
            "--output",
            temp.resolve("command").toString(),
            "--run-id",
            "bad",
            "-Dsepsis-iql.spark.master=local[2]");
    assertEquals(2, code, "invalid input");
  }

  private static void assertMessage(Path input, String expected) {
    StageWrite bad = stage("bad-" + input.getFileName());
    try {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  MimicSource.MIMIC_IV.extract(spark, input.toString(), settings(), bad).counts());
      assertTrue(e.getMessage().contains(expected), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    } finally {
      bad.abort();
    }
  }
}
