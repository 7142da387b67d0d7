package org.sepsisiql.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.testing.TestSpark;
import org.sepsisiql.udfs.SepsisUdfs;

/** Sepsis-3 onset: suspected infection pairs, the SOFA window, and the fallbacks. */
class SepsisOnsetTest {
  private static final Instant ADMIT = Instant.parse("2021-03-01T00:00:00Z");
  private static SparkSession spark;
  private static SepsisOnset onset;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    SepsisUdfs.register(spark);
    onset = new SepsisOnset(CohortSettings.from(ConfigLoader.defaults()).sepsis3());
  }

  @Test
  void sepsis3OnsetIsTheEarliestSuspectedInfectionWithOrganDysfunction() {
    Map<Long, String> onsets = onsets(Optional.of(infection()));
    assertEquals("recorded@3.0", onsets.get(1L), "recorded onset wins");
    assertEquals(
        "sepsis-3@10.0", onsets.get(2L), "antibiotic, culture 10 h later: onset at antibiotic");
    assertEquals(
        "sepsis-3@5.0", onsets.get(3L), "culture, antibiotic 55 h later: onset at culture");
    assertEquals(
        null, onsets.get(4L), "culture 30 h after the antibiotic is no suspected infection");
    assertEquals(null, onsets.get(5L), "suspected infection without SOFA >= 2");
    assertEquals(null, onsets.get(6L), "no infection rows for the stay: not septic");
  }

  @Test
  void withoutAnyInfectionDataOnsetIsAdmission() {
    Map<Long, String> onsets = onsets(Optional.empty());
    assertEquals("admission@0.0", onsets.get(6L), "no infection data at all");
    assertEquals("recorded@3.0", onsets.get(1L), "recorded onset still wins");
  }

  private static Map<Long, String> onsets(Optional<Dataset<Row>> infection) {
    CleanExtracts clean =
        new CleanExtracts(stays(), measurements(), vasopressors(), vasopressors(), null, infection);
    return onset.onsets(clean).collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getLong(0), r -> r.getString(2) + "@" + hoursOf(r.getTimestamp(1))));
  }

  private static Dataset<Row> stays() {
    StructType schema =
        schema("stay_id:long", "admit_time:timestamp", "sepsis_onset_time:timestamp");
    List<Row> rows =
        List.of(
            RowFactory.create(1L, at(0), at(3)),
            RowFactory.create(2L, at(0), null),
            RowFactory.create(3L, at(0), null),
            RowFactory.create(4L, at(0), null),
            RowFactory.create(5L, at(0), null),
            RowFactory.create(6L, at(0), null));
    return spark.createDataFrame(rows, schema);
  }

  private static Dataset<Row> infection() {
    StructType schema =
        schema("stay_id:long", "antibiotic_time:timestamp", "culture_time:timestamp");
    List<Row> rows =
        List.of(
            RowFactory.create(2L, at(10), null),
            RowFactory.create(2L, null, at(20)),
            RowFactory.create(3L, at(60), at(5)),
            RowFactory.create(4L, at(10), at(40)),
            RowFactory.create(5L, at(10), at(12)));
    return spark.createDataFrame(rows, schema);
  }

  private static Dataset<Row> measurements() {
    StructType schema =
        schema("stay_id:long", "charttime:timestamp", "variable:string", "value:double");
    List<Row> rows =
        List.of(
            RowFactory.create(2L, at(12), "map", 55.0),
            RowFactory.create(2L, at(13), "platelets", 80.0),
            RowFactory.create(3L, at(2), "creatinine", 2.5),
            RowFactory.create(3L, at(100), "platelets", 30.0),
            RowFactory.create(4L, at(12), "platelets", 30.0),
            RowFactory.create(5L, at(12), "platelets", 250.0),
            RowFactory.create(5L, at(12), "map", 80.0));
    return spark.createDataFrame(rows, schema);
  }

  private static Dataset<Row> vasopressors() {
    return spark.createDataFrame(
        List.<Row>of(),
        schema("stay_id:long", "start_time:timestamp", "end_time:timestamp", "ne_dose:double"));
  }

  private static StructType schema(String... fields) {
    StructType schema = new StructType();
    for (String field : fields) {
      String[] parts = field.split(":");
      schema = schema.add(parts[0], org.apache.spark.sql.types.DataType.fromDDL(parts[1]), true);
    }
    return schema;
  }

  private static Timestamp at(double hours) {
    return ExtractFixture.at(ADMIT, hours);
  }

  private static double hoursOf(Timestamp time) {
    return (time.toInstant().getEpochSecond() - ADMIT.getEpochSecond()) / 3600.0;
  }
}
