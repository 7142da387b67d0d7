package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks the test transitions of off-policy evaluation up front, so a broken input is a clear error
 * naming the rule, the number of offending rows and one example stay, never a wrong number later.
 *
 * <p>Contract: {@code stay_id} long, {@code step} int (0..T-1, contiguous, unique per stay), {@code
 * action} int in 0..8, {@code reward} double (finite), {@code pi_e}, {@code pi_b}
 * array&lt;double&gt; of 9 probabilities each summing to 1 within the tolerance, {@code q_hat}
 * array&lt;double&gt; of 9 finite values. A taken action with {@code pi_b = 0} is an error unless
 * {@code pi-b-floor} is set; then the probability used in the ratio is raised to the floor and the
 * rows are counted.
 *
 * <p>Cost: one query. One groupBy(stay_id) counts each stay's rows, steps and rows breaking each
 * rule (one shuffle), and one aggregation over the stays yields every count, an example stay per
 * problem, n and the horizon H, collected as one row.
 */
public final class OpeInputValidator {
  public static final int ACTIONS = 9;

  /** The validated input: normalized column types and the counts the estimators need. */
  public record Validated(
      Dataset<Row> transitions, long trajectories, int horizon, long flooredRows) {}

  private static final Map<String, DataType> CONTRACT = contract();

  private OpeInputValidator() {}

  public static Validated validate(Dataset<Row> input, OpeSettings settings) {
    checkSchema(input.schema());
    Dataset<Row> typed =
        input.select(
            col("stay_id").cast("long").as("stay_id"),
            col("step").cast("int").as("step"),
            col("action").cast("int").as("action"),
            col("reward"),
            col("pi_e"),
            col("pi_b"),
            col("q_hat"));
    Summary summary = summarize(typed, settings);
    long floored = checkRows(summary, settings);
    checkSteps(summary);
    Column taken = expr("pi_b[action]");
    Dataset<Row> result =
        settings.piBFloor() > 0
            ? typed.withColumn("pi_b_taken", greatest(taken, lit(settings.piBFloor())))
            : typed.withColumn("pi_b_taken", taken);
    return new Validated(result, summary.trajectories(), summary.horizon(), floored);
  }

