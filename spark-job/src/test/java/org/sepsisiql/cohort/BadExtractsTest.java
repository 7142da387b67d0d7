package org.sepsisiql.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sepsisiql.data.ExtractSchemas;
import org.sepsisiql.testing.TestSpark;

/**
 * The bad input corpus. Inputs that break the contract stop the stage before any work with a
 * message naming the dataset and column, and leave no committed {@code trajectories/}; bad rows are
 * handled by documented rules and counted in {@code _quality}. The handled cases are all injected
 * into one fixture and the stage runs once; each case then checks its own rule's count.
 */
class BadExtractsTest {
  @TempDir static Path temp;
  private static SparkSession spark;
  private static Map<String, Long> quality;

  @BeforeAll
  static void runCorruptedOnce() {
    spark = TestSpark.session();
    ExtractFixture fixture = ExtractFixture.cohort(8, 11, 2);
    handledCases().forEach(c -> ((HandledCase) c.get()[1]).inject().accept(fixture, null));
    Path extracts = temp.resolve("handled");
    fixture.write(spark, extracts);
    CohortTestSupport.runStage(extracts, temp.resolve("out"), "handled");
    quality = qualityCounts("handled");
  }

  /** A bad row injected into the fixture, the rule that must count it, and how many. */
  record HandledCase(BiConsumer<ExtractFixture, Void> inject, QualityRule rule, long rows) {}

  /** A broken input folder and the words the error must contain. */
  record FailingCase(BiConsumer<ExtractFixture, Path> breakInput, String... words) {}

