package org.sepsisiql.cohort;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.ExtractSchemas;

/**
 * Builds small synthetic canonical extracts for tests and writes them as Parquet with {@link
 * ExtractSchemas}. Stay i (id 1000 + i) is admitted 12 h after stay i - 1, so stay order is
 * admission order; every 7th stay is a readmission of the previous stay's patient. Onset is
 * recorded 30 h after admission; about a third of the patients die 72 h after admission.
 */
final class ExtractFixture {
  static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
  static final String[] VITALS = {"heart_rate", "map", "sbp", "dbp", "resp_rate", "spo2"};

  final List<Row> stays = new ArrayList<>();
  final List<Row> measurements = new ArrayList<>();
  final List<Row> fluids = new ArrayList<>();
  final List<Row> vasopressors = new ArrayList<>();
  final List<Row> urine = new ArrayList<>();
  final List<Row> infection = new ArrayList<>();
  boolean writeInfection;

  static ExtractFixture cohort(int count, long seed, int vitalEveryHours) {
    ExtractFixture fixture = new ExtractFixture();
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      fixture.addStay(i, random, vitalEveryHours);
    }
    return fixture;
  }

  static Timestamp at(Instant admit, double hours) {
    return Timestamp.from(admit.plus(Duration.ofSeconds(Math.round(hours * 3600))));
  }

  static long stayId(int i) {
    return 1000 + i;
  }

  private void addStay(int i, Random random, int vitalEveryHours) {
    long stay = stayId(i);
    long patient = i % 7 == 6 ? i : i + 1;
    Instant admit = T0.plus(Duration.ofHours(12L * i));
    boolean died = random.nextDouble() < 0.33;
    double severity = random.nextDouble();
    stays.add(
        RowFactory.create(
            stay,
            patient,
            at(admit, 0),
            at(admit, 120),
            25 + 60 * random.nextDouble(),
            random.nextBoolean() ? "F" : "M",
            50 + 60 * random.nextDouble(),
            i % 7 == 6,
            i % 5 == 0 ? null : 10 * random.nextDouble(),
            died,
            died ? at(admit, 72) : null,
            at(admit, 30)));
    int lastHour = died ? 72 : 84;
    for (int h = 0; h < lastHour; h += vitalEveryHours) {
      addVitals(stay, admit, h, severity, random);
    }
    for (int h = 1; h < lastHour; h += 8) {
      addLabs(stay, admit, h, severity, random);
    }
    for (int h = 0; h + 2 < lastHour; h += 4) {
      if (random.nextDouble() < 0.7) {
        double start = h + 1;
        fluids.add(
            RowFactory.create(
                stay,
                at(admit, start),
                at(admit, start + 1 + random.nextInt(5)),
                100 + 900 * random.nextDouble()));
      }
      urine.add(RowFactory.create(stay, at(admit, h + 2), 20 + 150 * random.nextDouble()));
    }
    if (random.nextDouble() < 0.45) {
      for (int h = 28; h < 44; h += 3) {
        vasopressors.add(
            RowFactory.create(
                stay,
                at(admit, h),
                at(admit, h + 2),
                "norepinephrine",
                0.03 + 0.5 * random.nextDouble(),
                "mcg/kg/min"));
      }
    }
  }

  private void addVitals(long stay, Instant admit, int h, double severity, Random random) {
    double map = 85 - 20 * severity + 8 * random.nextGaussian();
    add(stay, admit, h, "heart_rate", 80 + 30 * severity + 10 * random.nextGaussian(), "bpm");
    add(stay, admit, h, "map", map, "mmHg");
    add(stay, admit, h, "sbp", map + 35, "mmHg");
    add(stay, admit, h, "dbp", map - 15, "mmHg");
    add(stay, admit, h, "resp_rate", 16 + 8 * severity + 3 * random.nextGaussian(), null);
    add(stay, admit, h, "spo2", Math.min(100, 97 - 4 * severity + random.nextGaussian()), "%");
    if (h % 4 == 0) {
      double celsius = 37 + severity + 0.5 * random.nextGaussian();
      boolean fahrenheit = h % 8 == 0;
      add(
          stay,
          admit,
          h,
          "temp_c",
          fahrenheit ? celsius * 9 / 5 + 32 : celsius,
          fahrenheit ? "F" : "C");
      add(stay, admit, h, "gcs", Math.round(15 - 5 * severity * random.nextDouble()), null);
    }
  }

  private void addLabs(long stay, Instant admit, int h, double severity, Random random) {
    add(stay, admit, h, "lactate", 1 + 4 * severity * random.nextDouble(), "mmol/L");
    add(stay, admit, h, "creatinine", 0.7 + 2 * severity * random.nextDouble(), "mg/dL");
    add(stay, admit, h, "platelets", 250 - 150 * severity * random.nextDouble(), "K/uL");
    add(stay, admit, h, "wbc", 8 + 10 * severity * random.nextDouble(), "K/uL");
    add(stay, admit, h, "bilirubin", 0.5 + 3 * severity * random.nextDouble(), "mg/dL");
    add(stay, admit, h, "potassium", 4 + 0.5 * random.nextGaussian(), "mmol/L");
    add(stay, admit, h, "sodium", 140 + 3 * random.nextGaussian(), "mmol/L");
    add(stay, admit, h, "glucose", 6 + 2 * random.nextDouble(), "mmol/L");
    add(stay, admit, h, "pao2", 90 - 30 * severity * random.nextDouble(), "mmHg");
    add(stay, admit, h, "fio2", 21 + 40 * severity, "%");
  }

  void add(long stay, Instant admit, double hours, String variable, double value, String unit) {
    measurements.add(RowFactory.create(stay, at(admit, hours), variable, value, unit));
  }

  /** A deep enough copy: new lists holding the same immutable rows. */
  ExtractFixture copy() {
    ExtractFixture copy = new ExtractFixture();
    copy.stays.addAll(stays);
    copy.measurements.addAll(measurements);
    copy.fluids.addAll(fluids);
    copy.vasopressors.addAll(vasopressors);
    copy.urine.addAll(urine);
    copy.infection.addAll(infection);
    copy.writeInfection = writeInfection;
    return copy;
  }

  /** The row with its double column {@code at} multiplied by {@code factor}. */
  static Row scaled(Row row, int at, double factor) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    values[at] = row.getDouble(at) * factor;
    return RowFactory.create(values);
  }

  static Instant admitOf(int i) {
    return T0.plus(Duration.ofHours(12L * i));
  }

  /** Writes every dataset under {@code dir/<name>/}. */
  void write(SparkSession spark, Path dir) {
    write(spark, dir, "stays", stays, ExtractSchemas.STAYS);
    write(spark, dir, "measurements", measurements, ExtractSchemas.MEASUREMENTS);
    write(spark, dir, "fluids", fluids, ExtractSchemas.FLUIDS);
    write(spark, dir, "vasopressors", vasopressors, ExtractSchemas.VASOPRESSORS);
    write(spark, dir, "urine_output", urine, ExtractSchemas.URINE_OUTPUT);
    if (writeInfection) {
      write(spark, dir, "infection", infection, ExtractSchemas.INFECTION);
    }
  }

  static void write(SparkSession spark, Path dir, String name, List<Row> rows, StructType schema) {
    spark
        .createDataFrame(rows, nullable(schema))
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(dir.resolve(name).toString());
  }

  /**
   * The schema with every column nullable: a non-nullable column would turn an injected null into
   * its type's default (0.0) on write, hiding the null the cohort stage must count.
   */
  private static StructType nullable(StructType schema) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      fields.add(DataTypes.createStructField(field.name(), field.dataType(), true));
    }
    return DataTypes.createStructType(fields);
  }
}
