package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.spark.JobGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Seq;

/**
 * Fitted Q evaluation (FQE, Le et al. 2019) of the evaluated policy pi_e: fitted on train, checked
 * on validation. Iteration k regresses the target {@code y = r + gamma (1 - done) sum_a'
 * pi_e(a'|s') Q_{k-1}(s', t + 1, a')} (Q_0 = 0) on (s, t, a), t being the step in the stay.
 *
 * <p>Iterate k has carried rewards at most k steps back, so with horizon H = max(step) + 1 over
 * train at least H iterations run; then {@link FqeStoppingRule} stops on the validation Bellman
 * residual {@code mean (y_k - Q_k(s, t, a))^2} (y_k built from Q_k) and keeps the best iterate
 * among iterations >= max(H, min-iterations).
 *
 * <p>Models ({@code fqe.model}, see {@link QFunction}): {@code linear}, MLlib {@code
 * LinearRegression} on per-action blocks (s, 1, t/H) and a shared one-hot of t, ridge by the exact
 * normal-equation solver, deterministic; {@code gbt}, MLlib {@code GBTRegressor} on (s, t, one-hot
 * of a), seeded. Either way Q(s', t + 1, .) of the targets is computed map-side from a broadcast of
 * the previous iterate.
 *
 * <p>Cost per iteration: one fit over train (linear: one aggregation pass, the normal equations'
 * square matrix of 9(|s| + 2) + H columns collected by the solver; gbt: one tree-building pass per
 * tree level and tree) and one pass over validation. The design rows are persisted once; targets
 * are recomputed from the current iterate, so the lineage does not grow. One more aggregation reads
 * |s| and H up front.
 */