  static Stream<Arguments> handledCases() {
    Timestamp late = ExtractFixture.at(ExtractFixture.admitOf(0), 24 * 30);
    Timestamp early = ExtractFixture.at(ExtractFixture.admitOf(1), -24);
    Timestamp mid = ExtractFixture.at(ExtractFixture.admitOf(2), 33);
    return Stream.of(
        handled(
            "NaN and infinite values",
            (f, v) -> {
              f.add(1001, ExtractFixture.admitOf(1), 31, "map", Double.NaN, "mmHg");
              f.add(1001, ExtractFixture.admitOf(1), 32, "lactate", Double.POSITIVE_INFINITY, null);
            },
            QualityRule.MEASUREMENTS_NON_FINITE,
            2),
        handled(
            "negative fluid volume",
            (f, v) -> f.fluids.add(RowFactory.create(1002L, mid, mid, -250.0)),
            QualityRule.FLUIDS_NEGATIVE,
            1),
        handled(
            "negative vasopressor rate",
            (f, v) ->
                f.vasopressors.add(
                    RowFactory.create(1002L, mid, mid, "norepinephrine", -0.1, "mcg/kg/min")),
            QualityRule.VASOPRESSORS_NEGATIVE,
            1),
        handled(
            "an end before its start",
            (f, v) ->
                f.fluids.add(
                    RowFactory.create(
                        1003L, mid, ExtractFixture.at(ExtractFixture.admitOf(2), 30), 500.0)),
            QualityRule.FLUIDS_END_BEFORE_START,
            1),
        handled(
            "measurement after the stay",
            (f, v) -> f.measurements.add(RowFactory.create(1000L, late, "map", 70.0, "mmHg")),
            QualityRule.MEASUREMENTS_OUTSIDE_STAY,
            1),
        handled(
            "urine before admission",
            (f, v) -> f.urine.add(RowFactory.create(1001L, early, 50.0)),
            QualityRule.URINE_OUTSIDE_STAY,
            1),
        handled(
            "duplicate events",
            (f, v) -> {
              for (int i = 0; i < 3; i++) {
                f.measurements.add(f.measurements.get(10 + i));
              }
            },
            QualityRule.MEASUREMENTS_DUPLICATE,
            3),
        handled(
            "implausible value",
            (f, v) -> f.add(1003, ExtractFixture.admitOf(3), 35, "heart_rate", 900, "bpm"),
            QualityRule.MEASUREMENTS_IMPLAUSIBLE,
            1),
        handled(
            "unknown variable",
            (f, v) -> f.add(1003, ExtractFixture.admitOf(3), 35, "troponin", 0.1, "ng/mL"),
            QualityRule.MEASUREMENTS_UNKNOWN_VARIABLE,
            1),
        handled(
            "unknown unit",
            (f, v) -> f.add(1003, ExtractFixture.admitOf(3), 35, "map", 9.5, "furlongs"),
            QualityRule.MEASUREMENTS_UNKNOWN_UNIT,
            1),
        handled(
            "unknown vasopressor drug",
            (f, v) ->
                f.vasopressors.add(
                    RowFactory.create(1002L, mid, mid, "unobtainium", 1.0, "mcg/min")),
            QualityRule.VASOPRESSORS_UNKNOWN_DRUG_OR_UNIT,
            1),
        handled(
            "a stay without measurements",
            (f, v) -> f.measurements.removeIf(r -> r.getLong(0) == 1005L),
            QualityRule.EXCLUDED_NO_MEASUREMENTS,
            1),
        handled(
            "a fluid for an unknown stay",
            (f, v) -> f.fluids.add(RowFactory.create(9999L, mid, mid, 100.0)),
            QualityRule.FLUIDS_UNKNOWN_STAY,
            1),
        handled(
            "an infinite fluid volume",
            (f, v) -> f.fluids.add(RowFactory.create(1004L, mid, mid, Double.POSITIVE_INFINITY)),
            QualityRule.FLUIDS_NON_FINITE,
            1),
        handled(
            "a fluid volume missing",
            (f, v) -> f.fluids.add(RowFactory.create(1004L, mid, mid, null)),
            QualityRule.FLUIDS_MISSING_VALUE,
            1),
        handled(
            "a fluid given after the stay",
            (f, v) ->
                f.fluids.add(
                    RowFactory.create(
                        1000L,
                        late,
                        ExtractFixture.at(ExtractFixture.admitOf(0), 24 * 30 + 1),
                        300.0)),
            QualityRule.FLUIDS_OUTSIDE_STAY,
            1),
        handled(
            "a fluid recorded twice",
            (f, v) -> {
              Row fluid =
                  RowFactory.create(
                      1007L,
                      ExtractFixture.at(ExtractFixture.admitOf(7), 5),
                      ExtractFixture.at(ExtractFixture.admitOf(7), 6),
                      250.0);
              f.fluids.add(fluid);
              f.fluids.add(fluid);
            },
            QualityRule.FLUIDS_DUPLICATE,
            1),
        handled(
            "a vasopressor for an unknown stay",
            (f, v) ->
                f.vasopressors.add(
                    RowFactory.create(9999L, mid, mid, "norepinephrine", 0.1, "mcg/kg/min")),
            QualityRule.VASOPRESSORS_UNKNOWN_STAY,
            1),
        handled(
            "a NaN vasopressor rate",
            (f, v) ->
                f.vasopressors.add(
                    RowFactory.create(1004L, mid, mid, "norepinephrine", Double.NaN, "mcg/kg/min")),
            QualityRule.VASOPRESSORS_NON_FINITE,
            1),
        handled(
            "a vasopressor drug missing",
            (f, v) ->
                f.vasopressors.add(RowFactory.create(1004L, mid, mid, null, 0.1, "mcg/kg/min")),
            QualityRule.VASOPRESSORS_MISSING_VALUE,
            1),
        handled(
            "a vasopressor ending before it starts",
            (f, v) ->
                f.vasopressors.add(
                    RowFactory.create(
                        1004L,
                        mid,
                        ExtractFixture.at(ExtractFixture.admitOf(2), 30),
                        "norepinephrine",
                        0.1,
                        "mcg/kg/min")),
            QualityRule.VASOPRESSORS_END_BEFORE_START,
            1),
        handled(
            "a vasopressor after the stay",
            (f, v) ->
                f.vasopressors.add(
                    RowFactory.create(
                        1000L,
                        late,
                        ExtractFixture.at(ExtractFixture.admitOf(0), 24 * 30 + 1),
                        "norepinephrine",
                        0.1,
                        "mcg/kg/min")),
            QualityRule.VASOPRESSORS_OUTSIDE_STAY,
            1),
        handled(
            "a urine output for an unknown stay",
            (f, v) -> f.urine.add(RowFactory.create(9999L, mid, 50.0)),
            QualityRule.URINE_UNKNOWN_STAY,
            1),
        handled(
            "a NaN urine output",
            (f, v) -> f.urine.add(RowFactory.create(1004L, mid, Double.NaN)),
            QualityRule.URINE_NON_FINITE,
            1),
        handled(
            "a negative urine output",
            (f, v) -> f.urine.add(RowFactory.create(1004L, mid, -30.0)),
            QualityRule.URINE_NEGATIVE,
            1),
        handled(
            "a urine output missing",
            (f, v) -> f.urine.add(RowFactory.create(1004L, mid, null)),
            QualityRule.URINE_MISSING_VALUE,
            1),
        handled(
            "a measurement for an unknown stay",
            (f, v) -> f.measurements.add(RowFactory.create(9999L, mid, "map", 70.0, "mmHg")),
            QualityRule.MEASUREMENTS_UNKNOWN_STAY,
            1),
        handled(
            "a measurement without its value",
            (f, v) -> f.measurements.add(RowFactory.create(1004L, mid, "map", null, "mmHg")),
            QualityRule.MEASUREMENTS_MISSING_VALUE,
            1),
        handled(
            "a stay recorded twice",
            (f, v) -> f.stays.add(f.stays.get(3)),
            QualityRule.STAYS_DUPLICATE,
            1),
        handled(
            "a stay with one bin (discharged 4 hours after admission)",
            (f, v) -> {
              Row stay = f.stays.get(0);
              Instant admit = ((Timestamp) stay.get(2)).toInstant();
              Row brief = withStayValue(stay, "stay_id", 1100L);
              brief = withStayValue(brief, "patient_id", 1100L);
              brief = withStayValue(brief, "discharge_time", ExtractFixture.at(admit, 4));
              brief = withStayValue(brief, "sepsis_onset_time", ExtractFixture.at(admit, 1));
              brief = withStayValue(brief, "died_in_hospital", false);
              brief = withStayValue(brief, "death_time", null);
              f.stays.add(brief);
              f.add(1100, admit, 1, "map", 70, "mmHg");
              f.add(1100, admit, 2, "heart_rate", 95, "bpm");
            },
            QualityRule.EXCLUDED_TOO_FEW_STEPS,
            1),
        handled(
            "a stay without a weight (its per-kg vasopressor rates could not be converted)",
            (f, v) ->
                f.stays.add(
                    withStayValue(
                        withStayValue(
                            withStayValue(f.stays.get(1), "stay_id", 1101L), "patient_id", 1101L),
                        "weight_kg",
                        null)),
            QualityRule.STAYS_MISSING_VALUE,
            1),
        handled(
            "two vasopressors running at once (norepinephrine with vasopressin)",
            (f, v) -> {
              Instant admit = ExtractFixture.admitOf(7);
              f.vasopressors.add(
                  RowFactory.create(
                      1007L,
                      ExtractFixture.at(admit, 50.5),
                      ExtractFixture.at(admit, 53),
                      "norepinephrine",
                      0.2,
                      "mcg/kg/min"));
              f.vasopressors.add(
                  RowFactory.create(
                      1007L,
                      ExtractFixture.at(admit, 51),
                      ExtractFixture.at(admit, 52.5),
                      "vasopressin",
                      0.04,
                      "units/min"));
            },
            QualityRule.VASOPRESSORS_CONCURRENT,
            2),
        handled(
            "a stay under 18",
            (f, v) ->
                f.stays.replaceAll(
                    r -> r.getLong(0) == 1006L ? withStayValue(r, "age_years", 16.0) : r),
            QualityRule.EXCLUDED_UNDER_AGE,
            1));
  }

