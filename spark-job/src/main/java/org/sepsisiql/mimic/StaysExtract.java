package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_timestamp;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Builds {@code stays} from ICUSTAYS + ADMISSIONS + PATIENTS, plus the weight.
 *
 * <p>stay_id = icustay_id, patient_id = subject_id, admit/discharge = intime/outtime; age = years
 * from dob to intime, capped at {@code age-cap-years} (MIMIC shifts ages over 89 to about 300);
 * readmission = the patient had an earlier ICU stay; died_in_hospital = hospital_expire_flag;
 * death_time = deathtime, else dod (which includes deaths after discharge); elixhauser and
 * sepsis_onset_time NULL (the cohort stage computes Sepsis-3 onset from {@code infection}).
 *
 * <p>Weight, first plausible one by priority then time: (1) admission weight (762, 226512 kg;
 * 226531 lb), (2) other charted weights (daily, previous), (3) INPUTEVENTS_MV patientweight, (4)
 * {@code default-weight-kg}. The source is kept in {@code weight_source} (1..4) for the counts and
 * dropped before writing. Cost: one aggregation over the weight rows and a window over ICUSTAYS.
 */
final class StaysExtract {
  static final int DEFAULT_WEIGHT = 4;
  private static final double SECONDS_PER_YEAR = 365.25 * 24 * 3600;

  private StaysExtract() {}

  /** Stays with the extra column {@code weight_source}; chart = CHARTEVENTS filtered to weights. */
  static Dataset<Row> build(MimicTables tables, Dataset<Row> chart, MimicSettings settings) {
    Dataset<Row> icu = tables.get(MimicTable.ICUSTAYS).filter(col("outtime").isNotNull());
    Dataset<Row> admissions = tables.get(MimicTable.ADMISSIONS);
    Dataset<Row> patients = tables.get(MimicTable.PATIENTS);
    Dataset<Row> weights = firstWeights(chart, tables.get(MimicTable.INPUTEVENTS_MV), settings);
    Column age =
        unix_timestamp(col("intime")).minus(unix_timestamp(col("dob"))).divide(SECONDS_PER_YEAR);
    return icu.join(admissions, "hadm_id")
        .join(patients, "subject_id")
        .join(weights, col("icustay_id").equalTo(col("w_stay")), "left")
        .select(
            col("icustay_id").as("stay_id"),
            col("subject_id").as("patient_id"),
            col("intime").as("admit_time"),
            col("outtime").as("discharge_time"),
            least(age, lit(settings.ageCapYears())).as("age_years"),
            col("gender").as("sex"),
            coalesce(col("w_weight"), lit(settings.defaultWeightKg())).as("weight_kg"),
            row_number()
                .over(Window.partitionBy("subject_id").orderBy("intime", "icustay_id"))
                .gt(1)
                .as("readmission"),
            lit(null).cast(DataTypes.DoubleType).as("elixhauser"),
            coalesce(col("hospital_expire_flag"), lit(0L)).equalTo(1L).as("died_in_hospital"),
            coalesce(col("deathtime"), col("dod")).as("death_time"),
            lit(null).cast(DataTypes.TimestampType).as("sepsis_onset_time"),
            coalesce(col("w_source"), lit(DEFAULT_WEIGHT)).as("weight_source"),
            col("dbsource"));
  }

  /** The CHARTEVENTS item ids {@link #build} needs in its {@code chart} argument. */
  static List<Long> weightItems() {
    return java.util.stream.Stream.of(
            TreatmentItems.ADMISSION_WEIGHT_KG,
            TreatmentItems.ADMISSION_WEIGHT_LB,
            TreatmentItems.OTHER_WEIGHT_KG)
        .flatMap(List::stream)
        .toList();
  }

  private static Dataset<Row> firstWeights(
      Dataset<Row> chart, Dataset<Row> inputsMv, MimicSettings settings) {
    Column kg = col("valuenum");
    Column lb = call_udf("kilograms_from_pounds", col("valuenum"));
    Dataset<Row> candidates =
        candidate(chart, TreatmentItems.ADMISSION_WEIGHT_KG, 1, kg)
            .unionByName(candidate(chart, TreatmentItems.ADMISSION_WEIGHT_LB, 1, lb))
            .unionByName(candidate(chart, TreatmentItems.OTHER_WEIGHT_KG, 2, kg))
            .unionByName(
                inputsMv.select(
                    col("icustay_id").as("stay"),
                    lit(3).as("source"),
                    col("starttime").as("time"),
                    col("patientweight").as("kg")));
    return candidates
        .filter(col("stay").isNotNull().and(col("time").isNotNull()))
        .filter(col("kg").between(settings.minWeightKg(), settings.maxWeightKg()))
        .groupBy("stay")
        .agg(min(struct(col("source"), col("time"), col("kg"))).as("first"))
        .select(
            col("stay").as("w_stay"),
            col("first.kg").as("w_weight"),
            col("first.source").as("w_source"));
  }

  private static Dataset<Row> candidate(
      Dataset<Row> chart, List<Long> items, int source, Column kilograms) {
    return chart
        .filter(col("itemid").isin(items.toArray()))
        .select(
            col("icustay_id").as("stay"),
            lit(source).as("source"),
            col("charttime").as("time"),
            kilograms.as("kg"));
  }
}
