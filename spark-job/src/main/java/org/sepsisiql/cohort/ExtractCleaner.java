package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.cohort.RuleCleaner.Check;
import org.sepsisiql.data.ClinicalVariable;
import org.sepsisiql.data.ExtractSchemas;

/**
 * The cleaning rules of COHORT.md, dataset by dataset (see {@link QualityRule} for the list). Stays
 * are cleaned first; every event dataset is then left-joined to the clean stays' bounds ({@code
 * admit_time}, {@code stay_end}, weight), a shuffle or a broadcast of the stays, so events of
 * unknown stays and events outside their stay can be counted. Measurements are converted to their
 * canonical unit with {@code to_canonical_unit} and vasopressor rates to norepinephrine equivalents
 * with {@code norepinephrine_equivalent} (the udfs must be registered).
 */
final class ExtractCleaner {
  private static final Column INFINITY = lit(Double.POSITIVE_INFINITY);

  private final QualityLog log;

  ExtractCleaner(QualityLog log) {
    this.log = log;
  }

  CleanExtracts clean(Extracts extracts) {
    Dataset<Row> stays = cleanStays(extracts.stays());
    Dataset<Row> bounds =
        stays.select(
            col("stay_id"),
            col("admit_time").as("_admit"),
            col("stay_end").as("_end"),
            col("weight_kg").as("_weight"));
    return new CleanExtracts(
        stays,
        cleanMeasurements(extracts.measurements().join(bounds, seq("stay_id"), "left")),
        cleanFluids(extracts.fluids().join(bounds, seq("stay_id"), "left")),
        cleanVasopressors(extracts.vasopressors().join(bounds, seq("stay_id"), "left")),
        cleanUrine(extracts.urineOutput().join(bounds, seq("stay_id"), "left")),
        extracts.infection().map(i -> cleanInfection(i.join(bounds, seq("stay_id"), "left"))));
  }

  /** Plausible ages and weights of a stay (COHORT.md, section 2); outside them the stay drops. */
  static final double MIN_AGE_YEARS = 0;

  static final double MAX_AGE_YEARS = 120;
  static final double MIN_WEIGHT_KG = 20;
  static final double MAX_WEIGHT_KG = 400;

  /** Accepted spellings of {@code stays.sex}, compared trimmed and lower-cased. */
  static final List<String> SEXES = List.of("f", "m", "female", "male");

  /**
   * {@code sex} as "F" or "M": F, M, female or male in any case and padding. Anything else stops
   * the stage naming the most frequent unknown value and how many stays have an unknown one (the
   * first version read every other value as male).
   */
  private static Dataset<Row> normalizedSex(Dataset<Row> stays) {
    Column key = lower(trim(col("sex")));
    Dataset<Row> unknown =
        stays.filter(col("sex").isNotNull().and(key.isin(SEXES.toArray()).unary_$bang()));
    List<Row> values =
        unknown.groupBy(col("sex")).count().orderBy(col("count").desc()).limit(1).collectAsList();
    if (!values.isEmpty()) {
      long total = unknown.count();
      throw new InvalidExtractException(
          "extracts/stays: column sex must be F, M, female or male (any case); "
              + total
              + " stay(s) have another value, e.g. '"
              + values.get(0).getString(0)
              + "' ("
              + values.get(0).getLong(1)
              + ")");
    }
    return stays.withColumn(
        "sex",
        org.apache
            .spark
            .sql
            .functions
            .when(key.startsWith("f"), lit("F"))
            .when(key.isNotNull(), lit("M")));
  }

