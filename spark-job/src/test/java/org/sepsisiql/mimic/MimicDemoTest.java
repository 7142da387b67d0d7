package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.cli.Main;
import org.sepsisiql.data.ExtractSchemas;

/**
 * The adapter on the real MIMIC-III demo (100 patients, 136 ICU stays), through the command line;
 * skipped unless {@code SEPSIS_IQL_SHARED_DATA} points at the folder holding {@code
 * mimic-iii-demo/}.
 */
class MimicDemoTest {
  private static SparkSession spark;
  private static Path extracts;
  private static int exitCode;

  @BeforeAll
  static void extract() throws Exception {
    Path demo = MimicDemo.folder();
    Path output = Files.createTempDirectory("mimic-demo");
    exitCode =
        Main.execute(
            "extract-mimic",
            "--source",
            "mimic-iii",
            "--input",
            demo.toString(),
            "--output",
            output.toString(),
            "--run-id",
            "demo",
            "-Dsepsis-iql.spark.master=local[2]");
    extracts = output.resolve("demo").resolve("extracts");
    spark = MimicTestSpark.start("MimicDemoTest");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Dataset<Row> dataset(String name) {
    return spark.read().parquet(extracts.resolve(name).toString());
  }

  private static long staysWith(String name) {
    return dataset(name).select("stay_id").distinct().count();
  }

  @Test
  void theCommandSucceedsAndCommitsTheStage() {
    assertEquals(0, exitCode, "extract-mimic exit code");
    assertTrue(Files.exists(extracts.resolve("_SUCCESS")), "stage committed with _SUCCESS");
    assertTrue(Files.exists(extracts.getParent().resolve("run.json")), "run.json written");
  }

  @Test
  void everyDatasetHasExactlyTheContractSchema() {
    for (ExtractSchemas.ExtractDataset contract : ExtractSchemas.DATASETS) {
      assertEquals(
          namesAndTypes(contract.schema()),
          namesAndTypes(dataset(contract.name()).schema()),
          "schema of " + contract.name());
    }
  }

  @Test
  void countsArePlausible() {
    assertEquals(136, dataset("stays").count(), "ICU stays of the demo");
    long measured = staysWith("measurements");
    assertTrue(measured >= 130, "stays with measurements: " + measured);
    long fluids = staysWith("fluids");
    assertTrue(fluids >= 120 && fluids <= 132, "stays with fluids (README: 129): " + fluids);
    long vasopressors = staysWith("vasopressors");
    assertTrue(
        vasopressors >= 44 && vasopressors <= 52,
        "stays with vasopressors (README: 48): " + vasopressors);
    long urine = staysWith("urine_output");
    assertTrue(urine >= 120, "stays with urine output: " + urine);
    long infection = staysWith("infection");
    assertTrue(infection >= 83, "stays with antibiotics or cultures: " + infection);
  }

  @Test
  void everyVasopressorRowHasANorepinephrineEquivalent() {
    org.sepsisiql.udfs.SepsisUdfs.register(spark);
    long missing =
        dataset("vasopressors")
            .join(dataset("stays").select("stay_id", "weight_kg"), "stay_id")
            .selectExpr("norepinephrine_equivalent(drug, rate, rate_unit, weight_kg) AS ne")
            .filter(col("ne").isNull())
            .count();
    assertEquals(0, missing, "vasopressor rows without a norepinephrine equivalent");
  }

  @Test
  void timesAreInsideTheShiftedDemoYears() {
    Timestamp low = Timestamp.valueOf("2000-01-01 00:00:00");
    Timestamp high = Timestamp.valueOf("2220-01-01 00:00:00");
    String[][] columns = {
      {"stays", "admit_time"}, {"stays", "discharge_time"}, {"measurements", "charttime"},
      {"fluids", "start_time"}, {"fluids", "end_time"}, {"vasopressors", "start_time"},
      {"vasopressors", "end_time"}, {"urine_output", "charttime"}, {"infection", "culture_time"},
      {"infection", "antibiotic_time"}
    };
    for (String[] column : columns) {
      Row range = dataset(column[0]).agg(min(column[1]), max(column[1])).first();
      String what = column[0] + "." + column[1] + " in " + range;
      assertTrue(range.getTimestamp(0).after(low) && range.getTimestamp(1).before(high), what);
    }
    long backwards = dataset("stays").filter(col("discharge_time").lt(col("admit_time"))).count();
    assertEquals(0, backwards, "stays discharged before admission");
  }

  private static String namesAndTypes(StructType schema) {
    StringBuilder text = new StringBuilder();
    for (StructField field : schema.fields()) {
      text.append(field.name()).append(':').append(field.dataType().simpleString()).append(' ');
    }
    return text.toString();
  }
}
