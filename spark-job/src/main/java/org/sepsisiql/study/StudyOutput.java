package org.sepsisiql.study;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.run.StageWrite;

/**
 * Writes {@code <run>/ope-study/}: {@code estimates/} (Parquet, {@link StudyRow#SCHEMA}, one row
 * per seed x policy x estimator), {@code table/} (Parquet, {@link StudyTable#SCHEMA}) and {@code
 * summary.txt} (the printed table and its coverage line). A few hundred rows, built on the driver.
 */
final class StudyOutput {
  private StudyOutput() {}

  static void write(SparkSession spark, List<StudyRow> rows, StudyTable table, StageWrite write) {
    List<Row> estimates = new ArrayList<>();
    for (StudyRow r : rows) {
      estimates.add(
          RowFactory.create(
              r.seed(),
              r.policy(),
              r.estimator(),
              r.valid(),
              r.reason(),
              r.value(),
              r.lower(),
              r.upper(),
              r.truth(),
              r.truthError(),
              r.covered(),
              r.rawCovered(),
              r.ess()));
    }
    spark
        .createDataFrame(estimates, StudyRow.SCHEMA)
        .coalesce(1)
        .write()
        .parquet(write.temporaryPath("estimates"));
    List<Row> lines = new ArrayList<>();
    for (StudyTable.Line l : table.lines()) {
      lines.add(
          RowFactory.create(
              l.policy(),
              l.estimator(),
              l.runs(),
              l.valid(),
              l.withIntervals(),
              l.covered(),
              l.coverage(),
              l.rawCovered(),
              l.rawIntervals(),
              l.withheldShare(),
              l.meanError(),
              l.rmse(),
              l.meanEss()));
    }
    spark
        .createDataFrame(lines, StudyTable.SCHEMA)
        .coalesce(1)
        .write()
        .parquet(write.temporaryPath("table"));
    write.writeText("summary.txt", table.render());
  }
}