  private Dataset<Row> cleanStays(Dataset<Row> raw) {
    Dataset<Row> stays = normalizedSex(raw);
    Column missing =
        anyNull("stay_id", "patient_id", "admit_time", "discharge_time", "age_years", "sex")
            .or(anyNull("weight_kg", "readmission", "died_in_hospital"))
            .or(isnan(col("age_years")));
    Column endBeforeStart =
        col("discharge_time")
            .lt(col("admit_time"))
            .or(col("death_time").isNotNull().and(col("death_time").lt(col("admit_time"))));
    Dataset<Row> unique =
        RuleCleaner.clean(
            stays,
            List.of(
                new Check(QualityRule.STAYS_MISSING_VALUE, missing),
                new Check(QualityRule.STAYS_END_BEFORE_START, endBeforeStart),
                new Check(
                    QualityRule.STAYS_IMPLAUSIBLE_AGE,
                    col("age_years").lt(MIN_AGE_YEARS).or(col("age_years").gt(MAX_AGE_YEARS))),
                new Check(
                    QualityRule.STAYS_IMPLAUSIBLE_WEIGHT,
                    isnan(col("weight_kg"))
                        .or(col("weight_kg").lt(MIN_WEIGHT_KG))
                        .or(col("weight_kg").gt(MAX_WEIGHT_KG)))),
            QualityRule.STAYS_DUPLICATE,
            columns(ExtractSchemas.STAYS.fieldNames()),
            log);
    Dataset<Row> counted =
        unique.withColumn("_rows", count(lit(1)).over(Window.partitionBy("stay_id")));
    Dataset<Row> clean =
        counted
            .filter(col("_rows").equalTo(1))
            .drop("_rows")
            .withColumn("stay_end", least(col("discharge_time"), col("death_time")))
            .persist(StorageLevel.MEMORY_AND_DISK());
    log.add(QualityRule.STAYS_CONFLICTING_ID, unique.count() - clean.count());
    unique.unpersist();
    return clean;
  }

