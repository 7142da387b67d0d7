package org.sepsisiql.ope;

/**
 * When fitted Q evaluation stops, and which iterate it keeps (OPE.md, "Fitted Q evaluation").
 *
 * <p>Iterate k has propagated rewards at most k steps back, so with horizon H nothing before
 * iteration H can be the answer. The rule: run at least {@code floor = max(H, min-iterations)}
 * iterations; among iterations >= floor keep the one with the lowest validation Bellman residual
 * (fitted Q iteration sets the floor, since its states carry the step and H is 1); an iteration
 * <em>improves</em> when its residual is below {@code best * (1 - tolerance)}; stop once at least
 * {@code floor} iterations ran and the last {@code patience} did not improve ({@code CONVERGED}),
 * or at {@code ceiling = max(max-iterations, floor)} ({@code MAX_ITERATIONS}).
 */
public final class FqeStoppingRule {
  private final int floor;
  private final int ceiling;
  private final int patience;
  private final double tolerance;
  private int bestIteration;
  private double bestResidual = Double.POSITIVE_INFINITY;
  private int lastImprovement;

  FqeStoppingRule(int horizon, FqeSettings settings) {
    this(
        Math.max(horizon, settings.minIterations()),
        settings.maxIterations(),
        settings.patience(),
        settings.relativeTolerance());
  }

  /**
   * The same rule over any sequence of validation residuals (the baselines' epochs or iterations):
   * keep nothing before {@code floor}, stop after {@code patience} without improvement or at {@code
   * max(ceiling, floor)}.
   */
  public FqeStoppingRule(int floor, int ceiling, int patience, double tolerance) {
    this.floor = floor;
    this.ceiling = Math.max(ceiling, floor);
    this.patience = patience;
    this.tolerance = tolerance;
  }

  public int floor() {
    return floor;
  }

  public int ceiling() {
    return ceiling;
  }

  /** Records iteration k's residual; true when it is the new kept iterate. */
  public boolean record(int k, double residual) {
    if (k < floor) {
      return false;
    }
    if (bestIteration == 0 || residual < bestResidual * (1 - tolerance)) {
      lastImprovement = k;
    }
    if (bestIteration == 0 || residual < bestResidual) {
      bestIteration = k;
      bestResidual = residual;
      return true;
    }
    return false;
  }

  /** Why to stop after iteration k, or null to go on. */
  public FqeModel.StopReason stopAfter(int k) {
    if (k >= floor && bestIteration > 0 && k - lastImprovement >= patience) {
      return FqeModel.StopReason.CONVERGED;
    }
    return k >= ceiling ? FqeModel.StopReason.MAX_ITERATIONS : null;
  }

  public int bestIteration() {
    return bestIteration;
  }

  public double bestResidual() {
    return bestResidual;
  }
}
