package org.sepsisiql.ope;

/** The off-policy estimators of the evaluate stage (formulas in OPE.md). */
public enum Estimator {
  /** Weighted (self-normalized, per-decision) doubly robust: the headline estimate. */
  WDR("weighted doubly robust", Weighting.PER_DECISION),
  /** Trajectory-wise weighted importance sampling of the discounted return. */
  WIS("weighted importance sampling", Weighting.TRAJECTORY_WISE),
  /** Per-decision weighted importance sampling. */
  PDWIS("per-decision weighted importance sampling", Weighting.PER_DECISION),
  /** Unweighted (per-decision) doubly robust. */
  DR("doubly robust", Weighting.TRAJECTORY_WISE),
  /** Direct method: mean of Vhat at the first state. */
  DM("direct method", Weighting.NONE);

  /** Which importance weights an estimator's reliability depends on (OPE.md, Reliability). */
  public enum Weighting {
    /** The final trajectory weights: ESS = 1 / sum_i w_i^2. */
    TRAJECTORY_WISE("trajectory-wise"),
    /** The per-step weights where the rewards sit: the per-decision ESS. */
    PER_DECISION("per-decision"),
    /** No importance weights (DM). */
    NONE("none");

    private final String label;

    Weighting(String label) {
      this.label = label;
    }

    /** How a reason names this kind of ESS, e.g. "per-decision". */
    public String label() {
      return label;
    }
  }

  private final String description;
  private final Weighting weighting;

  Estimator(String description, Weighting weighting) {
    this.description = description;
    this.weighting = weighting;
  }

  public String description() {
    return description;
  }

  public Weighting weighting() {
    return weighting;
  }

  /** The column of the per-trajectory output holding this estimator's contributions. */
  public String contributionColumn() {
    return name().toLowerCase(java.util.Locale.ROOT) + "_contribution";
  }
}
