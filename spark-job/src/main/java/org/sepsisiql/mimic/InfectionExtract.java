package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Builds {@code infection}: one row per antibiotic start (antibiotic_time set) and one per culture
 * (culture_time set), for the cohort stage to pair into Sepsis-3 suspected infection.
 *
 * <p>Antibiotics: PRESCRIPTIONS rows selected by {@link Antibiotics} (time = start date, 00:00).
 * Cultures: MICROBIOLOGYEVENTS, time = charttime, else chartdate (00:00) when only the date is
 * known; one row per distinct specimen time (the table repeats it per organism and sensitivity).
 * Both tables carry hadm_id, not icustay_id: an event belongs to each ICU stay of the admission
 * whose window [intime - infection-hours-before-intime, outtime] holds it.
 *
 * <p>Cost: two joins with ICUSTAYS by hadm_id and one distinct (shuffles of small tables).
 */
final class InfectionExtract {
  private InfectionExtract() {}

  static Dataset<Row> build(MimicTables tables, MimicSettings settings) {
    Dataset<Row> stays =
        tables
            .get(MimicTable.ICUSTAYS)
            .select(
                col("hadm_id").as("stay_hadm"),
                col("icustay_id").as("stay_id"),
                TreatmentsExtract.hoursBefore("intime", settings.infectionHoursBeforeIntime())
                    .as("window_start"),
                col("outtime").as("window_end"));
    Dataset<Row> antibiotics =
        inStay(antibioticStarts(tables.get(MimicTable.PRESCRIPTIONS)), stays)
            .select(
                col("stay_id"),
                col("time").as("antibiotic_time"),
                lit(null).cast(DataTypes.TimestampType).as("culture_time"));
    Dataset<Row> cultures =
        inStay(cultureTimes(tables.get(MimicTable.MICROBIOLOGYEVENTS)), stays)
            .select(
                col("stay_id"),
                lit(null).cast(DataTypes.TimestampType).as("antibiotic_time"),
                col("time").as("culture_time"));
    return antibiotics.unionByName(cultures).distinct();
  }

  private static Dataset<Row> antibioticStarts(Dataset<Row> prescriptions) {
    Column drug = lower(coalesce(col("drug"), lit("")));
    Column route = upper(trim(coalesce(col("route"), lit(""))));
    return prescriptions
        .filter(drug.rlike(Antibiotics.anyOf(Antibiotics.NAME_FRAGMENTS)))
        .filter(not(drug.rlike(Antibiotics.anyOf(Antibiotics.EXCLUDED_FORMS))))
        .filter(not(route.isin(Antibiotics.EXCLUDED_ROUTES.toArray())))
        .select(col("hadm_id"), col("startdate").as("time"));
  }

  private static Dataset<Row> cultureTimes(Dataset<Row> microbiology) {
    return microbiology.select(
        col("hadm_id"), coalesce(col("charttime"), col("chartdate")).as("time"));
  }

  private static Dataset<Row> inStay(Dataset<Row> events, Dataset<Row> stays) {
    return events
        .filter(col("time").isNotNull())
        .join(stays, col("hadm_id").equalTo(col("stay_hadm")))
        .filter(col("time").between(col("window_start"), col("window_end")));
  }
}
