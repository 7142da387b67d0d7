package org.sepsisiql.evaluate;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sepsisiql.clinical.PolicyScoring;
import org.sepsisiql.ope.FittedQEvaluation;
import org.sepsisiql.ope.FqeModel;
import org.sepsisiql.policy.Policy;

/**
 * Fitted Q evaluation of any policy on this evaluation's train split, checked on validation: the
 * beta selection's candidates and every test row fit through one instance. When the linear model
 * may run on the driver and both splits fit there ({@code fqe.local-max-rows}), they are collected
 * once, with the design and Gram matrix, and each policy then costs its pi_e of the next states (in
 * blocks of {@code evaluate.batch-size}) and the iterations; otherwise each fit scores the next
 * states on the executors ({@link FittedQEvaluation#fit(Dataset, Dataset)}). The two give the same
 * model.
 */
final class PolicyFqe {
  private final EvaluateSettings settings;
  private final EvaluationInputs inputs;
  private final FittedQEvaluation fqe;
  private FittedQEvaluation.Collected collected;
  private boolean collectTried;
  private final Map<Policy, FqeModel> fitted = new IdentityHashMap<>();

  PolicyFqe(EvaluateSettings settings, EvaluationInputs inputs) {
    this.settings = settings;
    this.inputs = inputs;
    this.fqe = new FittedQEvaluation(settings.fqe());
  }

  /**
   * The policy's fit, made once per policy instance: the beta selection's chosen extraction, the
   * learned and learned_standalone rows, and the clinicians' and behavior model's rows (both the
   * fitted pi_b) each share one. FQE is deterministic, so sharing changes no number.
   */
  FqeModel fit(Policy policy) {
    return fitted.computeIfAbsent(policy, this::fitOnce);
  }

  private FqeModel fitOnce(Policy policy) {
    if (!collectTried) {
      collected = fqe.collect(inputs.train, inputs.validation);
      collectTried = true;
    }
    if (collected != null) {
      return fqe.fit(
          collected, states -> PolicyScoring.probabilities(policy, states, settings.batchSize()));
    }
    return fqe.fit(nextScored(inputs.train, policy), nextScored(inputs.validation, policy));
  }

  private Dataset<Row> nextScored(Dataset<Row> split, Policy policy) {
    return PolicyScoring.withProbabilities(
        split, "next_state", policy, "pi_e_next", settings.batchSize());
  }
}
