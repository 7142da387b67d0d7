package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;

/**
 * Fits the {@link FeatureNormalization} on the train steps only. Two global aggregations, each
 * collecting one row: first the medians of the 43 raw features (missing excluded), their observed
 * counts and the medians of the non-zero IV fluid totals and vasopressor doses; then the mean and
 * population standard deviation of each feature after median imputation and log transform. Medians
 * are exact ({@code percentile}, which holds a value-count map per feature in one task) unless
 * {@code median-relative-error} asks for {@code percentile_approx}.
 *
 * <p>A feature never observed in train gets median 0; an action without non-zero train doses gets
 * the smallest positive cut, so every non-zero dose of it is level 2.
 */
final class NormalizationFitter {
  private final double relativeError;

  NormalizationFitter(CohortSettings settings) {
    this.relativeError = settings.medianRelativeError();
  }

  FeatureNormalization fit(Dataset<Row> trainSteps) {
    List<Column> first = new ArrayList<>();
    for (Feature feature : Feature.ordered()) {
      first.add(median(col(feature.columnName())));
      first.add(count(col(feature.columnName())));
    }
    first.add(median(when(col("iv_dose").gt(0), col("iv_dose"))));
    first.add(median(when(col("vaso_dose").gt(0), col("vaso_dose"))));
    first.add(count(lit(1)));
    Row medianRow = aggregate(trainSteps, first);
    int n = Feature.COUNT;
    double[] medians = new double[n];
    long[] observed = new long[n];
    for (int i = 0; i < n; i++) {
      medians[i] = medianRow.isNullAt(2 * i) ? 0.0 : medianRow.getDouble(2 * i);
      observed[i] = medianRow.getLong(2 * i + 1);
    }
    double ivCut = cut(medianRow, 2 * n, "iv_dose", "fluids");
    double vasoCut = cut(medianRow, 2 * n + 1, "vaso_dose", "vasopressors");
    long rows = medianRow.getLong(2 * n + 2);

    List<Column> second = new ArrayList<>();
    for (Feature feature : Feature.ordered()) {
      Column transformed = transformed(feature, medians[feature.index()]);
      second.add(avg(transformed));
      second.add(stddev_pop(transformed));
    }
    Row momentRow = aggregate(trainSteps, second);
    double[] means = new double[n];
    double[] stds = new double[n];
    for (int i = 0; i < n; i++) {
      means[i] = momentRow.isNullAt(2 * i) ? 0.0 : momentRow.getDouble(2 * i);
      stds[i] = momentRow.isNullAt(2 * i + 1) ? 1.0 : momentRow.getDouble(2 * i + 1);
    }
    return new FeatureNormalization(medians, means, stds, observed, rows, ivCut, vasoCut);
  }

  /** The imputed, log-transformed value of a feature as a column (what gets z-scored). */
  static Column transformed(Feature feature, double median) {
    Column imputed = coalesce(col(feature.columnName()), lit(median));
    return feature.logTransformed() ? log1p(greatest(imputed, lit(0.0))) : imputed;
  }

  private Column median(Column column) {
    if (relativeError > 0) {
      int accuracy = (int) Math.min(Integer.MAX_VALUE, Math.round(1.0 / relativeError));
      return percentile_approx(column, lit(0.5), lit(accuracy)).cast("double");
    }
    return functions.median(column).cast("double");
  }

  /**
   * The median positive dose per train step: below it level 1, above it level 2. Without a positive
   * dose no cut point can separate three levels (the cohort would have 3 actions, not 9).
   */
  private static double cut(Row row, int index, String dose, String dataset) {
    if (row.isNullAt(index) || !(row.getDouble(index) > 0)) {
      throw new InvalidExtractException(
          "extracts/"
              + dataset
              + ": no train step has a positive "
              + dose
              + ", so its cut point cannot separate three dose levels; check the dataset's"
              + " amounts or rates and their times");
    }
    return row.getDouble(index);
  }

  private static Row aggregate(Dataset<Row> rows, List<Column> aggregates) {
    return rows.agg(
            aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
        .first();
  }
}