  static Stream<Arguments> failingCases() {
    return Stream.of(
        failing(
            "a missing dataset",
            (f, dir) -> delete(dir.resolve("fluids")),
            "extracts/fluids",
            "not found"),
        failing(
            "a missing column",
            (f, dir) ->
                rewrite(
                    dir,
                    "measurements",
                    drop(ExtractSchemas.MEASUREMENTS, "unit"),
                    f.measurements,
                    "unit"),
            "extracts/measurements",
            "missing column unit"),
        failing(
            "a wrong type",
            (f, dir) ->
                rewrite(
                    dir, "stays", retype(ExtractSchemas.STAYS, "age_years"), f.stays, "age_years"),
            "extracts/stays",
            "column age_years must be double, found string"),
        failing(
            "timestamps as strings",
            (f, dir) ->
                rewrite(
                    dir,
                    "measurements",
                    retype(ExtractSchemas.MEASUREMENTS, "charttime"),
                    f.measurements,
                    "charttime"),
            "extracts/measurements: column charttime must be timestamp, found string"),
        failing(
            "a sex value other than F, M, female or male",
            (f, dir) ->
                ExtractFixture.write(
                    spark,
                    dir,
                    "stays",
                    f.stays.stream().map(r -> withStayValue(r, "sex", "X")).toList(),
                    ExtractSchemas.STAYS),
            "extracts/stays",
            "column sex must be F, M, female or male",
            "3 stay(s)",
            "'X'"),
        failing(
            "an empty fluids dataset",
            (f, dir) ->
                ExtractFixture.write(spark, dir, "fluids", List.of(), ExtractSchemas.FLUIDS),
            "extracts/fluids",
            "empty"),
        failing(
            "an empty stays dataset",
            (f, dir) -> ExtractFixture.write(spark, dir, "stays", List.of(), ExtractSchemas.STAYS),
            "extracts/stays",
            "empty"),
        failing(
            "a cohort with every stay excluded (the cause leads the message)",
            (f, dir) ->
                ExtractFixture.write(
                    spark,
                    dir,
                    "stays",
                    f.stays.stream().map(r -> withStayValue(r, "age_years", 12.0)).toList(),
                    ExtractSchemas.STAYS),
            "extracts/stays: no stay is left in the cohort; the stays were removed by"
                + " EXCLUDED_UNDER_AGE="),
        failing(
            "timestamps without time zone",
            (f, dir) -> {
              StructType schema =
                  retype(ExtractSchemas.MEASUREMENTS, "charttime", DataTypes.TimestampNTZType);
              List<Row> rows = new ArrayList<>();
              for (Row row : f.measurements) {
                Object[] values = new Object[row.size()];
                for (int i = 0; i < values.length; i++) {
                  values[i] =
                      row.get(i) instanceof java.sql.Timestamp t
                          ? t.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDateTime()
                          : row.get(i);
                }
                rows.add(RowFactory.create(values));
              }
              ExtractFixture.write(spark, dir, "measurements", rows, schema);
            },
            "extracts/measurements: column charttime must be timestamp, found timestamp_ntz",
            "time-zone-aware"),
        failing(
            "a truncated Parquet file",
            (f, dir) -> truncateParts(dir.resolve("fluids")),
            "extracts/fluids: cannot read as Parquet"),
        failing(
            "a stray text file in a dataset folder",
            (f, dir) -> write(dir.resolve("urine_output/notes.txt"), "exported 2026-12-01\n"),
            "extracts/urine_output: cannot read as Parquet"),
        failing(
            "two columns differing only in case",
            (f, dir) -> {
              StructType schema =
                  ExtractSchemas.URINE_OUTPUT.add("AMOUNT_ML", DataTypes.DoubleType);
              List<Row> rows =
                  f.urine.stream().map(row -> appended(row, row.get(row.size() - 1))).toList();
              writeCaseSensitive(dir, "urine_output", rows, schema);
            },
            "extracts/urine_output: cannot read as Parquet",
            "amount_ml",
            "differ only in case"),
        failing(
            "two files of a dataset giving a column different types",
            (f, dir) -> {
              List<Row> rows = new ArrayList<>();
              for (Row row : f.fluids.subList(0, 2)) {
                rows.add(
                    RowFactory.create(row.get(0), row.get(1), row.get(2), row.get(3).toString()));
              }
              spark
                  .createDataFrame(rows, retype(ExtractSchemas.FLUIDS, "amount_ml"))
                  .coalesce(1)
                  .write()
                  .mode("append")
                  .parquet(dir.resolve("fluids").toString());
            },
            "extracts/fluids: column amount_ml is ",
            "string in part-",
            "every file of a dataset must give a column the same type"),
        failing(
            "vasopressors with no positive rate",
            (f, dir) -> {
              List<Row> zero = new ArrayList<>();
              for (Row stay : f.stays) {
                Timestamp start = (Timestamp) stay.get(2);
                Timestamp end = new Timestamp(start.getTime() + 2 * 3_600_000L);
                zero.add(
                    RowFactory.create(
                        stay.get(0), start, end, "norepinephrine", 0.0, "mcg/kg/min"));
              }
              ExtractFixture.write(spark, dir, "vasopressors", zero, ExtractSchemas.VASOPRESSORS);
            },
            "extracts/vasopressors: no train step has a positive vaso_dose",
            "cannot separate three dose levels"),
        failing(
            "a file that is not Parquet",
            (f, dir) -> {
              delete(dir.resolve("vasopressors"));
              write(
                  dir.resolve("vasopressors/part-00000.parquet"),
                  "stay_id,drug\n1,norepinephrine\n");
            },
            "extracts/vasopressors",
            "Parquet"));
  }

