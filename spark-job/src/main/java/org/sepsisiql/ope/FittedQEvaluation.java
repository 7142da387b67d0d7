package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fitted Q evaluation (FQE, Le et al. 2019) of the evaluated policy pi_e: fitted on train, checked
 * on validation. Iteration k regresses the target {@code y = r + gamma (1 - done) sum_a'
 * pi_e(a'|s') Q_{k-1}(s', a')} (Q_0 = 0) on (s, a).
 *
 * <p>Model: MLlib {@code LinearRegression} on a block one-hot design: the row of (s, a) has 9
 * blocks of {@code |s| + 1} columns, block a holding (s, 1) and the others zero, so each action
 * gets its own linear function of the state with its own intercept. With ridge (elastic-net 0) the
 * exact normal-equation solver fits it in one aggregation pass per iteration; deterministic, no
 * seed needed. A linear Q is a deliberate choice: it is fast and cannot diverge the way a boosted
 * or neural Q can under bootstrapped targets, and the doubly robust estimators stay unbiased when
 * it is wrong (its error only costs variance). Stops at {@code iterations} or after {@code
 * patience} iterations without a lower validation TD error, {@code mean (y_k - Q_k(s, a))^2} with
 * y_k built from Q_k itself (the Bellman residual of the fitted Q); the best iterate is kept.
 *
 * <p>Cost per iteration: one pass over train (the normal equations, a 9(|s|+1)-square matrix
 * collected by the solver) and one over validation. The design rows are persisted once; targets are
 * recomputed from the current coefficients, so the lineage does not grow.
 */
public final class FittedQEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(FittedQEvaluation.class);

  private final FqeSettings settings;

  public FittedQEvaluation(FqeSettings settings) {
    this.settings = settings;
  }

  /**
   * @param train transitions with {@code state} array&lt;double&gt;, {@code action} int, {@code
   *     reward} double, {@code done} (boolean or 0/1), {@code next_state} array&lt;double&gt;,
   *     {@code pi_e_next} array&lt;double&gt;(9)
   * @param validation the same columns, for the stopping rule
   */
  public FqeModel fit(Dataset<Row> train, Dataset<Row> validation) {
    int stateSize = stateSize(train);
    SparkContext context = train.sparkSession().sparkContext();
    Dataset<Row> design = design(train, stateSize).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> checked = prepared(validation).persist(StorageLevel.MEMORY_AND_DISK());
    FqeModel current = new FqeModel(stateSize, new double[9 * (stateSize + 1)], 0, List.of());
    FqeModel best = null;
    double bestError = Double.POSITIVE_INFINITY;
    List<Double> errors = new ArrayList<>();
    try {
      for (int k = 1; k <= settings.iterations(); k++) {
        context.setJobGroup("FQE-ITERATION-" + k, "FQE: regression " + k, false);
        double[] coefficients = regression().fit(labeled(design, current)).coefficients().toArray();
        current = new FqeModel(stateSize, coefficients, k, List.of());
        double error = tdError(checked, current);
        errors.add(error);
        LOG.info("FQE iteration {}: validation TD error {}", k, error);
        if (best == null || error < bestError) {
          bestError = error;
          best = current;
        } else if (k - best.bestIteration() >= settings.patience()) {
          break;
        }
      }
    } finally {
      context.clearJobGroup();
      design.unpersist();
      checked.unpersist();
    }
    return new FqeModel(stateSize, best.coefficients(), best.bestIteration(), List.copyOf(errors));
  }

  private LinearRegression regression() {
    return new LinearRegression()
        .setFeaturesCol("features")
        .setLabelCol("label")
        .setFitIntercept(false)
        .setStandardization(false)
        .setRegParam(settings.regParam())
        .setElasticNetParam(settings.elasticNet())
        .setMaxIter(settings.maxSolverIterations())
        .setSolver(settings.elasticNet() == 0 ? "normal" : "l-bfgs");
  }

  private static int stateSize(Dataset<Row> train) {
    Row first = train.select(expr("size(state)")).first();
    if (first == null) {
      throw new InvalidOpeInputException("FQE: the train transitions are empty");
    }
    return first.getInt(0);
  }

  private static Dataset<Row> prepared(Dataset<Row> transitions) {
    return transitions.select(
        col("state"),
        col("action").cast("int").as("action"),
        col("reward").cast("double").as("reward"),
        col("done").cast("double").as("done"),
        col("next_state"),
        col("pi_e_next"));
  }

  /** Rows with the block one-hot feature vector of (s, a). */
  static Dataset<Row> design(Dataset<Row> transitions, int stateSize) {
    String blocks =
        "flatten(transform(sequence(0, 8), k -> if(k = action, concat(state, array(1D)),"
            + " array_repeat(0D, "
            + (stateSize + 1)
            + "))))";
    return prepared(transitions)
        .withColumn("features", org.apache.spark.ml.functions.array_to_vector(expr(blocks)));
  }

  private Column target(FqeModel q) {
    Column next = q.valueColumn(col("next_state"), col("pi_e_next"));
    return col("reward")
        .plus(lit(settings.gamma()).multiply(lit(1.0).minus(col("done"))).multiply(next));
  }

  private Dataset<Row> labeled(Dataset<Row> design, FqeModel q) {
    return design.withColumn("label", target(q));
  }

  private double tdError(Dataset<Row> validation, FqeModel q) {
    Column predicted = element_at(q.qColumn(col("state")), col("action").plus(1));
    Row row = validation.agg(avg(pow(target(q).minus(predicted), 2))).first();
    if (row.isNullAt(0)) {
      throw new InvalidOpeInputException("FQE: the validation transitions are empty");
    }
    return row.getDouble(0);
  }
}
