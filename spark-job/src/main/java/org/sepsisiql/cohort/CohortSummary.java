package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.TrajectorySchema;

/**
 * The numbers of {@code summary.txt} and {@code summary.json}: stays read and excluded by reason,
 * rows dropped by each cleaning rule, stays, patients and transitions per split, and the share of
 * transitions missing each feature before imputation. Two small aggregations over the written
 * transitions (three rows and one row collected).
 */
record CohortSummary(
    long staysRead,
    Map<String, Long> staysOut,
    Map<String, Long> rowsDropped,
    Map<String, Long> transitionsBySplit,
    Map<String, Long> staysBySplit,
    Map<String, Long> patientsBySplit,
    Map<String, Double> missingByFeature) {

  static CohortSummary of(long staysRead, QualityLog log, Dataset<Row> transitions) {
    Map<String, Long> staysOut = new LinkedHashMap<>();
    Map<String, Long> dropped = new LinkedHashMap<>();
    log.counts()
        .forEach(
            (rule, rows) -> {
              if (rule.dataset().equals("stays")) {
                staysOut.put(rule.rule(), rows);
              }
              if (!rule.excludesStays()) {
                dropped.put(rule.dataset() + "." + rule.rule(), rows);
              }
            });
    Map<String, Long> transitionsBySplit = new LinkedHashMap<>();
    Map<String, Long> staysBySplit = new LinkedHashMap<>();
    Map<String, Long> patientsBySplit = new LinkedHashMap<>();
    for (String split : TrajectorySchema.SPLITS) {
      transitionsBySplit.put(split, 0L);
      staysBySplit.put(split, 0L);
      patientsBySplit.put(split, 0L);
    }
    for (Row row :
        transitions
            .groupBy(TrajectorySchema.SPLIT)
            .agg(count(lit(1)), countDistinct(col("stay_id")), countDistinct(col("patient_id")))
            .collectAsList()) {
      transitionsBySplit.put(row.getString(0), row.getLong(1));
      staysBySplit.put(row.getString(0), row.getLong(2));
      patientsBySplit.put(row.getString(0), row.getLong(3));
    }
    return new CohortSummary(
        staysRead,
        staysOut,
        dropped,
        transitionsBySplit,
        staysBySplit,
        patientsBySplit,
        missingness(transitions));
  }

  private static Map<String, Double> missingness(Dataset<Row> transitions) {
    List<Column> nulls = new ArrayList<>();
    for (Feature feature : Feature.ordered()) {
      nulls.add(sum(when(col(feature.columnName()).isNull(), 1).otherwise(0)));
    }
    nulls.add(count(lit(1)));
    Row row =
        transitions
            .agg(nulls.get(0), nulls.subList(1, nulls.size()).toArray(Column[]::new))
            .first();
    long total = row.getLong(Feature.COUNT);
    Map<String, Double> missing = new LinkedHashMap<>();
    for (Feature feature : Feature.ordered()) {
      long n = row.isNullAt(feature.index()) ? 0 : row.getLong(feature.index());
      missing.put(feature.columnName(), total == 0 ? 0.0 : (double) n / total);
    }
    return missing;
  }

  long cohortStays() {
    return staysBySplit.values().stream().mapToLong(Long::longValue).sum();
  }

  String toText() {
    StringBuilder text = new StringBuilder("sepsis-iql cohort summary\n\n");
    text.append(String.format("stays read                    %,d%n", staysRead));
    staysOut.forEach((rule, n) -> text.append(String.format("  out: %-23s %,d%n", rule, n)));
    text.append(String.format("stays in the cohort           %,d%n%n", cohortStays()));
    text.append("split   patients    stays  transitions\n");
    for (String split : TrajectorySchema.SPLITS) {
      text.append(
          String.format(
              "%-5s %10d %8d %12d%n",
              split,
              patientsBySplit.get(split),
              staysBySplit.get(split),
              transitionsBySplit.get(split)));
    }
    text.append("\nrows dropped or deduplicated by rule\n");
    rowsDropped.forEach((rule, n) -> text.append(String.format("  %-40s %,d%n", rule, n)));
    text.append("\nmissing before imputation (share of transitions)\n");
    missingByFeature.forEach(
        (feature, share) -> text.append(String.format("  %-20s %6.1f %%%n", feature, 100 * share)));
    return text.toString();
  }

  String toJson(CohortSettings settings) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stays_read", staysRead);
    json.put("stays_out", staysOut);
    json.put("stays_in_cohort", cohortStays());
    json.put("transitions_by_split", transitionsBySplit);
    json.put("stays_by_split", staysBySplit);
    json.put("patients_by_split", patientsBySplit);
    json.put("rows_dropped", rowsDropped);
    json.put("missing_before_imputation", missingByFeature);
    json.put("settings", settings);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the summary as JSON", e);
    }
  }
}
