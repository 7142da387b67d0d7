package org.sepsisiql.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.data.ExtractSchemas;
import org.sepsisiql.data.ExtractSchemas.ExtractDataset;
import org.sepsisiql.testing.TestSpark;

/** The Spark paths: Parquet output, determinism across partitionings, and Spark rollouts. */
class SyntheticCohortWriterTest {
  private static final int STAYS = 200;
  private static final long SEED = 42;
  @TempDir static Path dir;
  private static SparkSession spark;
  private static SimulatorSettings settings;
  private static SyntheticCohortWriter.Result written;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    settings = withStaysPerPartition(100);
    written = SyntheticCohortWriter.write(spark, settings, STAYS, SEED, path("a"));
  }

  private static SimulatorSettings withStaysPerPartition(int stays) {
    return SimulatorSettings.from(
        ConfigFactory.parseString("sepsis-iql.simulator.stays-per-partition = " + stays)
            .withFallback(ConfigFactory.defaultReference()));
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static Dataset<Row> read(String cohort, ExtractDataset dataset) {
    return spark.read().schema(dataset.schema()).parquet(path(cohort) + "/" + dataset.name());
  }

  private static ExtractDataset dataset(String name) {
    return ExtractSchemas.DATASETS.stream().filter(d -> d.name().equals(name)).findFirst().get();
  }

  private static long fingerprint(String cohort, ExtractDataset dataset) {
    return read(cohort, dataset).selectExpr("sum(cast(hash(*) as bigint))").first().getLong(0);
  }

  @Test
  void resultCountsWhatWasWritten() {
    assertEquals(STAYS, written.stays(), "stays");
    assertTrue(written.patients() < STAYS, "some stays should be readmissions: " + written);
    for (ExtractDataset dataset : ExtractSchemas.DATASETS) {
      assertEquals(
          written.rowsPerDataset().get(dataset.name()).longValue(),
          read("a", dataset).count(),
          "rows of " + dataset.name());
    }
    long patients =
        read("a", ExtractSchemas.DATASETS.get(0)).select("patient_id").distinct().count();
    assertEquals(written.patients(), patients, "distinct patients");
  }

  @Test
  void parquetHasExactlyTheContractSchemas() throws IOException {
    for (ExtractDataset dataset : ExtractSchemas.DATASETS) {
      MessageType parquet = footerSchema(dir.resolve("a").resolve(dataset.name()));
      assertEquals(dataset.schema().size(), parquet.getFieldCount(), dataset.name() + " columns");
      for (StructField field : dataset.schema().fields()) {
        Type column = parquet.getType(field.name());
        assertEquals(
            field.nullable(),
            column.isRepetition(Type.Repetition.OPTIONAL),
            dataset.name() + "." + field.name() + " nullability");
      }
      StructField[] read = spark.read().parquet(path("a") + "/" + dataset.name()).schema().fields();
      for (int i = 0; i < read.length; i++) {
        assertEquals(
            dataset.schema().fields()[i].name(), read[i].name(), dataset.name() + " order");
        assertEquals(
            dataset.schema().fields()[i].dataType(), read[i].dataType(), read[i].name() + " type");
      }
    }
  }

  private static MessageType footerSchema(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      try (ParquetFileReader reader =
          ParquetFileReader.open(
              HadoopInputFile.fromPath(
                  new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
        return reader.getFooter().getFileMetaData().getSchema();
      }
    }
  }

  @Test
  void everyEventLiesInsideItsStay() {
    read("a", dataset("stays")).createOrReplaceTempView("s");
    read("a", dataset("infection")).createOrReplaceTempView("infection_view");
    String[][] events = {
      {"measurements", "charttime", "charttime"},
      {"fluids", "start_time", "end_time"},
      {"vasopressors", "start_time", "end_time"},
      {"urine_output", "charttime", "charttime"},
      {"infection", "antibiotic_time", "antibiotic_time"},
      {"infection", "culture_time", "culture_time"}
    };
    for (String[] event : events) {
      read("a", dataset(event[0])).createOrReplaceTempView("e");
      long outside =
          spark
              .sql(
                  "SELECT count(*) FROM e JOIN s USING (stay_id) WHERE "
                      + event[1]
                      + " < admit_time OR "
                      + event[2]
                      + " > discharge_time OR "
                      + event[2]
                      + " < "
                      + event[1]
                      + " OR discharge_time <> coalesce(death_time, discharge_time)")
              .first()
              .getLong(0);
      assertEquals(0, outside, event[0] + " events outside their stay or out of order");
    }
    long badOnset =
        spark
            .sql(
                "SELECT count(*) FROM s JOIN infection_view i USING (stay_id) WHERE"
                    + " sepsis_onset_time <> least(i.antibiotic_time, i.culture_time)")
            .first()
            .getLong(0);
    assertEquals(0, badOnset, "onset should be the earlier of culture and antibiotic");
  }

  @Test
  void sameSeedGivesTheSameCohortWhateverThePartitioning() {
    SyntheticCohortWriter.write(spark, withStaysPerPartition(1000), STAYS, SEED, path("b"));
    for (ExtractDataset dataset : ExtractSchemas.DATASETS) {
      assertEquals(
          fingerprint("a", dataset), fingerprint("b", dataset), dataset.name() + " differs");
      assertEquals(read("a", dataset).count(), read("b", dataset).count(), dataset.name());
    }
  }

  @Test
  void groundTruthOnSparkEqualsTheInJvmPath() {
    GroundTruth truth = new GroundTruth(settings);
    PhysiologyAwarePolicy policy = new PhysiologyAwarePolicy();
    GroundTruth.Result local = truth.evaluateLocally(policy, 250, SEED);
    GroundTruth.Result distributed = truth.evaluate(spark, policy, 250, SEED);
    assertEquals(local, distributed, "Spark rollouts should equal in-JVM rollouts");
    assertEquals(250, distributed.stays(), "stays rolled out");
  }
}
