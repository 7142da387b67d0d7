package org.sepsisiql.behavior;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.log;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.behavior.BehaviorResult.Candidate;
import org.sepsisiql.spark.JobGroup;

/**
 * Fits one multinomial logistic regression per regularization strength on train and keeps the one
 * with the lowest validation log-loss (mean of {@code -ln pi_b(a|s)} over validation transitions,
 * with the stored, floored probabilities). Ties keep the first candidate in the configured order.
 *
 * <p>Cost per candidate: MLlib's L-BFGS makes one pass over the (cached) train features per
 * iteration, with a tree aggregate of the 9 x 42 gradient; scoring validation is one pass with a
 * global average (one row to the driver). Each candidate runs in its own job group, {@code
 * BEHAVIOR-FIT-REG-<value>}, and prints one progress line.
 */
final class RegularizationSearch {
  /** The chosen model and every candidate, in the configured order. */
  record Selection(LogisticRegressionModel model, Candidate chosen, List<Candidate> candidates) {
    Selection {
      candidates = List.copyOf(candidates);
    }
  }

  private final SparkSession spark;
  private final BehaviorSettings settings;
  private final ProbabilityFloor floor;
  private final Consumer<String> progress;

  RegularizationSearch(SparkSession spark, BehaviorSettings settings, Consumer<String> progress) {
    this.spark = spark;
    this.settings = settings;
    this.floor = new ProbabilityFloor(settings.probabilityFloor());
    this.progress = progress;
  }

  /**
   * Searches the grid; {@code train} and {@code validation} hold {@code features}, {@code label}
   * and {@code action} and should be cached by the caller.
   */
  Selection search(Dataset<Row> train, Dataset<Row> validation) {
    List<Candidate> candidates = new ArrayList<>();
    LogisticRegressionModel best = null;
    Candidate chosen = null;
    int index = 0;
    for (double regParam : settings.regParams()) {
      index++;
      String name = format(regParam);
      LogisticRegressionModel model;
      double logLoss;
      try (JobGroup group =
          JobGroup.open(
              spark.sparkContext(),
              "BEHAVIOR-FIT-REG-" + name,
              "behavior: fit multinomial logistic regression, regParam " + name)) {
        model = estimator(regParam).fit(train);
        logLoss = logLoss(model, validation);
      }
      int iterations = model.summary().totalIterations();
      Candidate candidate = new Candidate(regParam, logLoss, iterations);
      candidates.add(candidate);
      progress.accept(
          String.format(
              "behavior candidate %d/%d: regParam %s, %d iterations, validation log-loss %.5f",
              index, settings.regParams().size(), name, iterations, logLoss));
      if (chosen == null || logLoss < chosen.validationLogLoss()) {
        chosen = candidate;
        best = model;
      }
    }
    return new Selection(best, chosen, candidates);
  }

  private LogisticRegression estimator(double regParam) {
    return new LogisticRegression()
        .setFamily("multinomial")
        .setFeaturesCol(BehaviorColumns.FEATURES)
        .setLabelCol(BehaviorColumns.LABEL)
        .setProbabilityCol(BehaviorColumns.PROBABILITY)
        .setRegParam(regParam)
        .setElasticNetParam(settings.elasticNetParam())
        .setMaxIter(settings.maxIter())
        .setTol(settings.tolerance())
        .setStandardization(settings.standardization())
        .setFitIntercept(true);
  }

  private double logLoss(LogisticRegressionModel model, Dataset<Row> validation) {
    Row row =
        model
            .transform(validation)
            .select(
                avg(log(BehaviorColumns.taken(floor.column(col(BehaviorColumns.PROBABILITY))))
                        .multiply(-1))
                    .as("log_loss"))
            .first();
    return row.isNullAt(0) ? Double.NaN : row.getDouble(0);
  }

  /** A regularization value as plain text for job groups and logs, e.g. 0.001. */
  static String format(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
