package org.sepsisiql.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.data.ExtractSchemas;
import org.sepsisiql.testing.TestSpark;

/**
 * The temporal split orders patients by their first admission, or by the stays' {@code split_time}
 * where the extracts give {@code stay_periods} (MIMIC-IV's anchor year groups).
 */
class PatientSplitterTest {
  /** 20 patients, one stay each, admitted in patient order: 1 first, 20 last. */
  private static Dataset<Row> windows(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (long p = 1; p <= 20; p++) {
      rows.add(
          RowFactory.create(
              100 + p, p, Timestamp.valueOf(String.format("2150-01-%02d 00:00:00", p))));
    }
    StructType schema =
        new StructType()
            .add("stay_id", DataTypes.LongType)
            .add("patient_id", DataTypes.LongType)
            .add("admit_time", DataTypes.TimestampType);
    return spark.createDataFrame(rows, schema);
  }

  private static Map<Long, String> splits(Dataset<Row> result) {
    Map<Long, String> splits = new TreeMap<>();
    for (Row row : result.collectAsList()) {
      splits.put(row.getLong(0), row.getString(1));
    }
    return splits;
  }

  @Test
  void withoutPeriodsTheEarliestAdmissionsTrain() {
    SparkSession spark = TestSpark.session();
    Map<Long, String> splits =
        splits(
            new PatientSplitter(CohortSettings.from(ConfigLoader.defaults()))
                .split(windows(spark), Optional.empty()));
    assertEquals("train", splits.get(1L));
    assertEquals("train", splits.get(14L));
    assertEquals("val", splits.get(15L));
    assertEquals("test", splits.get(20L));
  }

  @Test
  void splitTimesReverseTheOrderWhereTheyAreGiven() {
    SparkSession spark = TestSpark.session();
    List<Row> periods = new ArrayList<>();
    for (long p = 1; p <= 19; p++) {
      periods.add(
          RowFactory.create(
              100 + p, Timestamp.valueOf(String.format("%d-06-01 00:00:00", 2030 - p))));
    }
    Dataset<Row> stayPeriods = spark.createDataFrame(periods, ExtractSchemas.STAY_PERIODS);
    Map<Long, String> splits =
        splits(
            new PatientSplitter(CohortSettings.from(ConfigLoader.defaults()))
                .split(windows(spark), Optional.of(stayPeriods)));
    assertEquals("train", splits.get(19L), "the earliest period (2011)");
    assertEquals("train", splits.get(6L), "2024");
    assertEquals("val", splits.get(5L), "2025");
    assertEquals("test", splits.get(1L), "the latest period (2029)");
    assertEquals("test", splits.get(20L), "no period: its admit_time (2150) ranks it last");
  }
}