  @ParameterizedTest(name = "{0} is counted")
  @MethodSource("handledCases")
  void badRowsAreCountedByTheirRule(String name, HandledCase handled) {
    String key = handled.rule().dataset() + "." + handled.rule().rule();
    assertEquals(handled.rows(), quality.get(key), name + ": _quality count of " + key);
  }

  /**
   * The concurrent infusions above (norepinephrine 0.2 mcg/kg/min from hour 50.5, vasopressin 0.04
   * U/min = 0.1 from hour 51) add in their bin, [50, 54) h after admission (step 11 of a window
   * starting 6 h after admission): 0.3, not the larger row's 0.2.
   */
  @org.junit.jupiter.api.Test
  void concurrentInfusionsAddInTheirBin() {
    Row bin =
        CohortTestSupport.transitions(spark, temp.resolve("out"), "handled")
            .filter("stay_id = 1007 AND step = 11")
            .select("vaso_dose")
            .first();
    assertEquals(0.3, bin.getDouble(0), 1e-9, "norepinephrine 0.2 + vasopressin 0.1");
  }

  /**
   * Units that clash with their values: a temperature of 38.5 labelled F (3.6 C) and a glucose of
   * 110 labelled mmol/L (1,982 mg/dL) are converted as labelled and dropped as implausible; one
   * stay charting temperature in both C and F in the same hour keeps both (each converted).
   */
  @org.junit.jupiter.api.Test
  void unitsThatClashWithTheirValuesAreDroppedAsImplausible() {
    ExtractFixture fixture = ExtractFixture.cohort(8, 11, 4);
    Instant admit = ExtractFixture.admitOf(2);
    fixture.add(1002, admit, 40, "temp_c", 38.5, "F");
    fixture.add(1002, admit, 41, "glucose", 110, "mmol/L");
    fixture.add(1002, admit, 42, "temp_c", 37.0, "C");
    fixture.add(1002, admit, 42, "temp_c", 98.6, "°F");
    Path extracts = temp.resolve("clashing-units");
    fixture.write(spark, extracts);
    CohortTestSupport.runStage(extracts, temp.resolve("out"), "clashing-units");
    Map<String, Long> counts = qualityCounts("clashing-units");
    assertEquals(2L, counts.get("measurements.implausible_value"), "38.5 F and 110 mmol/L");
    assertEquals(0L, counts.get("measurements.unknown_unit"), "C and F are both known");
  }

