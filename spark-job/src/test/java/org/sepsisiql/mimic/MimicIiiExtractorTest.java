package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.run.RunFolder;
import org.sepsisiql.run.StageWrite;
import org.sepsisiql.testing.TestSpark;

/** Each mapping rule of the adapter on hand-made tables (see {@link MiniTables}). */
class MimicIiiExtractorTest {
  private static SparkSession spark;
  private static StageWrite write;
  private static MimicExtractResult result;

  @BeforeAll
  static void extract() throws Exception {
    spark = TestSpark.session();
    Path root = Files.createTempDirectory("mimic-extract");
    Path input = MiniTables.scenario().write(root.resolve("input"), false);
    RunFolder folder =
        RunFolder.open(
            root.resolve("out").toString(), "run", new Configuration(), Clock.systemUTC());
    write = folder.beginStage("extracts");
    MimicSettings settings = MimicSettings.from(ConfigLoader.defaults());
    result = MimicSource.MIMIC_III.extract(spark, input.toString(), settings, write);
  }

  @AfterAll
  static void stop() {
    write.abort();
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

  @Test
  void fahrenheitTemperaturesAreConvertedToCelsius() {
    assertEquals(37.0, measured(100, "temp_c").get(0).<Double>getAs("value"), 1e-9, "98.6 F");
    assertEquals(38.0, measured(200, "temp_c").get(0).<Double>getAs("value"), 1e-9, "100.4 F");
    assertEquals("C", measured(200, "temp_c").get(0).getAs("unit"), "canonical unit written");
  }

  @Test
  void fio2PercentBecomesFractionAndFractionStays() {
    assertEquals(0.5, measured(100, "fio2").get(0).<Double>getAs("value"), 1e-9, "50 % -> 0.5");
    assertEquals(0.4, measured(200, "fio2").get(0).<Double>getAs("value"), 1e-9, "0.4 stays");
  }

  @Test
  void metaVisionGcsIsTheSumOfACompleteTripleAndCareVueGcsIsTheTotal() {
    List<Row> metaVision = measured(100, "gcs");
    assertEquals(1, metaVision.size(), "the incomplete triple at 03:00 is dropped");
    assertEquals(15.0, metaVision.get(0).<Double>getAs("value"), "4 + 5 + 6");
    assertEquals(9.0, measured(200, "gcs").get(0).<Double>getAs("value"), "CareVue total");
  }

  @Test
  void ventilatorSettingsMarkMechanicalVentilation() {
    List<Row> vent = measured(100, "mech_vent");
    assertEquals(1, vent.size(), "one charted tidal volume, one flag");
    assertEquals(1.0, vent.get(0).<Double>getAs("value"), "flag value");
  }

  @Test
  void errorRowsAreDroppedAndLabsAreKeptOnlyInsideTheStayWindow() {
    assertEquals(1, measured(100, "heart_rate").size(), "the error=1 heart rate is dropped");
    List<Row> lactate = measured(100, "lactate");
    assertEquals(1, lactate.size(), "the lab 48 h before intime is outside the 24 h window");
    assertEquals(Timestamp.valueOf("2149-12-31 12:00:00"), lactate.get(0).getAs("charttime"));
  }

  @Test
  void fluidsAreTonicityAdjustedAndFreeWaterAndRewrittenRowsAreLeftOut() {
    List<Row> fluids = dataset("fluids").orderBy("stay_id", "start_time").collectAsList();
    double stay100 =
        fluids.stream()
            .filter(r -> r.<Long>getAs("stay_id") == 100L)
            .mapToDouble(r -> r.getAs("amount_ml"))
            .sum();
    assertEquals(1000.0, stay100, 1e-9, "500 mL saline + 100 mL albumin 25 % x 5; no D5W");
    Row halfSaline =
        fluids.stream().filter(r -> r.<Long>getAs("stay_id") == 200L).findFirst().get();
    assertEquals(100.0, halfSaline.<Double>getAs("amount_ml"), 1e-9, "200 mL of 0.45 % x 0.5");
    assertEquals(
        Timestamp.valueOf("2101-02-01 05:00:00"),
        halfSaline.getAs("start_time"),
        "a CareVue volume is given over the hour before its charttime");
  }

  @Test
  void careVueRatesHoldUntilTheNextRateOrTheHoldLimit() {
    List<Row> rates =
        dataset("vasopressors")
            .filter(col("stay_id").equalTo(200))
            .orderBy("start_time")
            .collectAsList();
    assertEquals(3, rates.size(), "three charted rates; the amount-only row is skipped");
    assertEquals(Timestamp.valueOf("2101-02-01 08:00:00"), rates.get(0).getAs("end_time"));
    assertEquals(Timestamp.valueOf("2101-02-01 13:00:00"), rates.get(2).getAs("end_time"));
    assertEquals("norepinephrine", rates.get(0).getAs("drug"), "Levophed-k");
    assertEquals("mcgkgmin", rates.get(0).getAs("rate_unit"), "rate unit as charted");
    assertEquals(0L, result.count("vasopressor_rows_without_ne_equivalent"), "all convertible");
  }

  @Test
  void urineOutputLeavesOutIrrigantAndErrors() {
    List<Row> urine = dataset("urine_output").collectAsList();
    assertEquals(1, urine.size(), "only the Foley row");
    assertEquals(300.0, urine.get(0).<Double>getAs("amount_ml"), "Foley volume");
  }

  @Test
  void staysCarryCappedAgeReadmissionDeathAndWeightFallbacks() {
    Row stay100 = stay(100);
    Row stay101 = stay(101);
    Row stay200 = stay(200);
    assertEquals(50.0, stay100.<Double>getAs("age_years"), 0.01, "dob 2100 -> 2150");
    assertEquals(91.4, stay200.<Double>getAs("age_years"), 1e-9, "shifted age ~300 is capped");
    assertFalse(stay100.<Boolean>getAs("readmission"), "first stay");
    assertTrue(stay101.<Boolean>getAs("readmission"), "later stay of the same patient");
    assertEquals(176 * 0.45359237, stay100.<Double>getAs("weight_kg"), 1e-9, "admission lb wins");
    assertEquals(70.0, stay101.<Double>getAs("weight_kg"), 1e-9, "MetaVision patientweight");
    assertEquals(80.0, stay200.<Double>getAs("weight_kg"), 1e-9, "default weight");
    assertTrue(stay200.<Boolean>getAs("died_in_hospital"), "hospital_expire_flag 1");
    assertEquals(Timestamp.valueOf("2101-02-10 12:00:00"), stay200.getAs("death_time"));
    assertNull(stay100.getAs("death_time"), "alive, no dod");
    assertNull(stay100.getAs("sepsis_onset_time"), "computed by the cohort stage");
    assertEquals(1L, result.count("weight_default"), "one stay fell back to the default");
    assertEquals(1L, result.count("weight_from_admission_weight"), "stay 100");
    assertEquals(1L, result.count("weight_from_inputevents_mv"), "stay 101");
  }

  @Test
  void infectionHasAntibioticAndCultureRowsInsideTheWindow() {
    List<Row> rows = dataset("infection").orderBy("stay_id").collectAsList();
    assertEquals(
        3, rows.size(), "vancomycin + two distinct culture times, all in stay 100: " + rows);
    assertTrue(rows.stream().allMatch(r -> r.<Long>getAs("stay_id") == 100L), "stay 100 only");
    assertEquals(
        1L, result.count("infection_antibiotic_rows"), "ophthalmic and non-antibiotics out");
    assertEquals(
        2L, result.count("infection_culture_rows"), "chartdate used when charttime is null");
  }

  private static Row stay(long id) {
    return dataset("stays").filter(col("stay_id").equalTo(id)).first();
  }
}
