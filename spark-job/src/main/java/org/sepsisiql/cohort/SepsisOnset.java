package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.cohort.CohortSettings.Sepsis3;

/**
 * Sepsis onset per stay: {@code stays.sepsis_onset_time} when present; when null and the extracts
 * hold infection rows, the Sepsis-3 onset; when null and the extracts hold no infection data at
 * all, the admission time (DESIGN.md section 3). A stay with a null onset, infection data in the
 * extracts, and no Sepsis-3 onset gets no row here and is excluded as not septic.
 *
 * <p>Sepsis-3 (Seymour et al., JAMA 2016): a suspected infection is an antibiotic followed by a
 * culture within 24 h (onset at the antibiotic) or a culture followed by an antibiotic within 72 h
 * (onset at the culture), pairing every antibiotic time of a stay with every culture time of that
 * stay (a self-join per stay). It counts when SOFA ({@code sofa} udf, baseline 0) on the worst
 * values in [suspected - 48 h, suspected + 24 h] is at least 2; the onset is the earliest suspected
 * time that counts. Worst values: lowest PaO2 and highest FiO2 (for P/F), any ventilation, lowest
 * platelets, MAP and GCS, highest bilirubin and creatinine, highest vasopressor dose overlapping
 * the window; urine output is left out (its charting around admission is too incomplete to read a
 * 24 h total from). Cost: joins of the candidate times with the measurements and vasopressors of
 * the same stays, and one aggregation per candidate.
 */
final class SepsisOnset {
  static final String RECORDED = "recorded";
  static final String SEPSIS3 = "sepsis-3";
  static final String ADMISSION = "admission";

  private final Sepsis3 rule;

  SepsisOnset(Sepsis3 rule) {
    this.rule = rule;
  }

  /** {@code stay_id, onset_time, onset_source} for every stay with an onset. */
  Dataset<Row> onsets(CleanExtracts clean) {
    Dataset<Row> stays = clean.stays();
    Dataset<Row> recorded =
        stays
            .filter(col("sepsis_onset_time").isNotNull())
            .select(
                col("stay_id"),
                col("sepsis_onset_time").as("onset_time"),
                lit(RECORDED).as("onset_source"));
    Dataset<Row> pending = stays.filter(col("sepsis_onset_time").isNull());
    Optional<Dataset<Row>> infection = clean.infection().filter(i -> !i.isEmpty());
    if (infection.isEmpty()) {
      return recorded.unionByName(
          pending.select(
              col("stay_id"),
              col("admit_time").as("onset_time"),
              lit(ADMISSION).as("onset_source")));
    }
    return recorded.unionByName(sepsis3(pending.select("stay_id"), infection.get(), clean));
  }

  private Dataset<Row> sepsis3(Dataset<Row> pending, Dataset<Row> infection, CleanExtracts clean) {
    Dataset<Row> candidates = suspectedInfections(infection).join(pending, "stay_id");
    Dataset<Row> worst = worstValues(candidates, clean.measurements());
    Dataset<Row> vaso = worstVasopressor(candidates, clean.vasopressors());
    Column sofa =
        call_udf(
            "sofa",
            call_udf("pf_ratio", col("pao2"), col("fio2")),
            col("mech_vent").geq(0.5),
            col("platelets"),
            col("bilirubin"),
            col("map"),
            col("ne_dose"),
            col("gcs"),
            col("creatinine"),
            lit(null).cast("double"));
    return candidates
        .join(worst, ExtractCleaner.seq("stay_id", "suspected"), "left")
        .join(vaso, ExtractCleaner.seq("stay_id", "suspected"), "left")
        .filter(sofa.geq(rule.sofaThreshold()))
        .groupBy("stay_id")
        .agg(min("suspected").as("onset_time"))
        .withColumn("onset_source", lit(SEPSIS3));
  }

  /** Distinct {@code stay_id, suspected} times of suspected infection. */
  Dataset<Row> suspectedInfections(Dataset<Row> infection) {
    Dataset<Row> antibiotics =
        infection.filter(col("antibiotic_time").isNotNull()).select("stay_id", "antibiotic_time");
    Dataset<Row> cultures =
        infection.filter(col("culture_time").isNotNull()).select("stay_id", "culture_time");
    Column a = col("antibiotic_time");
    Column c = col("culture_time");
    Column cultureAfter = c.geq(a).and(c.leq(a.plus(hours(rule.antibioticThenCultureHours()))));
    Column antibioticAfter = a.gt(c).and(a.leq(c.plus(hours(rule.cultureThenAntibioticHours()))));
    return antibiotics
        .join(cultures, "stay_id")
        .filter(cultureAfter.or(antibioticAfter))
        .select(col("stay_id"), least(a, c).as("suspected"))
        .distinct();
  }

  private Dataset<Row> worstValues(Dataset<Row> candidates, Dataset<Row> measurements) {
    Column t = col("charttime");
    Column inWindow =
        t.geq(col("suspected").minus(hours(rule.sofaBeforeHours())))
            .and(t.leq(col("suspected").plus(hours(rule.sofaAfterHours()))));
    return candidates
        .join(measurements, "stay_id")
        .filter(inWindow)
        .groupBy("stay_id", "suspected")
        .agg(
            lowest("pao2"),
            highest("fio2"),
            highest("mech_vent"),
            lowest("platelets"),
            highest("bilirubin"),
            lowest("map"),
            lowest("gcs"),
            highest("creatinine"));
  }

  private static Column lowest(String variable) {
    return min(when(col("variable").equalTo(variable), col("value"))).as(variable);
  }

  private static Column highest(String variable) {
    return max(when(col("variable").equalTo(variable), col("value"))).as(variable);
  }

  private Dataset<Row> worstVasopressor(Dataset<Row> candidates, Dataset<Row> vasopressors) {
    Column from = col("suspected").minus(hours(rule.sofaBeforeHours()));
    Column to = col("suspected").plus(hours(rule.sofaAfterHours()));
    return candidates
        .join(vasopressors, "stay_id")
        .filter(col("start_time").leq(to).and(col("end_time").geq(from)))
        .groupBy("stay_id", "suspected")
        .agg(max("ne_dose").as("ne_dose"));
  }

  private static Column hours(int hours) {
    return expr("INTERVAL " + hours + " HOURS");
  }
}