  /** A column beyond the contract is ignored: the stage commits the same transitions. */
  @org.junit.jupiter.api.Test
  void extraColumnsAreIgnored() {
    ExtractFixture fixture = ExtractFixture.cohort(8, 11, 4);
    Path plain = temp.resolve("plain");
    fixture.write(spark, plain);
    CohortTestSupport.runStage(plain, temp.resolve("out"), "plain");
    Path extra = temp.resolve("extra-column");
    fixture.write(spark, extra);
    List<Row> rows =
        fixture.measurements.stream()
            .map(row -> appended(row, "charted by the night shift"))
            .toList();
    ExtractFixture.write(
        spark,
        extra,
        "measurements",
        rows,
        ExtractSchemas.MEASUREMENTS.add("note", DataTypes.StringType));
    CohortTestSupport.runStage(extra, temp.resolve("out"), "extra-column");
    assertEquals(
        CohortTestSupport.transitions(spark, temp.resolve("out"), "plain").count(),
        CohortTestSupport.transitions(spark, temp.resolve("out"), "extra-column").count(),
        "the same transitions with and without the extra column");
  }

  /** A weight in grams and an age of 250 drop their stays, each counted under its own rule. */
  @org.junit.jupiter.api.Test
  void implausibleAgesAndWeightsDropTheirStays() {
    ExtractFixture fixture = ExtractFixture.cohort(8, 11, 4);
    int weight = List.of(ExtractSchemas.STAYS.fieldNames()).indexOf("weight_kg");
    List<Row> stays = new ArrayList<>(fixture.stays);
    stays.set(0, withStayValue(stays.get(0), "weight_kg", stays.get(0).getDouble(weight) * 1000));
    stays.set(1, withStayValue(stays.get(1), "age_years", 250.0));
    stays.set(2, withStayValue(stays.get(2), "weight_kg", Double.POSITIVE_INFINITY));
    Path extracts = temp.resolve("implausible");
    fixture.write(spark, extracts);
    ExtractFixture.write(spark, extracts, "stays", stays, ExtractSchemas.STAYS);
    CohortTestSupport.runStage(extracts, temp.resolve("out"), "implausible");
    Map<String, Long> counts = qualityCounts("implausible");
    assertEquals(1L, counts.get("stays.implausible_age"), "age 250");
    assertEquals(2L, counts.get("stays.implausible_weight"), "grams and an infinite weight");
  }

