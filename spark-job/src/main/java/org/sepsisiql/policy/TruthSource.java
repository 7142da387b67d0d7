package org.sepsisiql.policy;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.data.ObservationPolicy;

/**
 * Where true policy values come from when the data were simulated: rollouts of raw-observation
 * policies on new patients of a period, the same patients for every policy (common random numbers),
 * in rounds until every value is precise enough. The simulator implements it; the evaluate stage
 * only sees this interface.
 */
public interface TruthSource {
  /** The policy that generated the observed data (each stay's own clinician), for rollouts. */
  ObservationPolicy dataGenerating();

  /**
   * The data-generating clinicians with each stay's own probabilities multiplied by {@code factors}
   * (9 non-negative factors per raw observation) and renormalized, for rollouts.
   */
  ObservationPolicy dataGeneratingReweighted(ObservationPolicy factors);

  /**
   * Values of {@code policies} and their paired differences from {@code policies[reference]}.
   *
   * @param admittedFromMillis first admissions of the rolled-out patients start here (epoch ms)
   */
  Comparison compare(
      SparkSession spark, List<ObservationPolicy> policies, int reference, long admittedFromMillis);

  /** How many stays a round rolls out (each value has at least this many). */
  long stays();

  /** Values and paired differences, in the order of the policies. */
  record Comparison(List<TrueValue> values, List<TrueValue> differences) {}
}