public final class FittedQEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(FittedQEvaluation.class);

  private final FqeSettings settings;
  private final boolean greedy;

  public FittedQEvaluation(FqeSettings settings) {
    this(settings, false);
  }

  private FittedQEvaluation(FqeSettings settings, boolean greedy) {
    this.settings = settings;
    this.greedy = greedy;
  }

  /**
   * Fitted Q iteration (control), the same regressions and stopping rule with the greedy target
   * {@code r + gamma (1 - done) max_a Q(s', a)}: the seed's fitted-Q baselines. Its inputs need no
   * {@code pi_e_next}; {@link #fit(Collected)} fits it on collected rows.
   */
  public static FittedQEvaluation iteration(FqeSettings settings) {
    return new FittedQEvaluation(settings, true);
  }

  /**
   * @param train transitions with {@code state} array&lt;double&gt;, {@code step} int (0-based step
   *     in the stay), {@code action} int, {@code reward} double, {@code done} (boolean or 0/1),
   *     {@code next_state} array&lt;double&gt;, {@code pi_e_next} array&lt;double&gt;(9)
   * @param validation the same columns, for the stopping rule
   */
  public FqeModel fit(Dataset<Row> train, Dataset<Row> validation) {
    SparkContext context = train.sparkSession().sparkContext();
    Dataset<Row> rows = prepared(train).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> checked = prepared(validation).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> design = null;
    try (JobGroup group =
        JobGroup.open(context, "FQE-COLLECT", "FQE: collect train and validation to the driver")) {
      if (mayRunOnDriver()) {
        FqeModel local = onDriver(rows, checked);
        if (local != null) {
          return local;
        }
      }
      group.next("FQE-SHAPE", "FQE: state size and horizon of train");
      int[] shape = shape(rows);
      design = rows.withColumn("features", features(shape[0], shape[1]));
      design = design.persist(StorageLevel.MEMORY_AND_DISK());
      return iterate(group, design, checked, shape[0], shape[1]);
    } finally {
      if (design != null) {
        design.unpersist();
      }
      rows.unpersist();
      checked.unpersist();
    }
  }

  /**
   * Train and validation transitions collected to the driver once, for the fits of many policies
   * ({@link #collect}, {@link #fit(Collected, UnaryOperator)}): every policy's fit then costs its
   * own pi_e of the next states and the iterations, not a Spark scoring and collection.
   */
  public static final class Collected {
    private final LocalLinearFqe.Rows train;
    private final LocalLinearFqe.Rows validation;
    private final LocalLinearFqe.Design design;

    private Collected(LocalLinearFqe.Rows train, LocalLinearFqe.Rows validation, int[] shape) {
      this.train = train;
      this.validation = validation;
      this.design = new LocalLinearFqe.Design(train, shape[0], shape[1]);
    }
  }

  /**
   * Train and validation ({@code state, step, action, reward, done, next_state}) on the driver,
   * when the linear model may be fitted there and both together have at most {@code local-max-rows}
   * transitions; null otherwise (then fit each policy with {@link #fit(Dataset, Dataset)}).
   */
  public Collected collect(Dataset<Row> train, Dataset<Row> validation) {
    if (!mayRunOnDriver()) {
      return null;
    }
    SparkContext context = train.sparkSession().sparkContext();
    try (JobGroup group =
        JobGroup.open(context, "FQE-COLLECT", "FQE: collect train and validation to the driver")) {
      List<List<Row>> rows =
          withinLocalMaxRows(preparedWithoutPolicy(train), preparedWithoutPolicy(validation));
      if (rows == null) {
        return null;
      }
      int[] shape = LocalLinearFqe.Rows.shape(rows.get(0));
      return new Collected(
          LocalLinearFqe.Rows.of(rows.get(0), shape[0]),
          LocalLinearFqe.Rows.of(rows.get(1), shape[0]),
          shape);
    }
  }

  /**
   * The fit of one policy on collected rows, the same model as {@link #fit(Dataset, Dataset)}.
   *
   * @param nextPolicy pi_e of next states ([n][9] from [n][|s|])
   */
  public FqeModel fit(Collected data, UnaryOperator<double[][]> nextPolicy) {
    return new LocalLinearFqe(settings)
        .iterate(
            data.design,
            data.train.withNextPolicy(nextPolicy.apply(data.train.nextStates())),
            data.validation.withNextPolicy(nextPolicy.apply(data.validation.nextStates())));
  }

  /** Fitted Q iteration on collected rows ({@link #iteration}): the greedy target, no policy. */
  public FqeModel fit(Collected data) {
    if (!greedy) {
      throw new IllegalStateException("fit(Collected) without a policy is fitted Q iteration");
    }
    return new LocalLinearFqe(settings)
        .iterate(
            data.design, data.train.withNextPolicy(null), data.validation.withNextPolicy(null));
  }

  /** Whether the model is the linear ridge one that {@link LocalLinearFqe} fits. */
  private boolean mayRunOnDriver() {
    return settings.model() == FqeSettings.Model.LINEAR
        && settings.elasticNet() == 0
        && settings.localMaxRows() > 0;
  }

  /**
   * The linear ridge model on the driver when train and validation together have at most {@code
   * local-max-rows} transitions; null when they have more.
   */
  private FqeModel onDriver(Dataset<Row> rows, Dataset<Row> checked) {
    List<List<Row>> collected = withinLocalMaxRows(rows, checked);
    if (collected == null) {
      return null;
    }
    int[] shape = LocalLinearFqe.Rows.shape(collected.get(0));
    return new LocalLinearFqe(settings)
        .iterate(
            LocalLinearFqe.Rows.of(collected.get(0), shape[0]),
            LocalLinearFqe.Rows.of(collected.get(1), shape[0]),
            shape[0],
            shape[1]);
  }

  /**
   * Train's and validation's rows on the driver when together they are at most {@code
   * local-max-rows}, else null: collected with that limit, so a larger cohort never reaches the
   * driver whole.
   */
  private List<List<Row>> withinLocalMaxRows(Dataset<Row> train, Dataset<Row> validation) {
    int limit = (int) Math.min(Integer.MAX_VALUE - 1, settings.localMaxRows());
    List<Row> trainRows = train.limit(limit + 1).collectAsList();
    if (trainRows.size() > limit) {
      return null;
    }
    int left = limit - trainRows.size();
    List<Row> validationRows = validation.limit(left + 1).collectAsList();
    return validationRows.size() > left ? null : List.of(trainRows, validationRows);
  }

  private FqeModel iterate(
      JobGroup group, Dataset<Row> design, Dataset<Row> checked, int stateSize, int h) {
    FqeStoppingRule rule = new FqeStoppingRule(h, settings);
    QFunction current = zero(stateSize, h);
    QFunction best = current;
    List<Double> errors = new ArrayList<>();
    FqeModel.StopReason reason = null;
    for (int k = 1; reason == null; k++) {
      group.next("FQE-ITERATION-" + k, "FQE: regression " + k);
      current = regress(design.withColumn("label", target(model(current, h))), stateSize, h);
      double error = tdError(checked, model(current, h));
      errors.add(error);
      if (rule.record(k, error)) {
        best = current;
      }
      reason = rule.stopAfter(k);
      LOG.info(
          "FQE iteration {} (horizon {}, at least {}, at most {}): validation Bellman residual {}",
          k,
          h,
          rule.floor(),
          rule.ceiling(),
          error);
    }
    LOG.info(
        "FQE stopped after {} iterations ({}): kept iteration {}, residual {}",
        errors.size(),
        reason,
        rule.bestIteration(),
        rule.bestResidual());
    return new FqeModel(best, h, rule.bestIteration(), reason, List.copyOf(errors));
  }

  private static FqeModel model(QFunction function, int horizon) {
    return new FqeModel(function, horizon, 0, null, List.of());
  }

  private QFunction zero(int stateSize, int horizon) {
    return new QFunction.Linear(
        stateSize, horizon, new double[QFunction.Linear.size(stateSize, horizon)]);
  }

  private QFunction regress(Dataset<Row> labeled, int stateSize, int horizon) {
    return switch (settings.model()) {
      case LINEAR ->
          new QFunction.Linear(stateSize, horizon, linear().fit(labeled).coefficients().toArray());
      case GBT -> new QFunction.Boosted(stateSize, horizon, boosted().fit(labeled));
    };
  }

  private LinearRegression linear() {
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

  private GBTRegressor boosted() {
    FqeSettings.Gbt gbt = settings.gbt();
    return new GBTRegressor()
        .setFeaturesCol("features")
        .setLabelCol("label")
        .setMaxDepth(gbt.maxDepth())
        .setMaxIter(gbt.maxIter())
        .setStepSize(gbt.stepSize())
        .setSubsamplingRate(gbt.subsamplingRate())
        .setSeed(gbt.seed());
  }

  /** |s| and H = max(step) + 1 of train, in one aggregation. */
  private static int[] shape(Dataset<Row> rows) {
    Row row =
        rows.agg(min(expr("size(state)")), max(expr("size(state)")), max(col("step"))).first();
    if (row.isNullAt(0)) {
      throw new InvalidOpeInputException("FQE: the train transitions are empty");
    }
    if (row.getInt(0) != row.getInt(1)) {
      throw new InvalidOpeInputException(
          "FQE: train states differ in size, from " + row.getInt(0) + " to " + row.getInt(1));
    }
    return new int[] {row.getInt(0), row.getInt(2) + 1};
  }

  /** state, step, action, reward, done (0/1) and s', with the types the fits read. */
  private static Dataset<Row> preparedWithoutPolicy(Dataset<Row> transitions) {
    return transitions.select(transitionColumns().toArray(Column[]::new));
  }

  /** {@link #preparedWithoutPolicy} and, when evaluating a policy, {@code pi_e_next}. */
  private Dataset<Row> prepared(Dataset<Row> transitions) {
    if (greedy) {
      return preparedWithoutPolicy(transitions);
    }
    List<Column> columns = new ArrayList<>(transitionColumns());
    columns.add(col("pi_e_next"));
    return transitions.select(columns.toArray(Column[]::new));
  }

  private static List<Column> transitionColumns() {
    return List.of(
        col("state"),
        col("step").cast("int").as("step"),
        col("action").cast("int").as("action"),
        col("reward").cast("double").as("reward"),
        col("done").cast("double").as("done"),
        col("next_state"));
  }

  /** The regression's feature vector of (s, t, a) ({@link QFunction#features}). */
  private Column features(int stateSize, int horizon) {
    FqeSettings.Model kind = settings.model();
    UserDefinedFunction function =
        udf(
            (UDF3<Seq<Object>, Integer, Integer, Vector>)
                (s, t, a) -> QFunction.features(kind, FqeModel.values(s, stateSize), t, a, horizon),
            SQLDataTypes.VectorType());
    return function.apply(col("state"), col("step"), col("action"));
  }

  private Column target(FqeModel q) {
    Column next =
        greedy
            ? org.apache.spark.sql.functions.array_max(
                q.qColumn(col("next_state"), col("step").plus(1)))
            : q.valueColumn(col("next_state"), col("step").plus(1), col("pi_e_next"));
    return col("reward")
        .plus(lit(settings.gamma()).multiply(lit(1.0).minus(col("done"))).multiply(next));
  }

  private double tdError(Dataset<Row> validation, FqeModel q) {
    Column predicted = element_at(q.qColumn(col("state"), col("step")), col("action").plus(1));
    Row row = validation.agg(avg(pow(target(q).minus(predicted), 2))).first();
    if (row.isNullAt(0)) {
      throw new InvalidOpeInputException("FQE: the validation transitions are empty");
    }
    return row.getDouble(0);
  }
}
