package org.sepsisiql.behavior;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.BehaviorProbabilitiesSchema;
import org.sepsisiql.spark.JobGroup;

/**
 * The behavior stage's work ({@link BehaviorStage} commits it): estimates the clinicians' policy
 * {@code pi_b(a|s)} and stores it for every transition, for the off-policy estimators that divide
 * by it (BEHAVIOR.md), into a given folder.
 *
 * <p>Pipeline: read and validate {@code trajectories/transitions} ({@link TransitionsInput}); cache
 * train and validation as (features, label) and search the regularization grid on validation
 * log-loss ({@link RegularizationSearch}); apply the chosen model to every split, floor its
 * probabilities ({@link ProbabilityFloor}) and write {@code probabilities/} partitioned by split (a
 * map-only pass, no shuffle); read them back to measure log-loss, accuracy and calibration ({@link
 * BehaviorMetrics}); save the MLlib model and the report. Only aggregates reach the driver.
 */
public final class BehaviorFit {
  static final String PROBABILITIES = "probabilities";
  static final String MODEL = "model";

  /** The schema of {@code behavior/probabilities} ({@code split} is the partition folder). */
  /** The schema of {@code behavior/probabilities} ({@link BehaviorProbabilitiesSchema}). */
  public static final StructType PROBABILITIES_SCHEMA = BehaviorProbabilitiesSchema.SCHEMA;

  private final SparkSession spark;
  private final BehaviorSettings settings;
  private final Consumer<String> progress;

  /**
   * @param progress receives one human line per step (counts only, never patient values)
   */
  public BehaviorFit(SparkSession spark, BehaviorSettings settings, Consumer<String> progress) {
    this.spark = spark;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Runs the stage.
   *
   * @param trajectories the cohort stage's folder (holding {@code transitions/} and {@code
   *     _SUCCESS})
   * @param output the folder to write {@code probabilities/}, {@code model/}, {@code report.json}
   *     and {@code summary.txt} into (the stage's temporary folder)
   * @throws IllegalArgumentException when the input is missing or invalid, before any fitting
   */
  public BehaviorResult run(String trajectories, String output) {
    try (JobGroup group =
        JobGroup.open(
            spark.sparkContext(),
            "BEHAVIOR-READ-TRANSITIONS",
            "behavior: read and validate the transitions")) {
      TransitionsInput input = TransitionsInput.read(spark, trajectories);
      progress.accept(
          String.format(
              "behavior input: %,d train, %,d val, %,d test transitions",
              input.count("train"), input.count("val"), input.count("test")));
      RegularizationSearch.Selection selection = fit(input);
      group.next("BEHAVIOR-WRITE-PROBABILITIES", "behavior: pi_b for every transition");
      String probabilitiesPath = new Path(output, PROBABILITIES).toString();
      writeProbabilities(selection.model(), input, probabilitiesPath);
      saveModel(selection.model(), new Path(output, MODEL).toString());
      group.next("BEHAVIOR-REPORT", "behavior: log-loss, accuracy, calibration");
      BehaviorResult result = measure(selection, probabilitiesPath);
      BehaviorReportWriter.write(result, output, spark.sparkContext().hadoopConfiguration());
      return result;
    }
  }

  private RegularizationSearch.Selection fit(TransitionsInput input) {
    Dataset<Row> train = modelInput(input.split("train")).cache();
    Dataset<Row> validation = modelInput(input.split("val")).cache();
    try {
      return new RegularizationSearch(spark, settings, progress).search(train, validation);
    } finally {
      train.unpersist();
      validation.unpersist();
    }
  }

  private static Dataset<Row> modelInput(Dataset<Row> transitions) {
    return transitions.select(
        BehaviorColumns.features(), BehaviorColumns.label(), col(TransitionsInput.ACTION));
  }

  private void writeProbabilities(
      LogisticRegressionModel model, TransitionsInput input, String path) {
    Column piB =
        new ProbabilityFloor(settings.probabilityFloor()).column(col(BehaviorColumns.PROBABILITY));
    model
        .transform(
            input
                .all()
                .select(
                    col(TransitionsInput.STAY_ID),
                    col(TransitionsInput.STEP),
                    col(TransitionsInput.ACTION),
                    col(TransitionsInput.SPLIT),
                    BehaviorColumns.features()))
        .select(
            col(TransitionsInput.STAY_ID),
            col(TransitionsInput.STEP),
            col(TransitionsInput.ACTION),
            piB.as(BehaviorColumns.PI_B),
            BehaviorColumns.rawTaken()
                .lt(settings.probabilityFloor())
                .as(BehaviorColumns.TAKEN_FLOORED),
            col(TransitionsInput.SPLIT))
        .withColumn(BehaviorColumns.PI_B_TAKEN, BehaviorColumns.taken(col(BehaviorColumns.PI_B)))
        .select(PROBABILITIES_SCHEMA.fieldNames()[0], tail(PROBABILITIES_SCHEMA.fieldNames()))
        .write()
        .partitionBy(TransitionsInput.SPLIT)
        .parquet(path);
  }

  private BehaviorResult measure(
      RegularizationSearch.Selection selection, String probabilitiesPath) {
    Dataset<Row> stored = spark.read().schema(PROBABILITIES_SCHEMA).parquet(probabilitiesPath);
    Map<String, BehaviorResult.SplitMetrics> splits = BehaviorMetrics.perSplit(stored);
    List<Calibration.Bin> reliability =
        BehaviorMetrics.reliability(stored, "test", settings.calibrationBins());
    Map<String, List<Long>> actionCounts = BehaviorMetrics.actionCounts(stored);
    return new BehaviorResult(
        settings,
        selection.chosen(),
        selection.candidates(),
        splits,
        reliability,
        Calibration.expectedCalibrationError(reliability),
        actionCounts);
  }

  private static void saveModel(LogisticRegressionModel model, String path) {
    try {
      model.write().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the behavior model to " + path, e);
    }
  }

  private static String[] tail(String[] names) {
    return Arrays.copyOfRange(names, 1, names.length);
  }
}
