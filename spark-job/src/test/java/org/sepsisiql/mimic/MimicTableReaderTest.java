package org.sepsisiql.mimic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.testing.TestSpark;

/** CSV, gzipped CSV and Parquet inputs, and the errors for a missing table or column. */
class MimicTableReaderTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  private static MiniMimic patients() {
    return new MiniMimic()
        .add(MimicTable.PATIENTS, 1, "F", "2100-01-01", null)
        .add(MimicTable.PATIENTS, 2, "M", "2090-05-01", "2101-03-01 10:30:00");
  }

  @Test
  void csvGzippedCsvAndParquetReadTheSame() throws IOException {
    Path csv = Files.createTempDirectory("csv");
    Path gz = Files.createTempDirectory("gz");
    patients().writeTable(csv, MimicTable.PATIENTS, false);
    patients().writeTable(gz, MimicTable.PATIENTS, true);
    List<Row> fromCsv = read(csv);
    Path parquet = Files.createTempDirectory("parquet");
    MimicTableReader.open(spark, csv.toString())
        .read(MimicTable.PATIENTS)
        .write()
        .parquet(parquet.resolve("patients").toString());
    assertEquals(fromCsv, read(gz), "gzipped CSV reads like CSV");
    assertEquals(fromCsv, read(parquet), "a Parquet folder (lowercase name) reads like CSV");
    assertEquals(2, fromCsv.size(), "both patients");
  }

  @Test
  void columnsAreTypedAndDateOnlyTimesParse() throws IOException {
    Path csv = Files.createTempDirectory("typed");
    patients().writeTable(csv, MimicTable.PATIENTS, false);
    var table = MimicTableReader.open(spark, csv.toString()).read(MimicTable.PATIENTS);
    assertEquals(DataTypes.LongType, table.schema().apply("subject_id").dataType(), "long id");
    assertEquals(DataTypes.TimestampType, table.schema().apply("dob").dataType(), "timestamp");
    Row first = table.orderBy("subject_id").first();
    assertEquals(java.sql.Timestamp.valueOf("2100-01-01 00:00:00"), first.getAs("dob"), "date");
  }

  @Test
  void aMissingTableIsAnErrorNamingTheTableAndFolder() throws IOException {
    Path empty = Files.createTempDirectory("empty");
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> MimicTableReader.open(spark, empty.toString()).read(MimicTable.CHARTEVENTS));
    assertTrue(error.getMessage().contains("CHARTEVENTS"), error.getMessage());
    assertTrue(error.getMessage().contains(empty.toString()), error.getMessage());
  }

  @Test
  void aMissingColumnIsAnErrorNamingTheTableAndColumn() throws IOException {
    Path folder = Files.createTempDirectory("nocolumn");
    Files.writeString(folder.resolve("CHARTEVENTS.csv"), "icustay_id,itemid,charttime\n1,2,x\n");
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> MimicTableReader.open(spark, folder.toString()).read(MimicTable.CHARTEVENTS));
    assertTrue(error.getMessage().contains("CHARTEVENTS"), error.getMessage());
    assertTrue(error.getMessage().contains("'value'"), error.getMessage());
  }

  private static List<Row> read(Path folder) {
    return MimicTableReader.open(spark, folder.toString())
        .read(MimicTable.PATIENTS)
        .orderBy("subject_id")
        .collectAsList();
  }
}
