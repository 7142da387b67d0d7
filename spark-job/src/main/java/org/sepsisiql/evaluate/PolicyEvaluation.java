package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.clinical.ClinicalValidation;
import org.sepsisiql.clinical.PolicyScoring;
import org.sepsisiql.evaluate.CandidatePolicies.Candidate;
import org.sepsisiql.ope.FqeModel;
import org.sepsisiql.ope.OpeEstimates;
import org.sepsisiql.ope.OpeResult;
import org.sepsisiql.ope.ReliabilityGate;
import org.sepsisiql.ope.SparkOpeEstimator;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.policy.TrueValue;
import org.sepsisiql.spark.JobGroup;

/**
 * Everything the evaluate stage measures for one policy, each phase in its own job group:
 *
 * <ol>
 *   <li>{@code EVALUATE-PI-E-<policy>}: pi_e and its argmax ({@code choice}) for every test
 *       transition, map-side in batches ({@link PolicyScoring}); persisted;
 *   <li>{@code EVALUATE-FQE-<policy>}: Qhat by fitted Q evaluation of the policy on train, checked
 *       on validation ({@link PolicyFqe}: on the driver from rows collected once when they fit), or
 *       the agent's Q head for the learned policy when configured;
 *   <li>{@code OPE-*}: WDR, WIS, PDWIS, DR, DM with bootstrap intervals ({@link
 *       SparkOpeEstimator}), withheld or flagged by {@link ReliabilityGate} (ESS, Pareto k-hat,
 *       configured); the per-trajectory contributions are appended to {@code trajectories/} with a
 *       {@code policy} column;
 *   <li>{@code EVALUATE-CLINICAL-<policy>}: sweeps (over swept states built once for all policies),
 *       diversity, agreement, hazards ({@link ClinicalValidation});
 * </ol>
 *
 * The true values of all policies come from one rollout job afterwards ({@link EvaluateStage}).
 */
final class PolicyEvaluation implements AutoCloseable {
  /**
   * One policy's results; {@code fqe} is null with the agent's Q; {@code truth} (the policy's true
   * value) and {@code truthDifference} (its paired difference from the clinicians' truth, on the
   * same simulated patients) are null without a simulator.
   */
  record Outcome(
      Candidate candidate,
      OpeEstimates estimates,
      FqeModel fqe,
      ClinicalValidation.Report clinical,
      TrueValue truth,
      TrueValue truthDifference) {
    Outcome withTruth(TrueValue value, TrueValue difference) {
      return new Outcome(candidate, estimates, fqe, clinical, value, difference);
    }
  }

  private final SparkSession spark;
  private final EvaluateSettings settings;
  private final EvaluationInputs inputs;
  private final ClinicalValidation clinical;
  private final ClinicalValidation.Sweeps sweeps;
  private final Policy agentQ;
  private final PolicyFqe fqes;

  PolicyEvaluation(
      SparkSession spark,
      EvaluateSettings settings,
      EvaluationInputs inputs,
      ClinicalValidation.Grids grids,
      PolicyFqe fqes,
      Policy agentQ) {
    this.spark = spark;
    this.fqes = fqes;
    this.settings = settings;
    this.inputs = inputs;
    this.clinical = new ClinicalValidation(settings.clinical(), inputs.normalization, batch());
    this.sweeps = clinical.sweeps(inputs.test, grids);
    this.agentQ = agentQ;
  }

  /** Unpersists the swept states shared by the clinical tests. */
  @Override
  public void close() {
    sweeps.close();
  }

  private int batch() {
    return settings.batchSize();
  }