  /** Sex spelled female / male, in any case and padding, means what it says. */
  @org.junit.jupiter.api.Test
  void sexSpelledOutIsReadInAnyCase() {
    ExtractFixture fixture = ExtractFixture.cohort(8, 11, 4);
    String[] spellings = {"female", " MALE ", "f"};
    List<Row> stays = new ArrayList<>();
    for (int i = 0; i < fixture.stays.size(); i++) {
      stays.add(withStayValue(fixture.stays.get(i), "sex", spellings[i % spellings.length]));
    }
    Path extracts = temp.resolve("sex-spelled");
    fixture.write(spark, extracts);
    ExtractFixture.write(spark, extracts, "stays", stays, ExtractSchemas.STAYS);
    CohortTestSupport.runStage(extracts, temp.resolve("out"), "sex-spelled");
    Map<Long, Double> female =
        CohortTestSupport.transitions(spark, temp.resolve("out"), "sex-spelled")
            .select("stay_id", "sex_female")
            .distinct()
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getLong(0), r -> r.getDouble(1)));
    for (int i = 0; i < stays.size(); i++) {
      long id = stays.get(i).getLong(0);
      if (female.containsKey(id)) {
        assertEquals(
            spellings[i % spellings.length].trim().toLowerCase().startsWith("f") ? 1.0 : 0.0,
            female.get(id),
            "sex_female of '" + spellings[i % spellings.length] + "'");
      }
    }
    assertFalse(female.isEmpty(), "some stays made it into the trajectories");
  }

  @ParameterizedTest(name = "{0} stops the stage")
  @MethodSource("failingCases")
  void brokenInputsStopWithAClearError(String name, FailingCase failing) {
    String id = "failing-" + Math.abs(name.hashCode());
    Path extracts = temp.resolve(id);
    ExtractFixture fixture = ExtractFixture.cohort(3, 5, 4);
    fixture.write(spark, extracts);
    failing.breakInput().accept(fixture, extracts);
    InvalidExtractException error =
        assertThrows(
            InvalidExtractException.class,
            () -> CohortTestSupport.runStage(extracts, temp.resolve("out"), id),
            name);
    for (String word : failing.words()) {
      assertTrue(
          error.getMessage().contains(word), name + ": '" + word + "' in: " + error.getMessage());
    }
    assertFalse(
        Files.exists(temp.resolve("out").resolve(id).resolve("trajectories/_SUCCESS")),
        name + ": no committed trajectories after an error");
  }

  private static Arguments handled(
      String name, BiConsumer<ExtractFixture, Void> inject, QualityRule rule, long rows) {
    return Arguments.of(name, new HandledCase(inject, rule, rows));
  }

  private static Arguments failing(
      String name, BiConsumer<ExtractFixture, Path> breakInput, String... words) {
    return Arguments.of(name, new FailingCase(breakInput, words));
  }

  /** The stay with one column of the stays schema set to {@code value}. */
  private static Row withStayValue(Row stay, String column, Object value) {
    int at = List.of(ExtractSchemas.STAYS.fieldNames()).indexOf(column);
    Object[] values = new Object[stay.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = i == at ? value : stay.get(i);
    }
    return RowFactory.create(values);
  }

  /** {@code dataset.rule} to its row count in the {@code _quality} of a run under temp/out. */
  private static Map<String, Long> qualityCounts(String runId) {
    return spark
        .read()
        .parquet(temp.resolve("out/" + runId + "/trajectories/_quality").toString())
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                r -> r.getString(0) + "." + r.getString(1), r -> r.getLong(r.fieldIndex("rows"))));
  }

  private static StructType drop(StructType schema, String column) {
    return DataTypes.createStructType(
        List.of(schema.fields()).stream().filter(f -> !f.name().equals(column)).toList());
  }

  private static StructType retype(StructType schema, String column) {
    return retype(schema, column, DataTypes.StringType);
  }

  private static StructType retype(StructType schema, String column, DataType type) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      fields.add(
          field.name().equals(column) ? DataTypes.createStructField(column, type, true) : field);
    }
    return DataTypes.createStructType(fields);
  }

  /** Rewrites a dataset with a changed schema; the changed column is dropped or made a string. */
  private static void rewrite(
      Path dir, String name, StructType schema, List<Row> rows, String column) {
    int at =
        List.of(
                ExtractSchemas.DATASETS.stream()
                    .filter(d -> d.name().equals(name))
                    .findFirst()
                    .orElseThrow()
                    .schema()
                    .fieldNames())
            .indexOf(column);
    List<Row> changed = new ArrayList<>();
    for (Row row : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        if (i != at) {
          values.add(row.get(i));
        } else if (schema.size() == row.size()) {
          values.add(String.valueOf(row.get(i)));
        }
      }
      changed.add(RowFactory.create(values.toArray()));
    }
    ExtractFixture.write(spark, dir, name, changed, schema);
  }

  /** The row with one more value at its end. */
  private static Row appended(Row row, Object value) {
    Object[] values = new Object[row.size() + 1];
    for (int i = 0; i < row.size(); i++) {
      values[i] = row.get(i);
    }
    values[row.size()] = value;
    return RowFactory.create(values);
  }

  /** Cuts every Parquet part file of a dataset to its first 100 bytes (a failed copy). */
  private static void truncateParts(Path dataset) {
    try (Stream<Path> files = Files.list(dataset)) {
      for (Path part : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        byte[] bytes = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(bytes, Math.min(100, bytes.length)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes with case-sensitive column names, as a non-Spark writer could. */
  private static void writeCaseSensitive(Path dir, String name, List<Row> rows, StructType schema) {
    spark.conf().set("spark.sql.caseSensitive", "true");
    try {
      ExtractFixture.write(spark, dir, name, rows, schema);
    } finally {
      spark.conf().set("spark.sql.caseSensitive", "false");
    }
  }

  private static void delete(Path path) {
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
