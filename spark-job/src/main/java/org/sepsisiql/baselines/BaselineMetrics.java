package org.sepsisiql.baselines;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.ope.FqeModel;

/**
 * A baseline's {@code metrics/} (Parquet, one row per iteration of fitted Q iteration or epoch of a
 * DQN): {@code iteration}, {@code validation_bellman_residual}, {@code kept} (the row of the kept
 * model), and for the networks {@code train_loss} and {@code validation_mean_max_q} (null for the
 * regressions).
 */
final class BaselineMetrics {
  static final StructType SCHEMA =
      new StructType()
          .add("iteration", "int", false)
          .add("validation_bellman_residual", "double", false)
          .add("kept", "boolean", false)
          .add("train_loss", "double", true)
          .add("validation_mean_max_q", "double", true);

  private BaselineMetrics() {}

  static void write(SparkSession spark, FqeModel model, String path) {
    List<Row> rows = new ArrayList<>();
    List<Double> errors = model.validationTdErrors();
    for (int k = 0; k < errors.size(); k++) {
      rows.add(RowFactory.create(k + 1, errors.get(k), k + 1 == model.bestIteration(), null, null));
    }
    writeRows(spark, rows, path);
  }

  static void write(SparkSession spark, QNetworkTraining.Result result, String path) {
    List<Row> rows = new ArrayList<>();
    for (QNetworkTraining.Epoch e : result.epochs()) {
      rows.add(
          RowFactory.create(
              e.epoch(),
              e.residual(),
              e.epoch() == result.keptEpoch(),
              e.trainLoss(),
              e.meanMaxQ()));
    }
    writeRows(spark, rows, path);
  }

  private static void writeRows(SparkSession spark, List<Row> rows, String path) {
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(path);
  }
}
