package org.sepsisiql.ope;

/** The off-policy estimators of the evaluate stage (formulas in OPE.md). */
public enum Estimator {
  /** Weighted (self-normalized, per-decision) doubly robust: the headline estimate. */
  WDR("weighted doubly robust"),
  /** Trajectory-wise weighted importance sampling of the discounted return. */
  WIS("weighted importance sampling"),
  /** Per-decision weighted importance sampling. */
  PDWIS("per-decision weighted importance sampling"),
  /** Unweighted (per-decision) doubly robust. */
  DR("doubly robust"),
  /** Direct method: mean of Vhat at the first state. */
  DM("direct method");

  private final String description;

  Estimator(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** The column of the per-trajectory output holding this estimator's contributions. */
  public String contributionColumn() {
    return name().toLowerCase(java.util.Locale.ROOT) + "_contribution";
  }
}
