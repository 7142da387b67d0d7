package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.data.BehaviorProbabilitiesSchema;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.TrajectorySchema;
import org.sepsisiql.policy.TrueValue;

/**
 * The evaluate stage's inputs, checked before any work: the committed trajectories, behavior and
 * model folders; the model's normalization ({@code model/normalization/normalization.json}) equal
 * to the trajectories' ({@code fitted/normalization.json}) and both for this build's 43 features; a
 * non-empty test split; behavior probabilities for every test transition.
 *
 * <p>Frames (persisted until {@link #release}): {@code test} = test transitions joined with their
 * {@code pi_b} on (stay_id, step) (one shuffle join), with {@code raw} array&lt;double&gt;(43) of
 * the raw features (NaN = missing); {@code train} and {@code validation} for FQE and the sweep
 * grids. Collected: two one-row counts and the 9-row action histogram of train.
 */
final class EvaluationInputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NORMALIZATION = "normalization.json";

  final FeatureNormalization normalization;
  final Dataset<Row> train;
  final Dataset<Row> validation;

  /**
   * The validation split as the OPE reads it (stay_id, step, action, reward, done, state, pi_b):
   * model selection's data, never the test split's.
   */
  final Dataset<Row> validationOpe;

  final Dataset<Row> test;
  final long testTransitions;
  final long testTrajectories;

  private EvaluationInputs(
      FeatureNormalization normalization,
      Dataset<Row> train,
      Dataset<Row> validation,
      Dataset<Row> validationOpe,
      Dataset<Row> test,
      long testTransitions,
      long testTrajectories) {
    this.normalization = normalization;
    this.train = train;
    this.validation = validation;
    this.validationOpe = validationOpe;
    this.test = test;
    this.testTransitions = testTransitions;
    this.testTrajectories = testTrajectories;
  }

  /** The normalization shared by model and trajectories, or a clear error. */
  static FeatureNormalization checkedNormalization(FileSystem fs, Path trajectories, Path model) {
    requireComplete(fs, trajectories, "trajectories");
    requireComplete(fs, model, "model");
    Path fitted = new Path(trajectories, "fitted/" + NORMALIZATION);
    Path trained = new Path(model, "normalization/" + NORMALIZATION);
    String fittedText = read(fs, fitted, "the trajectories' normalization");
    String trainedText =
        read(fs, trained, "the model's normalization (the model carries no normalization/)");
    FeatureNormalization normalization = parse(fittedText, fitted);
    parse(trainedText, trained);
    try {
      if (!JSON.readTree(fittedText).equals(JSON.readTree(trainedText))) {
        throw new IllegalArgumentException(
            "the model was trained on another normalization than these trajectories: "
                + trained
                + " differs from "
                + fitted
                + "; evaluate the model on the trajectories it was trained on, or retrain");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compare " + trained + " and " + fitted, e);
    }
    return normalization;
  }

  private static FeatureNormalization parse(String text, Path path) {
    try {
      return FeatureNormalization.fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path + " does not fit this build's " + Feature.COUNT + " features: " + e.getMessage(), e);
    }
  }

  static void requireComplete(FileSystem fs, Path folder, String stage) {
    try {
      if (!fs.exists(new Path(folder, "_SUCCESS"))) {
        throw new IllegalArgumentException(
            "no complete " + stage + " at " + folder + " (missing _SUCCESS); run that stage first");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    }
  }

  /** The file's text, or null when it does not exist. */
  static String readIfExists(FileSystem fs, Path file) {
    try {
      return fs.exists(file) ? read(fs, file, file.getName()) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String read(FileSystem fs, Path file, String what) {
    try {
      if (!fs.exists(file)) {
        throw new IllegalArgumentException("missing " + what + ": " + file);
      }
      try (InputStream in = fs.open(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads and checks the splits; persists the frames. */
  static EvaluationInputs read(
      SparkSession spark, FeatureNormalization normalization, Path trajectories, Path behavior) {
    Dataset<Row> transitions =
        spark
            .read()
            .schema(TrajectorySchema.TRANSITIONS_WITH_SPLIT)
            .parquet(new Path(trajectories, "transitions").toString());
    Dataset<Row> probabilities =
        spark
            .read()
            .schema(BehaviorProbabilitiesSchema.SCHEMA)
            .parquet(new Path(behavior, "probabilities").toString());
    Dataset<Row> test =
        withPiB(transitions, probabilities, "test", "left")
            .select(
                opeColumns(
                    col(Feature.MAP.columnName()),
                    col(Feature.FLUID_BALANCE_ML.columnName()),
                    raw().as("raw")))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Row counts =
        test.agg(
                count(lit(1)),
                countDistinct(col("stay_id")),
                sum(when(col("pi_b").isNull(), 1L).otherwise(0L)))
            .first();
    if (counts.getLong(0) == 0) {
      test.unpersist();
      throw new IllegalArgumentException(
          "the test split of " + trajectories + " is empty: nothing to evaluate");
    }
    if (counts.getLong(2) > 0) {
      test.unpersist();
      throw new IllegalArgumentException(
          counts.getLong(2)
              + " test transitions have no behavior probabilities in "
              + behavior
              + "; rerun the behavior stage on these trajectories");
    }
    Dataset<Row> train = fqeColumns(split(transitions, "train"));
    Dataset<Row> validation = fqeColumns(split(transitions, "val"));
    Dataset<Row> validationOpe =
        withPiB(transitions, probabilities, "val", "left")
            .select(opeColumns())
            .persist(StorageLevel.MEMORY_AND_DISK());
    long withoutPiB = validationOpe.filter(col("pi_b").isNull()).count();
    if (withoutPiB > 0) {
      test.unpersist();
      validationOpe.unpersist();
      throw new IllegalArgumentException(
          withoutPiB
              + " validation transitions have no behavior probabilities in "
              + behavior
              + "; rerun the behavior stage on these trajectories");
    }
    return new EvaluationInputs(
        normalization,
        train,
        validation,
        validationOpe,
        test,
        counts.getLong(0),
        counts.getLong(1));
  }

  /** The transitions of one split with that split's stored pi_b, joined on (stay_id, step). */
  private static Dataset<Row> withPiB(
      Dataset<Row> transitions, Dataset<Row> probabilities, String name, String join) {
    Dataset<Row> piB =
        probabilities
            .filter(col("split").equalTo(name))
            .select(col("stay_id"), col("step"), col("pi_b"));
    return split(transitions, name).join(piB, new String[] {"stay_id", "step"}, join);
  }

  private static Dataset<Row> split(Dataset<Row> transitions, String name) {
    return transitions.filter(col(TrajectorySchema.SPLIT).equalTo(name));
  }

  private static Dataset<Row> fqeColumns(Dataset<Row> split) {
    return split
        .select(
            col("state"),
            col("step"),
            col("action"),
            col("reward"),
            col("done"),
            col("next_state"),
            col(Feature.MAP.columnName()),
            col(Feature.LACTATE.columnName()))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static Column raw() {
    Column[] values =
        Feature.ordered().stream()
            .map(f -> coalesce(col(f.columnName()), lit(Double.NaN)))
            .toArray(Column[]::new);
    return org.apache.spark.sql.functions.array(values);
  }

  /** The most frequent action of the train split (the lowest on ties). */
  int mostFrequentTrainAction() {
    Row row = train.groupBy("action").count().orderBy(desc("count"), col("action")).first();
    if (row == null) {
      throw new IllegalArgumentException("the train split is empty");
    }
    return row.getInt(0);
  }

  /**
   * The test split's mean discounted return over trajectories, with its standard error: the
   * on-policy value of the clinicians of the test period (a {@link TrueValue} of observed stays,
   * not of rollouts).
   */
  TrueValue meanDiscountedReturn(double gamma) {
    Row row =
        test.groupBy("stay_id")
            .agg(sum(col("reward").multiply(pow(lit(gamma), col("step")))).as("g"))
            .agg(avg("g"), stddev_samp("g"), count(lit(1)))
            .first();
    long n = row.getLong(2);
    double sd = row.isNullAt(1) ? 0 : row.getDouble(1);
    return new TrueValue(row.getDouble(0), sd / Math.sqrt(n), n);
  }

  void release() {
    test.unpersist();
    train.unpersist();
    validation.unpersist();
    validationOpe.unpersist();
  }

  /** The columns an off-policy estimate reads, then {@code extra}. */
  private static Column[] opeColumns(Column... extra) {
    List<Column> columns = new ArrayList<>();
    for (String name : List.of("stay_id", "step", "action", "reward", "done", "state", "pi_b")) {
      columns.add(col(name));
    }
    columns.addAll(List.of(extra));
    return columns.toArray(Column[]::new);
  }
}
