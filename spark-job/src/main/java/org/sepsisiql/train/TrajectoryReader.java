package org.sepsisiql.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.agent.Transitions;

/**
 * Loads the train or validation split of {@code <trajectories>/transitions} into primitive arrays
 * on the driver (local trainer, validation of either trainer), after checking it in one Spark
 * aggregation per split: state and next-state lengths, NaN in states, the number of rows (bounded
 * by {@code max-local-rows}) and the actions present. Rows stream to the driver partition by
 * partition ({@code toLocalIterator}). Missing auxiliary targets (NaN, e.g. after death) are masked
 * out; the next state of a terminal transition may be empty (it is multiplied by zero).
 */
public final class TrajectoryReader {
  static final List<String> COLUMNS =
      List.of(
          "split", "state", "action", "reward", "done", "next_state", "next_map", "next_lactate");

  private final SparkSession spark;
  private final int features;

  public TrajectoryReader(SparkSession spark, int features) {
    this.spark = spark;
    this.features = features;
  }

  /** The transitions of {@code split}, validated; empty splits are refused. */
  public Dataset<Row> checkedSplit(String transitionsPath, String split, long maxRows) {
    Dataset<Row> all = spark.read().parquet(transitionsPath);
    List<String> missing =
        COLUMNS.stream().filter(c -> !Arrays.asList(all.columns()).contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          transitionsPath + " lacks the column(s) " + String.join(", ", missing));
    }
    Dataset<Row> rows = all.where(col("split").equalTo(split));
    Row stats =
        rows.agg(
                count(lit(1)),
                countIf(size(col("state")).notEqual(features)),
                countIf(expr("exists(state, x -> isnan(x))")),
                countIf(
                    col("done")
                        .equalTo(false)
                        .and(
                            size(col("next_state"))
                                .notEqual(features)
                                .or(expr("exists(next_state, x -> isnan(x))")))),
                countDistinct(col("action")),
                countIf(col("action").lt(0).or(col("action").gt(8))))
            .first();
    long n = stats.getLong(0);
    String where = "the " + split + " split of " + transitionsPath;
    if (n == 0) {
      throw new IllegalArgumentException(where + " is empty");
    }
    requireNone(stats.getLong(1), where, "state length differs from " + features + " features");
    requireNone(stats.getLong(2), where, "NaN in state");
    requireNone(stats.getLong(3), where, "missing, short or NaN next_state before the end");
    requireNone(stats.getLong(5), where, "action outside 0..8");
    if (n > maxRows) {
      throw new IllegalArgumentException(
          where
              + " has "
              + n
              + " transitions, more than sepsis-iql.train.max-local-rows = "
              + maxRows
              + ": use --trainer spark, or raise the limit if the driver has the memory");
    }
    if ("train".equals(split) && stats.getLong(4) < 2) {
      throw new IllegalArgumentException(
          where + " holds a single action: there is nothing to learn between actions");
    }
    return rows;
  }

  /** Streams checked rows into arrays; aux targets are standardized with {@code scaling}. */
  public Transitions load(Dataset<Row> rows, AuxScaling scaling) {
    int n = (int) rows.count();
    Transitions t = allocate(n, features);
    Iterator<Row> iterator = trainingColumns(rows).toLocalIterator();
    for (int i = 0; i < n && iterator.hasNext(); i++) {
      copyRow(iterator.next(), t, i, scaling);
    }
    return t;
  }

  /** The columns {@link #copyRow} reads, in its order. */
  static Dataset<Row> trainingColumns(Dataset<Row> rows) {
    return rows.select(
        "state", "action", "reward", "done", "next_state", "next_map", "next_lactate");
  }

  /** An empty chunk of {@code n} transitions of {@code features} features. */
  static Transitions allocate(int n, int features) {
    return new Transitions(
        features,
        new float[n * features],
        new int[n],
        new float[n],
        new boolean[n],
        new float[n * features],
        new float[n],
        new float[n],
        new float[n],
        new float[n]);
  }

  /** Copies one row of {@link #trainingColumns} into row {@code i} of {@code t}. */
  static void copyRow(Row row, Transitions t, int i, AuxScaling scaling) {
    int features = t.features();
    copy(row.getList(0), t.states(), i, features);
    t.actions()[i] = row.getInt(1);
    t.rewards()[i] = (float) row.getDouble(2);
    t.done()[i] = row.getBoolean(3);
    if (!row.isNullAt(4) && row.getList(4).size() == features) {
      copy(row.getList(4), t.nextStates(), i, features);
    }
    setAux(row, 5, scaling.mapMean(), scaling.mapStd(), t.nextMap(), t.auxMaskMap(), i);
    setAux(
        row,
        6,
        scaling.lactateMean(),
        scaling.lactateStd(),
        t.nextLactate(),
        t.auxMaskLactate(),
        i);
  }

  /** Mean and standard deviation of the auxiliary targets on train (NaN and null ignored). */
  public static AuxScaling fitScaling(Dataset<Row> train) {
    Row r =
        train
            .agg(
                expr("avg(nanvl(next_map, null))"),
                expr("stddev_pop(nanvl(next_map, null))"),
                expr("avg(nanvl(next_lactate, null))"),
                expr("stddev_pop(nanvl(next_lactate, null))"))
            .first();
    return new AuxScaling(value(r, 0, 0), spread(r, 1), value(r, 2, 0), spread(r, 3));
  }

  /** Standardization of the auxiliary heads' targets, fitted on train and saved with the model. */
  public record AuxScaling(double mapMean, double mapStd, double lactateMean, double lactateStd)
      implements java.io.Serializable {}

  private static double value(Row row, int i, double fallback) {
    return row.isNullAt(i) ? fallback : ((Number) row.get(i)).doubleValue();
  }

  private static double spread(Row row, int i) {
    double s = value(row, i, 1.0);
    return s > 0 ? s : 1.0;
  }

  private static void copy(List<Object> values, float[] target, int row, int features) {
    for (int j = 0; j < features; j++) {
      target[row * features + j] = ((Number) values.get(j)).floatValue();
    }
  }

  private static void setAux(
      Row row, int column, double mean, double std, float[] target, float[] mask, int i) {
    if (row.isNullAt(column) || Double.isNaN(row.getDouble(column))) {
      return;
    }
    target[i] = (float) ((row.getDouble(column) - mean) / std);
    mask[i] = 1f;
  }

  private static Column countIf(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  private static void requireNone(long count, String where, String problem) {
    if (count > 0) {
      throw new IllegalArgumentException(where + ": " + count + " row(s) with " + problem);
    }
  }
}
