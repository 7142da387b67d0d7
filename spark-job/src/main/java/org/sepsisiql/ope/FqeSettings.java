package org.sepsisiql.ope;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.sepsisiql.config.Checks;

/**
 * The {@code sepsis-iql.evaluate.fqe} settings of fitted Q evaluation (reference.conf documents
 * each key, OPE.md the stopping rule).
 *
 * @param gamma discount (the evaluate stage's)
 * @param model the regression of each iteration
 * @param minIterations a floor on the iterations above the horizon H (which is always run); 0 = H
 * @param maxIterations iterations at most (raised to the floor when below it)
 * @param patience iterations without a relative improvement above {@code relativeTolerance} of the
 *     best validation Bellman residual before stopping
 * @param relativeTolerance an iteration improves when its residual is below {@code best (1 - tol)}
 * @param regParam regularization of the per-action linear functions
 * @param elasticNet elastic-net mixing, 0 = ridge
 * @param maxSolverIterations solver iterations when elasticNet > 0
 * @param localMaxRows the linear ridge model runs on the driver ({@link LocalLinearFqe}) when train
 *     and validation together have at most this many rows; 0 = always on Spark
 * @param gbt the boosted trees' settings, used when {@code model} is {@link Model#GBT}
 */
public record FqeSettings(
    double gamma,
    Model model,
    int minIterations,
    int maxIterations,
    int patience,
    double relativeTolerance,
    double regParam,
    double elasticNet,
    int maxSolverIterations,
    long localMaxRows,
    Gbt gbt)
    implements Serializable {
  private static final String PREFIX = "sepsis-iql.evaluate.fqe.";
  private static final long FQE_STREAM = 0x6671652d67627473L;

  /** The regression fitted at every FQE iteration ({@code evaluate.fqe.model}). */
  public enum Model {
    /** MLlib LinearRegression: per action (s, 1, t/H), plus a one-hot of the step shared. */
    LINEAR,
    /** MLlib GBTRegressor on (state, step, one-hot action). */
    GBT;

    /** The name in the configuration. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code evaluate.fqe.gbt}: MLlib {@code GBTRegressor} parameters.
   *
   * @param maxDepth depth of each tree
   * @param maxIter trees per fit
   * @param stepSize learning rate of every tree after the first
   * @param subsamplingRate share of train rows sampled per tree
   * @param seed of the sampling; derived from {@code sepsis-iql.seed} when the key is null
   */
  public record Gbt(int maxDepth, int maxIter, double stepSize, double subsamplingRate, long seed)
      implements Serializable {}

  public FqeSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(gbt, "gbt");
  }

  public static FqeSettings from(Config config) {
    String model =
        Checks.oneOf(config, PREFIX + "model", Model.LINEAR.key(), Model.GBT.key())
            .toUpperCase(Locale.ROOT);
    return new FqeSettings(
        Checks.doubleIn(config, "sepsis-iql.evaluate.gamma", Double.MIN_VALUE, 1),
        Model.valueOf(model),
        Checks.intAtLeast(config, PREFIX + "min-iterations", 0),
        Checks.intAtLeast(config, PREFIX + "max-iterations", 1),
        Checks.intAtLeast(config, PREFIX + "patience", 1),
        Checks.doubleIn(config, PREFIX + "relative-tolerance", 0, 1),
        Checks.doubleIn(config, PREFIX + "reg-param", 0, Double.MAX_VALUE),
        Checks.doubleIn(config, PREFIX + "elastic-net", 0, 1),
        Checks.intAtLeast(config, PREFIX + "max-solver-iterations", 1),
        Checks.longAtLeast(config, PREFIX + "local-max-rows", 0),
        gbt(config));
  }

  private static Gbt gbt(Config config) {
    String key = PREFIX + "gbt.";
    long seed =
        config.getIsNull(key + "seed")
            ? config.getLong("sepsis-iql.seed") ^ FQE_STREAM
            : config.getLong(key + "seed");
    int depth = Checks.intAtLeast(config, key + "max-depth", 1);
    if (depth > 30) {
      throw Checks.invalid(key + "max-depth", "must be at most 30 (MLlib's limit)", depth);
    }
    return new Gbt(
        depth,
        Checks.intAtLeast(config, key + "max-iter", 1),
        Checks.doubleIn(config, key + "step-size", Double.MIN_VALUE, 1),
        Checks.doubleIn(config, key + "subsampling-rate", Double.MIN_VALUE, 1),
        seed);
  }

  /** The same settings with another driver-local row limit (tests, comparisons). */
  public FqeSettings withLocalMaxRows(long rows) {
    return new FqeSettings(
        gamma,
        model,
        minIterations,
        maxIterations,
        patience,
        relativeTolerance,
        regParam,
        elasticNet,
        maxSolverIterations,
        rows,
        gbt);
  }

  /** The same settings with another floor on the iterations (fitted Q iteration's). */
  public FqeSettings withMinIterations(int iterations) {
    return new FqeSettings(
        gamma,
        model,
        iterations,
        maxIterations,
        patience,
        relativeTolerance,
        regParam,
        elasticNet,
        maxSolverIterations,
        localMaxRows,
        gbt);
  }

  /** The same settings with another ridge penalty (fitted Q iteration's grid). */
  public FqeSettings withRegParam(double penalty) {
    return new FqeSettings(
        gamma,
        model,
        minIterations,
        maxIterations,
        patience,
        relativeTolerance,
        penalty,
        elasticNet,
        maxSolverIterations,
        localMaxRows,
        gbt);
  }

  /** The same settings with another regression model (tests, comparisons). */
  public FqeSettings withModel(Model other) {
    return new FqeSettings(
        gamma,
        other,
        minIterations,
        maxIterations,
        patience,
        relativeTolerance,
        regParam,
        elasticNet,
        maxSolverIterations,
        localMaxRows,
        gbt);
  }
}
