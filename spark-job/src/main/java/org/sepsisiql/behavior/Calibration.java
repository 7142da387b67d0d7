package org.sepsisiql.behavior;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reliability table and expected calibration error (ECE) of a classifier's top prediction.
 *
 * <p>Definition: the confidence of a prediction is the probability of its predicted (most probable)
 * class; it falls into one of {@code B} equal-width bins {@code [b/B, (b+1)/B)}, the last bin
 * closed at 1. Per bin: count {@code n_b}, mean confidence {@code conf_b}, accuracy {@code acc_b}
 * (share of predictions that equal the label). {@code ECE = sum_b (n_b / N) * |acc_b - conf_b|};
 * empty bins contribute nothing. 0 is perfect calibration; an overconfident model has {@code conf_b
 * > acc_b}.
 *
 * <p>{@link #reliability(Dataset, int)} aggregates on Spark (a group-by on the bin index, at most
 * {@code B} rows reach the driver); {@link #reliability(double[], boolean[], int)} is the same
 * computation on arrays, for tests and small data. Both use {@link #binOf}'s rule.
 */
public final class Calibration {
  static final String CONFIDENCE = "confidence";
  static final String CORRECT = "correct";

  private Calibration() {}

  /**
   * One bin of the reliability table; {@code meanConfidence} and {@code accuracy} are 0 if empty.
   */
  public record Bin(
      int index, double lower, double upper, long count, double meanConfidence, double accuracy) {}

  /** The bin of a confidence in [0, 1]: {@code min(floor(c * B), B - 1)}. */
  public static int binOf(double confidence, int bins) {
    return (int) Math.min(Math.max(Math.floor(confidence * bins), 0), bins - 1);
  }

  /**
   * The reliability table of rows with a {@code confidence} double and a {@code correct} boolean.
   */
  public static List<Bin> reliability(Dataset<Row> scored, int bins) {
    Column bin = least(floor(col(CONFIDENCE).multiply(bins)).cast("int"), lit(bins - 1));
    List<Row> rows =
        scored
            .groupBy(bin.as("bin"))
            .agg(
                count("*").as("n"),
                avg(col(CONFIDENCE)).as("confidence"),
                avg(when(col(CORRECT), 1.0).otherwise(0.0)).as("accuracy"))
            .collectAsList();
    long[] counts = new long[bins];
    double[] confidence = new double[bins];
    double[] accuracy = new double[bins];
    for (Row row : rows) {
      int b = Math.max(row.getInt(0), 0);
      counts[b] += row.getLong(1);
      confidence[b] = row.getDouble(2);
      accuracy[b] = row.getDouble(3);
    }
    return table(counts, confidence, accuracy);
  }

  /** The reliability table of predictions given as arrays. */
  public static List<Bin> reliability(double[] confidences, boolean[] correct, int bins) {
    if (confidences.length != correct.length) {
      throw new IllegalArgumentException(
          "confidences and correct differ in length: "
              + confidences.length
              + " != "
              + correct.length);
    }
    long[] counts = new long[bins];
    double[] confidenceSum = new double[bins];
    double[] correctSum = new double[bins];
    for (int i = 0; i < confidences.length; i++) {
      int b = binOf(confidences[i], bins);
      counts[b]++;
      confidenceSum[b] += confidences[i];
      correctSum[b] += correct[i] ? 1 : 0;
    }
    for (int b = 0; b < bins; b++) {
      confidenceSum[b] = counts[b] == 0 ? 0 : confidenceSum[b] / counts[b];
      correctSum[b] = counts[b] == 0 ? 0 : correctSum[b] / counts[b];
    }
    return table(counts, confidenceSum, correctSum);
  }

  /** {@code sum_b (n_b / N) |acc_b - conf_b|}; 0 for an empty table. */
  public static double expectedCalibrationError(List<Bin> table) {
    long total = table.stream().mapToLong(Bin::count).sum();
    if (total == 0) {
      return 0;
    }
    double ece = 0;
    for (Bin bin : table) {
      ece += (double) bin.count() / total * Math.abs(bin.accuracy() - bin.meanConfidence());
    }
    return ece;
  }

  private static List<Bin> table(long[] counts, double[] confidence, double[] accuracy) {
    int bins = counts.length;
    List<Bin> table = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      table.add(
          new Bin(
              b,
              (double) b / bins,
              (double) (b + 1) / bins,
              counts[b],
              confidence[b],
              accuracy[b]));
    }
    return List.copyOf(table);
  }
}
