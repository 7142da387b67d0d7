package org.sepsisiql.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.sweep.SweepSettings.Configuration;

/**
 * One configuration's figures, read from its evaluation's {@code metrics.json}: the validation WDR
 * of its learned policy at the network and beta chosen on validation (what the sweep selects on),
 * the test estimate and, on simulated data, the true value and its paired difference from the
 * clinicians (reported beside, never used to select).
 */
record SweepRow(
    Configuration configuration,
    String network,
    double beta,
    Double validationWdr,
    Double validationLower,
    Double validationUpper,
    Double validationEss,
    boolean validationValid,
    Double testWdr,
    Double testLower,
    Double testUpper,
    boolean testValid,
    Double trueValue,
    Double trueValueError,
    Double truthVsClinicians,
    Double truthVsCliniciansError,
    String clinicalTests,
    int actionsUsed,
    double agreement) {

  static SweepRow of(Configuration configuration, JsonNode metrics) {
    JsonNode selection = metrics.path("advantage_beta_selection");
    double beta = selection.path("beta").asDouble(Double.NaN);
    JsonNode chosen = null;
    for (JsonNode candidate : selection.path("candidates")) {
      if (candidate.path("chosen").asBoolean(false)) {
        chosen = candidate;
      }
    }
    JsonNode learned = learnedRow(metrics);
    return new SweepRow(
        configuration,
        selection.path("network").asText("the trained network"),
        beta,
        number(chosen, "wdr"),
        number(chosen, "lower"),
        number(chosen, "upper"),
        number(chosen, "ess"),
        chosen != null && chosen.path("valid").asBoolean(false),
        number(learned, "wdr"),
        number(learned, "wdr_lower"),
        number(learned, "wdr_upper"),
        learned.path("wdr_valid").asBoolean(false),
        number(learned, "true_value"),
        number(learned, "true_value_standard_error"),
        number(learned, "true_difference"),
        number(learned, "true_difference_standard_error"),
        learned.path("clinical_tests_passed").asText("n/a"),
        learned.path("actions_used").asInt(),
        learned.path("agreement").asDouble(Double.NaN));
  }

  /** The {@code learned} row of a {@code metrics.json}'s summary table. */
  static JsonNode learnedRow(JsonNode metrics) {
    for (JsonNode row : metrics.path("summary_table")) {
      if ("learned".equals(row.path("model").asText())) {
        return row;
      }
    }
    throw new IllegalArgumentException("metrics.json has no learned row in its summary_table");
  }

  private static Double number(JsonNode node, String field) {
    return node != null && node.path(field).isNumber() ? node.path(field).asDouble() : null;
  }

  static final StructType SCHEMA = schema();

  private static StructType schema() {
    StructType schema =
        new StructType()
            .add("configuration", DataTypes.StringType, false)
            .add("why", DataTypes.StringType, false)
            .add("settings", DataTypes.StringType, false)
            .add("selected", DataTypes.BooleanType, false)
            .add("network", DataTypes.StringType, false)
            .add("beta", DataTypes.DoubleType, false);
    DataType number = DataTypes.DoubleType;
    for (String name :
        List.of(
            "validation_wdr", "validation_wdr_lower", "validation_wdr_upper", "validation_ess")) {
      schema = schema.add(name, number, true);
    }
    schema = schema.add("validation_wdr_valid", DataTypes.BooleanType, false);
    for (String name : List.of("test_wdr", "test_wdr_lower", "test_wdr_upper")) {
      schema = schema.add(name, number, true);
    }
    schema = schema.add("test_wdr_valid", DataTypes.BooleanType, false);
    for (String name :
        List.of(
            "true_value",
            "true_value_standard_error",
            "true_difference_from_clinicians",
            "true_difference_standard_error")) {
      schema = schema.add(name, number, true);
    }
    return schema
        .add("clinical_tests_passed", DataTypes.StringType, false)
        .add("actions_used", DataTypes.IntegerType, false)
        .add("agreement", DataTypes.DoubleType, false);
  }

  Row toRow(boolean selected) {
    List<Object> values = new ArrayList<>();
    values.add(configuration.name());
    values.add(configuration.why());
    values.add(configuration.describe());
    values.add(selected);
    values.add(network);
    values.add(beta);
    values.add(validationWdr);
    values.add(validationLower);
    values.add(validationUpper);
    values.add(validationEss);
    values.add(validationValid);
    values.add(testWdr);
    values.add(testLower);
    values.add(testUpper);
    values.add(testValid);
    values.add(trueValue);
    values.add(trueValueError);
    values.add(truthVsClinicians);
    values.add(truthVsCliniciansError);
    values.add(clinicalTests);
    values.add(actionsUsed);
    values.add(agreement);
    return RowFactory.create(values.toArray());
  }
}