  private Dataset<Row> cleanMeasurements(Dataset<Row> rows) {
    Column variable = lower(trim(col("variable")));
    Dataset<Row> converted =
        rows.withColumn("_variable", variable)
            .withColumn(
                "_value", call_udf("to_canonical_unit", variable, col("value"), col("unit")));
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            QualityRule.MEASUREMENTS_MISSING_VALUE,
            anyNull("stay_id", "charttime", "variable", "value")));
    checks.add(new Check(QualityRule.MEASUREMENTS_UNKNOWN_STAY, col("_admit").isNull()));
    checks.add(
        new Check(
            QualityRule.MEASUREMENTS_UNKNOWN_VARIABLE,
            col("_variable").isin(names()).unary_$bang()));
    checks.add(new Check(QualityRule.MEASUREMENTS_NON_FINITE, nonFinite("value")));
    checks.add(new Check(QualityRule.MEASUREMENTS_UNKNOWN_UNIT, col("_value").isNull()));
    checks.add(new Check(QualityRule.MEASUREMENTS_IMPLAUSIBLE, implausible()));
    checks.add(new Check(QualityRule.MEASUREMENTS_OUTSIDE_STAY, outside("charttime", "charttime")));
    return RuleCleaner.clean(
            converted,
            checks,
            QualityRule.MEASUREMENTS_DUPLICATE,
            columns(ExtractSchemas.MEASUREMENTS.fieldNames()),
            log)
        .select(
            col("stay_id"),
            col("charttime"),
            col("_variable").as("variable"),
            col("_value").as("value"));
  }

  private Dataset<Row> cleanFluids(Dataset<Row> rows) {
    List<Check> checks =
        List.of(
            new Check(
                QualityRule.FLUIDS_MISSING_VALUE,
                anyNull("stay_id", "start_time", "end_time", "amount_ml")),
            new Check(QualityRule.FLUIDS_UNKNOWN_STAY, col("_admit").isNull()),
            new Check(QualityRule.FLUIDS_NON_FINITE, nonFinite("amount_ml")),
            new Check(QualityRule.FLUIDS_NEGATIVE, col("amount_ml").lt(0)),
            new Check(QualityRule.FLUIDS_END_BEFORE_START, col("end_time").lt(col("start_time"))),
            new Check(QualityRule.FLUIDS_OUTSIDE_STAY, outside("start_time", "end_time")));
    return RuleCleaner.clean(
            rows,
            checks,
            QualityRule.FLUIDS_DUPLICATE,
            columns(ExtractSchemas.FLUIDS.fieldNames()),
            log)
        .select("stay_id", "start_time", "end_time", "amount_ml");
  }

  private Dataset<Row> cleanVasopressors(Dataset<Row> rows) {
    Dataset<Row> converted =
        rows.withColumn(
            "ne_dose",
            call_udf(
                "norepinephrine_equivalent",
                col("drug"),
                col("rate"),
                col("rate_unit"),
                col("_weight")));
    List<Check> checks =
        List.of(
            new Check(
                QualityRule.VASOPRESSORS_MISSING_VALUE,
                anyNull("stay_id", "start_time", "end_time", "drug", "rate", "rate_unit")),
            new Check(QualityRule.VASOPRESSORS_UNKNOWN_STAY, col("_admit").isNull()),
            new Check(QualityRule.VASOPRESSORS_NON_FINITE, nonFinite("rate")),
            new Check(QualityRule.VASOPRESSORS_NEGATIVE, col("rate").lt(0)),
            new Check(
                QualityRule.VASOPRESSORS_END_BEFORE_START, col("end_time").lt(col("start_time"))),
            new Check(QualityRule.VASOPRESSORS_UNKNOWN_DRUG_OR_UNIT, col("ne_dose").isNull()),
            new Check(QualityRule.VASOPRESSORS_OUTSIDE_STAY, outside("start_time", "end_time")));
    Dataset<Row> clean =
        RuleCleaner.clean(
                converted,
                checks,
                QualityRule.VASOPRESSORS_DUPLICATE,
                columns(ExtractSchemas.VASOPRESSORS.fieldNames()),
                log)
            .select("stay_id", "start_time", "end_time", "ne_dose");
    log.add(QualityRule.VASOPRESSORS_CONCURRENT, ConcurrentInfusions.countOverlapping(clean));
    return clean;
  }

  private Dataset<Row> cleanUrine(Dataset<Row> rows) {
    List<Check> checks =
        List.of(
            new Check(
                QualityRule.URINE_MISSING_VALUE, anyNull("stay_id", "charttime", "amount_ml")),
            new Check(QualityRule.URINE_UNKNOWN_STAY, col("_admit").isNull()),
            new Check(QualityRule.URINE_NON_FINITE, nonFinite("amount_ml")),
            new Check(QualityRule.URINE_NEGATIVE, col("amount_ml").lt(0)),
            new Check(QualityRule.URINE_OUTSIDE_STAY, outside("charttime", "charttime")));
    return RuleCleaner.clean(
            rows,
            checks,
            QualityRule.URINE_DUPLICATE,
            columns(ExtractSchemas.URINE_OUTPUT.fieldNames()),
            log)
        .select("stay_id", "charttime", "amount_ml");
  }

  private Dataset<Row> cleanInfection(Dataset<Row> rows) {
    Column missing =
        col("stay_id")
            .isNull()
            .or(col("antibiotic_time").isNull().and(col("culture_time").isNull()));
    List<Check> checks =
        List.of(
            new Check(QualityRule.INFECTION_MISSING_VALUE, missing),
            new Check(QualityRule.INFECTION_UNKNOWN_STAY, col("_admit").isNull()));
    return RuleCleaner.clean(
            rows,
            checks,
            QualityRule.INFECTION_DUPLICATE,
            columns(ExtractSchemas.INFECTION.fieldNames()),
            log)
        .select("stay_id", "antibiotic_time", "culture_time");
  }

  /** Events before admission or after the stay's end (an interval: no overlap at all). */
  private static Column outside(String startColumn, String endColumn) {
    return col(endColumn).lt(col("_admit")).or(col(startColumn).gt(col("_end")));
  }

  private static Column implausible() {
    List<Column> minimums = new ArrayList<>();
    List<Column> maximums = new ArrayList<>();
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      minimums.add(lit(variable.columnName()));
      minimums.add(lit(variable.minimum()));
      maximums.add(lit(variable.columnName()));
      maximums.add(lit(variable.maximum()));
    }
    Column minimum = element_at(map(minimums.toArray(Column[]::new)), col("_variable"));
    Column maximum = element_at(map(maximums.toArray(Column[]::new)), col("_variable"));
    return col("_value").lt(minimum).or(col("_value").gt(maximum));
  }

  private static Column nonFinite(String column) {
    return isnan(col(column)).or(abs(col(column)).equalTo(INFINITY));
  }

  private static Column anyNull(String... columns) {
    Column any = lit(false);
    for (String column : columns) {
      any = any.or(col(column).isNull());
    }
    return any;
  }

  private static Object[] names() {
    return Arrays.stream(ClinicalVariable.values()).map(ClinicalVariable::columnName).toArray();
  }

  private static List<String> columns(String[] names) {
    return List.of(names);
  }

  static scala.collection.Seq<String> seq(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }
}
