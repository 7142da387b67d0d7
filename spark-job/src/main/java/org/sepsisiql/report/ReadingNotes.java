package org.sepsisiql.report;

/** The "how to read this" notes of the report's sections: trusted markup written by us. */
final class ReadingNotes {
  private ReadingNotes() {}

  static final String STUDY =
      "The OPE study re-runs the evaluation on fresh simulator seeds (new cohorts, the run's model"
          + " and normalization) and counts how often each estimator's valid 95 % interval covers"
          + " the truth (within the truth's own error). An estimator that covers less than 90 %"
          + " of the time should not be trusted on this kind of data; \"withheld\" is the share of"
          + " seeds where the reliability gate refused to show it.";

  static final String SEED_BASELINES =
      "The seed argued for IQL with a table of five earlier models and their failures. The first"
          + " table is that argument as the seed reported it, not a result of this run. The second"
          + " holds the same models as this run trained them (on the same train split, stopped on"
          + " validation) and evaluated them, exactly like the learned policy: an estimate outside"
          + " the reward range, or one that no importance weight supports (a greedy policy gives"
          + " weight zero to every trajectory that leaves it once), is shown as <em>invalid</em>"
          + " with its reason. On simulated data the true value decides which of the seed's claims"
          + " hold.";

  static final String SUMMARY =
      "One row per evaluated policy. <em>WDR</em> (weighted doubly robust) estimates the expected"
          + " discounted return the policy would have achieved on the test patients, from the"
          + " clinicians' recorded treatments alone; the bracket is its 95 % bootstrap interval over"
          + " trajectories. Compare intervals, not points: two policies whose intervals overlap are"
          + " not shown to differ. An estimate outside the range the rewards allow, or without a"
          + " usable interval, is <em>invalid</em>: it is printed with its reason and never as a"
          + " number, because such a value says more about the estimator than about the policy."
          + " <em>True value</em> exists only for simulated data (a Monte Carlo rollout in the"
          + " simulator). <em>Agreement</em> is the share of test decisions where the policy's top"
          + " action equals the clinician's (20-40 % is typical).";

  static final String ESTIMATES =
      "Each column is one off-policy estimator: WIS (weighted importance sampling, per"
          + " trajectory), PDWIS (per-decision WIS), DM (direct method: the fitted Q function"
          + " alone), DR and WDR (doubly robust: importance weights correct the fitted Q"
          + " function). Importance-sampling estimators are unbiased but noisy when the policy"
          + " differs from the clinicians; DM is stable but inherits the Q function's bias; the"
          + " doubly robust ones sit between. In the chart, invalid estimates are left out; where"
          + " a true value exists, an interval that misses the black diamond shows the estimator's"
          + " error, not chance alone.";

  static final String ACTIONS =
      "Share of test states per action: rows are the IV-fluid level, columns the vasopressor"
          + " level (0 none, 1 low, 2 high). The clinicians' map counts recorded actions, the"
          + " policy's its chosen (most likely) action. Both maps use one colour scale. A policy"
          + " concentrated in one cell, or in cells the clinicians almost never used, is"
          + " extrapolating beyond the data and its estimates deserve extra doubt.";

  static final String SWEEPS =
      "One input is swept over its train 5th-95th percentiles while the rest of each test state"
          + " stays fixed. A sensible policy gives more vasopressor as blood pressure falls (the"
          + " curve falls to the right) and more fluid as lactate rises (the curve rises to the"
          + " right). Flat curves mean the policy ignores the variable.";

  static final String ESS =
      "The effective sample size ((&Sigma;w)&sup2; / &Sigma;w&sup2; over the trajectories' importance weights) says how"
          + " many test trajectories effectively carry the importance-sampling estimate. Far"
          + " fewer than the test trajectories means a few patients drive the estimate and its"
          + " interval is fragile. Per step, it shows where along the stay the weights collapse.";

  static final String CLINICAL =
      "Three checks of clinical sense on test states. BP: the expected vasopressor level must"
          + " fall as mean arterial pressure rises (Spearman &lt; 0, one-sided p &lt; 0.01)."
          + " Lactate: the expected IV-fluid level must rise with lactate (Spearman &gt; 0, p &lt;"
          + " 0.01). Diversity: at least 7 of the 9 actions each chosen in at least 1 % of states,"
          + " with entropy above 1.5 nats. A constant policy fails, never reads as NaN.";

  static final String HAZARDS =
      "Each hazard is a clinically risky choice in a defined kind of state. The table gives how"
          + " many test states qualify and how often the clinicians and each policy made the"
          + " risky choice there. A policy with a much higher rate than the clinicians needs"
          + " review before anyone trusts its value estimate.";

  static final String LEARNING =
      "Losses of the agent's heads per epoch on train and validation, and the validation"
          + " criterion (TD loss plus V loss) that early stopping watches; the dashed line marks"
          + " the kept epoch. Validation losses that rise while the train loss falls mean"
          + " over-fitting.";

  static final String CALIBRATION =
      "The behavior policy pi_b estimates the clinicians' action probabilities that every"
          + " importance weight divides by. In the reliability diagram, points on the diagonal"
          + " mean its probabilities are calibrated; the expected calibration error (ECE) is the"
          + " count-weighted gap. Poor calibration biases every importance-sampling estimate.";

  static final String FQE =
      "Fitted Q evaluation learns each policy's Q function for the DM, DR and WDR estimators."
          + " The iteration with the lowest validation TD error is kept; an error that keeps"
          + " rising from the first iteration means the Q function is unreliable.";
}