  /**
   * @param trajectoriesOutput folder the per-trajectory contributions are appended to
   * @param stepsOutput folder the per-step audit rows are appended to ({@link #auditSteps})
   */
  Outcome evaluate(Candidate candidate, String trajectoriesOutput, String stepsOutput) {
    String name = candidate.name();
    try (JobGroup group =
        JobGroup.open(spark.sparkContext(), "EVALUATE-PI-E-" + name, "evaluate: pi_e of " + name)) {
      Dataset<Row> scored =
          probabilities(candidate)
              .withColumn("choice", expr("array_position(pi_e, array_max(pi_e)) - 1").cast("int"))
              .persist(StorageLevel.MEMORY_AND_DISK());
      group.next("EVALUATE-FQE-" + name, "evaluate: Qhat of " + name);
      FqeModel fqe = null;
      Dataset<Row> withQ;
      if (agentQ != null && "learned".equals(name)) {
        withQ = PolicyScoring.withProbabilities(scored, "state", agentQ, "q_hat", batch());
      } else {
        fqe = fqes.fit(candidate.policy());
        withQ = fqe.qHat(scored, "state", "step");
      }
      Dataset<Row> opeInput =
          withQ
              .select("stay_id", "step", "action", "reward", "pi_e", "pi_b", "q_hat")
              .persist(StorageLevel.MEMORY_AND_DISK());
      OpeResult ope = new SparkOpeEstimator(settings.ope()).evaluate(opeInput);
      group.next("EVALUATE-STEPS-" + name, "evaluate: audit steps of " + name);
      auditSteps(opeInput, name).write().mode(SaveMode.Append).parquet(stepsOutput);
      opeInput.unpersist();
      group.next("EVALUATE-TRAJECTORIES-" + name, "evaluate: write " + name);
      ope.perTrajectory()
          .select(lit(name).as("policy"), col("*"))
          .write()
          .mode(SaveMode.Append)
          .parquet(trajectoriesOutput);
      ope.release();
      group.next("EVALUATE-CLINICAL-" + name, "evaluate: clinical tests of " + name);
      ClinicalValidation.Report report = clinical.validate(scored, sweeps, candidate.policy());
      scored.unpersist();
      OpeEstimates estimates = ReliabilityGate.apply(ope.estimates(), settings.reliability());
      if (candidate.withheld() != null) {
        estimates = ReliabilityGate.withhold(estimates, candidate.withheld());
      }
      return new Outcome(candidate, estimates, fqe, report, null, null);
    }
  }

  /**
   * One row per test transition with everything an estimate is computed from (OPE.md, "Per-step
   * audit"): {@code policy}, {@code stay_id}, {@code step}, {@code action}, {@code reward}, {@code
   * pi_e} and {@code pi_b} of the taken action, {@code q_hat} of the taken action and {@code v_hat
   * = sum_a pi_e(a|s) q_hat(s, a)}.
   */
  static Dataset<Row> auditSteps(Dataset<Row> opeInput, String policy) {
    return opeInput.select(
        lit(policy).as("policy"),
        col("stay_id").cast("long").as("stay_id"),
        col("step"),
        col("action"),
        col("reward"),
        expr("element_at(pi_e, action + 1)").as("pi_e"),
        expr("element_at(pi_b, action + 1)").as("pi_b"),
        expr("element_at(q_hat, action + 1)").as("q_hat"),
        expr("aggregate(zip_with(pi_e, q_hat, (p, q) -> p * q), 0D, (s, x) -> s + x)").as("v_hat"));
  }

  /**
   * pi_e of every test transition: the policy's probabilities, or for the on-policy row the stored
   * pi_b itself, written into both pi_e and pi_b so every ratio is exactly 1 (a taken action whose
   * pi_b is below the taken-action floor is raised to it and the row renormalized, in both).
   */
  private Dataset<Row> probabilities(Candidate candidate) {
    if (!candidate.onPolicy()) {
      return PolicyScoring.withProbabilities(
          inputs.test, "state", candidate.policy(), "pi_e", batch());
    }
    String floor = Double.toString(settings.ope().piBFloor());
    String raised = "transform(pi_b, (p, a) -> if(a = action, greatest(p, " + floor + "D), p))";
    return inputs
        .test
        .withColumn("pi_b", expr(raised))
        .withColumn("pi_b", expr("transform(pi_b, p -> p / aggregate(pi_b, 0D, (s, x) -> s + x))"))
        .withColumn("pi_e", col("pi_b"));
  }
}
