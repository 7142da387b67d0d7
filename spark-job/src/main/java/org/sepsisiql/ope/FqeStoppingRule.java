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
final class FqeStoppingRule {
  private final int floor;
  private final int ceiling;
  private final int patience;
  private final double tolerance;
  private int bestIteration;
  private double bestResidual = Double.POSITIVE_INFINITY;
  private int lastImprovement;

  FqeStoppingRule(int horizon, FqeSettings settings) {
    this.floor = Math.max(horizon, settings.minIterations());
    this.ceiling = Math.max(settings.maxIterations(), floor);
    this.patience = settings.patience();
    this.tolerance = settings.relativeTolerance();
  }

  int floor() {
    return floor;
  }

  int ceiling() {
    return ceiling;
  }

  /** Records iteration k's residual; true when it is the new kept iterate. */
  boolean record(int k, double residual) {
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
  FqeModel.StopReason stopAfter(int k) {
    if (k >= floor && bestIteration > 0 && k - lastImprovement >= patience) {
      return FqeModel.StopReason.CONVERGED;
    }
    return k >= ceiling ? FqeModel.StopReason.MAX_ITERATIONS : null;
  }

  int bestIteration() {
    return bestIteration;
  }

  double bestResidual() {
    return bestResidual;
  }
}
