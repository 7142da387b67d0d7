package org.sepsisiql.ope;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lets an estimate speak only when it has earned it. Plausibility ({@link Plausibility}) catches
 * numbers the rewards forbid; a self-normalized estimate such as WIS is a convex combination of
 * returns and always passes it, even when one patient carries all the weight. This gate withholds a
 * valid estimate (invalid, with the reason; the raw numbers stay) when, checked in order:
 *
 * <ol>
 *   <li>it is listed in {@code withheld-estimators} (the configured reason);
 *   <li>it uses importance weights (all but DM) and the Pareto k-hat of the final trajectory ratios
 *       exceeds {@code max-pareto-k}: the weight tail is too heavy for any sample size;
 *   <li>it uses importance weights and its ESS ({@link OpeEstimates#effectiveSampleSizeFor}:
 *       trajectory-wise for WIS and DR, per-decision for PDWIS and WDR) is below {@code
 *       max(min-effective-sample-size, min-effective-sample-share * n)}: a fixed floor alone lets a
 *       handful of patients decide an estimate on thousands.
 * </ol>
 *
 * Then WDR is flagged (still valid) when WDR and WIS are both valid and their intervals do not
 * overlap: two consistent estimators of the same value disagree, so Qhat or the weights are off.
 * Driver-only, no Spark work.
 */
public final class ReliabilityGate {
  private ReliabilityGate() {}

  public static OpeEstimates apply(OpeEstimates estimates, ReliabilitySettings settings) {
    List<EstimateResult> verdicts = new ArrayList<>();
    for (EstimateResult r : estimates.results()) {
      String reason = reason(r.estimator(), estimates, settings);
      verdicts.add(reason.isEmpty() ? r : r.withheld(reason));
    }
    EstimateResult wdr = verdicts.get(Estimator.WDR.ordinal());
    String flag = disagreement(wdr, verdicts.get(Estimator.WIS.ordinal()));
    if (!flag.isEmpty()) {
      verdicts.set(Estimator.WDR.ordinal(), wdr.flagged(flag));
    }
    return estimates.withResults(verdicts);
  }

  /**
   * Withholds every importance-weighted estimate (all but DM) with {@code reason}: for a row whose
   * truth the weights cannot see (the fitted behavior model evaluated with itself as pi_b).
   */
  public static OpeEstimates withhold(OpeEstimates estimates, String reason) {
    List<EstimateResult> verdicts = new ArrayList<>();
    for (EstimateResult r : estimates.results()) {
      boolean weighted = r.estimator().weighting() != Estimator.Weighting.NONE;
      verdicts.add(weighted ? r.withheld(reason) : r);
    }
    return estimates.withResults(verdicts);
  }

  /**
   * Why a Pareto k-hat withholds every weighted estimator, or "" when it does not: the gate's rule
   * on its own, for callers that know k-hat before the full estimate ({@link
   * SparkOpeEstimator#weightTail}).
   */
  public static String heavyTail(double k, ReliabilitySettings settings) {
    if (k > settings.maxParetoK()) {
      return String.format(
          Locale.ROOT,
          "Pareto k-hat %.2f of the importance weights is above %s: the weight tail is too heavy",
          k,
          number(settings.maxParetoK()));
    }
    return "";
  }

  private static String reason(
      Estimator estimator, OpeEstimates estimates, ReliabilitySettings settings) {
    String configured = settings.withheld().get(estimator);
    if (configured != null) {
      return configured;
    }
    if (estimator.weighting() == Estimator.Weighting.NONE) {
      return "";
    }
    String tail = heavyTail(estimates.paretoK(), settings);
    if (!tail.isEmpty()) {
      return tail;
    }
    double ess = estimates.effectiveSampleSizeFor(estimator);
    long n = estimates.trajectories();
    double threshold = settings.essThreshold(n);
    if (ess < threshold) {
      return estimator.weighting().label()
          + " ESS "
          + number(ess)
          + " is below "
          + number(threshold)
          + " (max of "
          + number(settings.minEffectiveSampleSize())
          + " and "
          + number(100 * settings.minEffectiveSampleShare())
          + "% of n = "
          + n
          + ")";
    }
    return "";
  }

  private static String disagreement(EstimateResult wdr, EstimateResult wis) {
    boolean intervals =
        wdr.valid() && wis.valid() && wdr.lower().isPresent() && wis.lower().isPresent();
    if (!intervals || !(wdr.rawUpper() < wis.rawLower() || wis.rawUpper() < wdr.rawLower())) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "WDR [%.3f, %.3f] and WIS [%.3f, %.3f] intervals do not overlap: Qhat or the weights are off",
        wdr.rawLower(),
        wdr.rawUpper(),
        wis.rawLower(),
        wis.rawUpper());
  }

  /** Three significant digits, no trailing zeros: 310, 6.2, 4.12. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
