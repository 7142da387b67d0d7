package org.sepsisiql.behavior;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.Feature;

/**
 * The behavior stage's input: {@code <trajectories>/transitions/}, Parquet partitioned by {@code
 * split}. Reads only the columns this stage needs, checked against {@link #SCHEMA} (name and type),
 * and validates the data before any fitting.
 *
 * <p>Checks, each failing with an {@link IllegalArgumentException} that names the problem: the
 * trajectories folder is complete ({@code _SUCCESS}); every split folder exists; no split is empty
 * (train fits, validation tunes, test reports); every {@code state} has {@link Feature#COUNT}
 * entries, none NaN or null; every {@code action} is in 0..8. Cost: one scan of the needed columns
 * and a group-by on {@code split} (three rows reach the driver).
 */
public final class TransitionsInput {
  static final String SPLIT = "split";
  static final String STAY_ID = "stay_id";
  static final String STEP = "step";
  static final String STATE = "state";
  static final String ACTION = "action";
  static final List<String> SPLITS = List.of("train", "val", "test");

  /** The columns read, in the file's types; {@code split} comes from the folder names. */
  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(STAY_ID, DataTypes.LongType, false),
            DataTypes.createStructField(STEP, DataTypes.IntegerType, false),
            DataTypes.createStructField(
                STATE, DataTypes.createArrayType(DataTypes.DoubleType, true), true),
            DataTypes.createStructField(ACTION, DataTypes.IntegerType, true),
            DataTypes.createStructField(SPLIT, DataTypes.StringType, false)
          });

  private final Dataset<Row> transitions;
  private final Map<String, Long> counts;

  private TransitionsInput(Dataset<Row> transitions, Map<String, Long> counts) {
    this.transitions = transitions;
    this.counts = Map.copyOf(counts);
  }

  /** Reads and validates {@code <trajectories>/transitions}; fails naming the first problem. */
  public static TransitionsInput read(SparkSession spark, String trajectories) {
    Path root = new Path(trajectories);
    Path transitions = new Path(root, "transitions");
    FileSystem fs = fileSystem(spark, root);
    requireExists(fs, new Path(root, "_SUCCESS"), "no complete trajectories at " + root);
    for (String split : SPLITS) {
      Path folder = new Path(transitions, SPLIT + "=" + split);
      requireExists(fs, folder, "split " + split + " is missing: no folder " + folder);
    }
    Dataset<Row> data = spark.read().parquet(transitions.toString());
    checkColumns(data.schema(), transitions);
    Dataset<Row> selected = data.select(columnsOf(SCHEMA));
    return new TransitionsInput(selected, validate(selected, transitions));
  }

  /** Every transition of every split, with the columns of {@link #SCHEMA}. */
  public Dataset<Row> all() {
    return transitions;
  }

  public Dataset<Row> split(String name) {
    return transitions.where(col(SPLIT).equalTo(name));
  }

  /** Transitions per split. */
  public long count(String split) {
    return counts.getOrDefault(split, 0L);
  }

  private static void checkColumns(StructType actual, Path where) {
    for (StructField expected : SCHEMA.fields()) {
      if (!List.of(actual.fieldNames()).contains(expected.name())) {
        throw new IllegalArgumentException(
            where
                + ": column "
                + expected.name()
                + " is missing (expected "
                + typeName(expected.dataType())
                + ")");
      }
      DataType found = actual.apply(expected.name()).dataType();
      if (!DataType.equalsIgnoreNullability(found, expected.dataType())) {
        throw new IllegalArgumentException(
            where
                + ": column "
                + expected.name()
                + " must be "
                + typeName(expected.dataType())
                + ", cannot be: "
                + typeName(found));
      }
    }
  }

  private static Map<String, Long> validate(Dataset<Row> data, Path where) {
    Column badLength = col(STATE).isNull().or(size(col(STATE)).notEqual(Feature.COUNT));
    Column notFinite = expr("exists(state, x -> x IS NULL OR isnan(x))");
    Column badAction =
        col(ACTION).isNull().or(col(ACTION).lt(0)).or(col(ACTION).gt(BehaviorColumns.ACTIONS - 1));
    List<Row> rows =
        data.groupBy(SPLIT)
            .agg(
                functions.count("*").as("n"),
                sum(when(badLength, 1).otherwise(0)).as("bad_length"),
                sum(when(functions.not(badLength).and(notFinite), 1).otherwise(0)).as("not_finite"),
                sum(when(badAction, 1).otherwise(0)).as("bad_action"))
            .collectAsList();
    Map<String, Long> counts = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Row row : rows) {
      String split = row.getString(0);
      counts.put(split, row.getLong(1));
      describe(
          problems,
          split,
          row.getLong(2),
          "a state that is null or not of length " + Feature.COUNT + " (Feature.COUNT)");
      describe(problems, split, row.getLong(3), "a state holding NaN or null");
      describe(
          problems,
          split,
          row.getLong(4),
          "an action that is null or outside 0.." + (BehaviorColumns.ACTIONS - 1));
    }
    for (String split : SPLITS) {
      if (counts.getOrDefault(split, 0L) == 0) {
        problems.add("the " + split + " split is empty");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid transitions at " + where + ": " + String.join("; ", problems));
    }
    return counts;
  }

  private static void describe(List<String> problems, String split, long count, String what) {
    if (count > 0) {
      problems.add("split " + split + ": " + count + " transition(s) with " + what);
    }
  }

  private static Column[] columnsOf(StructType schema) {
    return Arrays.stream(schema.fieldNames()).map(name -> col(name)).toArray(Column[]::new);
  }

  private static String typeName(DataType type) {
    return type.simpleString();
  }

  private static FileSystem fileSystem(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + path, e);
    }
  }

  private static void requireExists(FileSystem fs, Path path, String message) {
    try {
      if (!fs.exists(path)) {
        throw new IllegalArgumentException(message);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
