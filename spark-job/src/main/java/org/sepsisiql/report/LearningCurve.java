package org.sepsisiql.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.spark.JobGroup;

/**
 * The train stage's learning curves, {@code <run>/model/metrics/epoch-NNNNN.parquet} (one row per
 * epoch), read with Spark under an explicit schema of the columns the report plots. The table has
 * one row per epoch (at most {@code train.max-epochs}), so collecting it to the driver is cheap; a
 * column an older run lacks reads as NaN. {@link #EMPTY} stands for a run without metrics.
 */
record LearningCurve(int[] epochs, Map<String, double[]> series, int bestEpoch) {
  static final LearningCurve EMPTY = new LearningCurve(new int[0], Map.of(), -1);

  /** Loss columns, one line each in the loss chart. */
  static final List<String> LOSSES =
      List.of(
          "train_loss", "val_td_loss", "val_v_loss", "val_next_map_loss", "val_next_lactate_loss");

  static final String CRITERION = "val_criterion";
  private static final List<String> OTHERS =
      List.of(CRITERION, "val_entropy", "val_mean_q", "val_mean_v", "examples_per_second");

  boolean isEmpty() {
    return epochs.length == 0;
  }

  double[] values(String column) {
    return series.getOrDefault(column, new double[0]);
  }

  /** Reads the metrics folder, or returns {@link #EMPTY} when it does not exist. */
  static LearningCurve read(SparkSession spark, FileSystem fs, Path folder) {
    try {
      if (!fs.exists(folder) || fs.listStatus(folder).length == 0) {
        return EMPTY;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    List<Row> rows =
        JobGroup.phase(
            spark.sparkContext(),
            "REPORT-LEARNING-CURVES",
            "read " + folder,
            () ->
                spark
                    .read()
                    .schema(schema())
                    .parquet(folder.toString())
                    .orderBy("epoch")
                    .collectAsList());
    return fromRows(rows);
  }

  private static LearningCurve fromRows(List<Row> rows) {
    int[] epochs = new int[rows.size()];
    Map<String, double[]> series = new LinkedHashMap<>();
    for (String column : columns()) {
      series.put(column, new double[rows.size()]);
    }
    int best = -1;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      epochs[i] = row.getAs("epoch");
      for (String column : columns()) {
        Object value = row.getAs(column);
        series.get(column)[i] = value == null ? Double.NaN : ((Number) value).doubleValue();
      }
      Object isBest = row.getAs("best");
      if (Boolean.TRUE.equals(isBest)) {
        best = epochs[i];
      }
    }
    return new LearningCurve(epochs, series, best);
  }

  private static List<String> columns() {
    List<String> columns = new ArrayList<>(LOSSES);
    columns.addAll(OTHERS);
    return columns;
  }

  static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("epoch", DataTypes.IntegerType, false));
    for (String column : columns()) {
      fields.add(DataTypes.createStructField(column, DataTypes.DoubleType, true));
    }
    fields.add(DataTypes.createStructField("best", DataTypes.BooleanType, true));
    return DataTypes.createStructType(fields);
  }

  /** The numbers the report's metrics.json carries: epochs, best epoch, last and best values. */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("available", !isEmpty());
    if (isEmpty()) {
      return summary;
    }
    summary.put("epochs", epochs.length);
    summary.put("best_epoch", bestEpoch >= 0 ? bestEpoch : null);
    Map<String, Object> last = new LinkedHashMap<>();
    Map<String, Object> atBest = new LinkedHashMap<>();
    int bestIndex = indexOf(bestEpoch);
    series.forEach(
        (column, values) -> {
          last.put(column, finiteOrNull(values[values.length - 1]));
          atBest.put(column, bestIndex >= 0 ? finiteOrNull(values[bestIndex]) : null);
        });
    summary.put("last_epoch", last);
    summary.put("best_epoch_values", atBest);
    return summary;
  }

  private int indexOf(int epoch) {
    for (int i = 0; i < epochs.length; i++) {
      if (epochs[i] == epoch) {
        return i;
      }
    }
    return -1;
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
