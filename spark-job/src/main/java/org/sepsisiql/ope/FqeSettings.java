package org.sepsisiql.ope;

import com.typesafe.config.Config;
import java.io.Serializable;
import org.sepsisiql.config.Checks;

/**
 * The {@code sepsis-iql.evaluate.fqe} settings of fitted Q evaluation.
 *
 * @param gamma discount (the evaluate stage's)
 * @param iterations maximum fitted-Q iterations
 * @param patience iterations without a lower validation TD error before stopping
 * @param regParam regularization of the per-action linear functions
 * @param elasticNet elastic-net mixing, 0 = ridge
 * @param maxSolverIterations solver iterations when elasticNet > 0
 */
public record FqeSettings(
    double gamma,
    int iterations,
    int patience,
    double regParam,
    double elasticNet,
    int maxSolverIterations)
    implements Serializable {
  private static final String PREFIX = "sepsis-iql.evaluate.fqe.";

  public static FqeSettings from(Config config) {
    return new FqeSettings(
        Checks.doubleIn(config, "sepsis-iql.evaluate.gamma", Double.MIN_VALUE, 1),
        Checks.intAtLeast(config, PREFIX + "iterations", 1),
        Checks.intAtLeast(config, PREFIX + "patience", 1),
        Checks.doubleIn(config, PREFIX + "reg-param", 0, Double.MAX_VALUE),
        Checks.doubleIn(config, PREFIX + "elastic-net", 0, 1),
        Checks.intAtLeast(config, PREFIX + "max-solver-iterations", 1));
  }
}
