package org.sepsisiql.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sepsisiql.ope.EstimateResult;
import org.sepsisiql.ope.Estimator;
import org.sepsisiql.ope.OpeEstimates;

/**
 * Withholds the importance-weighted estimates (WDR, WIS, PDWIS, DR) when the trajectory-wise
 * effective sample size {@code 1 / sum_i w_i^2} is below {@code min-effective-sample-size}: then
 * one or two patients decide the number, and a self-normalized estimate such as WIS always stays
 * inside the reward range, so plausibility alone would let it through. DM does not use the weights
 * and is left as it is. The raw numbers stay available, as for every invalid estimate.
 */
final class SampleSizeGuard {
  private SampleSizeGuard() {}

  static OpeEstimates apply(OpeEstimates estimates, double minimum) {
    double ess = estimates.effectiveSampleSize();
    if (!(ess < minimum)) {
      return estimates;
    }
    return withhold(
        estimates,
        String.format(
            Locale.ROOT,
            "effective sample size %.2f is below %s: too few patients carry the weight",
            ess,
            minimum));
  }

  /** Marks every valid importance-weighted estimate (all but DM) invalid with {@code reason}. */
  static OpeEstimates withhold(OpeEstimates estimates, String reason) {
    List<EstimateResult> results = new ArrayList<>();
    for (EstimateResult r : estimates.results()) {
      boolean weighted = r.estimator() != Estimator.DM;
      results.add(
          weighted && r.valid()
              ? new EstimateResult(
                  r.estimator(),
                  r.rawValue(),
                  r.rawLower(),
                  r.rawUpper(),
                  r.usableResamples(),
                  false,
                  reason)
              : r);
    }
    return new OpeEstimates(
        estimates.trajectories(),
        estimates.horizon(),
        estimates.gamma(),
        estimates.resamples(),
        estimates.effectiveSampleSize(),
        estimates.effectiveSampleSizePerStep(),
        estimates.flooredRows(),
        results);
  }
}