  private static void checkSchema(StructType schema) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, DataType> entry : CONTRACT.entrySet()) {
      String name = entry.getKey();
      if (!List.of(schema.fieldNames()).contains(name)) {
        problems.add("missing column '" + name + "' (" + entry.getValue().simpleString() + ")");
        continue;
      }
      DataType actual = schema.apply(name).dataType();
      boolean ok =
          entry.getValue() instanceof IntegralType
              ? actual instanceof IntegralType
              : actual.sameType(entry.getValue());
      if (!ok) {
        problems.add(
            "column '"
                + name
                + "' must be "
                + entry.getValue().simpleString()
                + ", found: "
                + actual.simpleString());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidOpeInputException("test transitions: " + String.join("; ", problems));
    }
  }

  /**
   * One query: per stay, its rows, first and last step, distinct steps and how many of its rows
   * break each rule; then over the stays, every count with one offending stay.
   *
   * @param rules rule text to the count and example stay of the rows breaking it
   * @param zeroTaken rows whose taken action has pi_b = 0, and an example stay
   * @param broken stays without contiguous unique steps 0..T-1, and an example stay
   */
  private record Summary(
      long rows,
      Map<String, Long> rules,
      Map<String, Object> examples,
      long zeroTaken,
      Object zeroExample,
      long trajectories,
      int horizon,
      long broken,
      Object brokenExample) {}

  private static Summary summarize(Dataset<Row> typed, OpeSettings settings) {
    Map<String, Column> rules = rowRules(settings);
    List<Column> perStay = new ArrayList<>();
    perStay.add(count(lit(1)).as("_rows"));
    perStay.add(min("step").as("_first"));
    perStay.add(max("step").as("_last"));
    perStay.add(countDistinct(col("step")).as("_distinct"));
    int index = 0;
    for (Column rule : rules.values()) {
      perStay.add(sum(when(rule, 1L).otherwise(0L)).as("_rule" + index++));
    }
    perStay.add(sum(when(expr("pi_b[action] <= 0"), 1L).otherwise(0L)).as("_zero"));
    Dataset<Row> stays =
        typed
            .groupBy("stay_id")
            .agg(perStay.get(0), perStay.subList(1, perStay.size()).toArray(Column[]::new));
    Column broken = not(expr("_first = 0 and _last = _rows - 1 and _distinct = _rows"));
    List<Column> overall = new ArrayList<>();
    overall.add(sum("_rows"));
    for (int i = 0; i < rules.size(); i++) {
      overall.add(sum("_rule" + i));
      overall.add(min(when(col("_rule" + i).gt(0), col("stay_id"))));
    }
    overall.add(sum("_zero"));
    overall.add(min(when(col("_zero").gt(0), col("stay_id"))));
    overall.add(count(lit(1)));
    overall.add(max("_rows").cast("int"));
    overall.add(sum(when(broken, 1L).otherwise(0L)));
    overall.add(min(when(broken, col("stay_id"))));
    Row row =
        stays
            .agg(overall.get(0), overall.subList(1, overall.size()).toArray(Column[]::new))
            .first();
    if (row.isNullAt(0) || row.getLong(0) == 0) {
      throw new InvalidOpeInputException("test transitions are empty: nothing to evaluate");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Object> examples = new LinkedHashMap<>();
    int column = 1;
    for (String rule : rules.keySet()) {
      counts.put(rule, row.getLong(column));
      examples.put(rule, row.get(column + 1));
      column += 2;
    }
    return new Summary(
        row.getLong(0),
        counts,
        examples,
        row.getLong(column),
        row.get(column + 1),
        row.getLong(column + 2),
        row.getInt(column + 3),
        row.getLong(column + 4),
        row.get(column + 5));
  }

  /** The row rules, in the order their problems are listed. */
  private static Map<String, Column> rowRules(OpeSettings settings) {
    double tolerance = settings.probabilityTolerance();
    Map<String, Column> rules = new LinkedHashMap<>();
    rules.put(
        "have a null in stay_id, step, action, reward, pi_e, pi_b or q_hat",
        expr(
            "stay_id is null or step is null or action is null or reward is null"
                + " or pi_e is null or pi_b is null or q_hat is null"));
    rules.put("have an action outside 0..8", expr("action < 0 or action > 8"));
    rules.put(
        "have a reward that is not finite",
        expr("isnan(reward) or abs(reward) = double('Infinity')"));
    for (String name : List.of("pi_e", "pi_b")) {
      rules.put(
          "have " + name + " that is not 9 probabilities in [0, 1]",
          expr(
              "size("
                  + name
                  + ") != 9 or exists("
                  + name
                  + ", x -> x is null or isnan(x) or x < 0 or x > 1)"));
      rules.put(
          "have " + name + " not summing to 1 within " + tolerance,
          expr("abs(aggregate(" + name + ", 0D, (a, x) -> a + x) - 1) > " + tolerance));
    }
    rules.put(
        "have q_hat that is not 9 finite values",
        expr(
            "size(q_hat) != 9 or exists(q_hat, x -> x is null or isnan(x) or abs(x) = double('Infinity'))"));
    return rules;
  }

  private static long checkRows(Summary summary, OpeSettings settings) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Long> rule : summary.rules().entrySet()) {
      long bad = rule.getValue();
      if (bad > 0) {
        problems.add(
            bad
                + " rows "
                + rule.getKey()
                + " (e.g. stay_id "
                + summary.examples().get(rule.getKey())
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidOpeInputException("test transitions: " + String.join("; ", problems));
    }
    long zero = summary.zeroTaken();
    if (zero > 0 && settings.piBFloor() <= 0) {
      throw new InvalidOpeInputException(
          "test transitions: "
              + zero
              + " rows have pi_b = 0 for the action taken (e.g. stay_id "
              + summary.zeroExample()
              + "); the importance ratio is undefined. Floor pi_b in the behavior stage, or set"
              + " sepsis-iql.evaluate.pi-b-floor to apply and count a floor here");
    }
    return zero;
  }

  private static void checkSteps(Summary summary) {
    if (summary.broken() > 0) {
      throw new InvalidOpeInputException(
          "test transitions: "
              + summary.broken()
              + " stays do not have contiguous unique steps 0..T-1 (e.g. stay_id "
              + summary.brokenExample()
              + ")");
    }
  }

  private static Map<String, DataType> contract() {
    Map<String, DataType> columns = new LinkedHashMap<>();
    ArrayType probabilities = DataTypes.createArrayType(DataTypes.DoubleType);
    columns.put("stay_id", DataTypes.LongType);
    columns.put("step", DataTypes.IntegerType);
    columns.put("action", DataTypes.IntegerType);
    columns.put("reward", DataTypes.DoubleType);
    columns.put("pi_e", probabilities);
    columns.put("pi_b", probabilities);
    columns.put("q_hat", probabilities);
    return columns;
  }

  /** The input contract as a schema, for tests and writers. */
  public static StructType schema() {
    StructType schema = new StructType();
    for (Map.Entry<String, DataType> entry : CONTRACT.entrySet()) {
      schema =
          schema.add(new StructField(entry.getKey(), entry.getValue(), false, Metadata.empty()));
    }
    return schema;
  }
}
