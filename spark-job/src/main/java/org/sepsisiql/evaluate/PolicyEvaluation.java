package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.clinical.ClinicalValidation;
import org.sepsisiql.clinical.PolicyScoring;
import org.sepsisiql.clinical.StatePolicy;
import org.sepsisiql.evaluate.CandidatePolicies.Candidate;
import org.sepsisiql.ope.FittedQEvaluation;
import org.sepsisiql.ope.FqeModel;
import org.sepsisiql.ope.OpeEstimates;
import org.sepsisiql.ope.OpeResult;
import org.sepsisiql.ope.SparkOpeEstimator;
import org.sepsisiql.sim.GroundTruth;

/**
 * Everything the evaluate stage measures for one policy, each phase in its own job group:
 *
 * <ol>
 *   <li>{@code EVALUATE-PI-E-<policy>}: pi_e and its argmax ({@code choice}) for every test
 *       transition, map-side in batches ({@link PolicyScoring}); persisted;
 *   <li>{@code EVALUATE-FQE-<policy>}: Qhat by fitted Q evaluation of the policy on train, checked
 *       on validation ({@link FittedQEvaluation}; pi_e of every next state scored map-side), or the
 *       agent's Q head for the learned policy when configured;
 *   <li>{@code OPE-*}: WDR, WIS, PDWIS, DR, DM with bootstrap intervals ({@link
 *       SparkOpeEstimator}), weighted ones withheld below the minimum effective sample size ({@link
 *       SampleSizeGuard}); the per-trajectory contributions are appended to {@code trajectories/}
 *       with a {@code policy} column;
 *   <li>{@code EVALUATE-CLINICAL-<policy>}: sweeps, diversity, agreement, hazards ({@link
 *       ClinicalValidation});
 *   <li>{@code GROUND-TRUTH}: rollouts in the simulator, when the data came from it.
 * </ol>
 */
final class PolicyEvaluation {
  /**
   * One policy's results; {@code fqe} is null with the agent's Q, {@code truth} without a
   * simulator.
   */
  record Outcome(
      Candidate candidate,
      OpeEstimates estimates,
      FqeModel fqe,
      ClinicalValidation.Report clinical,
      GroundTruth.Result truth) {}

  /** Where ground truth comes from, or null in {@link PolicyEvaluation}'s constructor. */
  record TruthPlan(GroundTruth simulator, long stays, long seed) {}

  private final SparkSession spark;
  private final EvaluateSettings settings;
  private final EvaluationInputs inputs;
  private final ClinicalValidation clinical;
  private final ClinicalValidation.Grids grids;
  private final StatePolicy agentQ;
  private final TruthPlan truth;

  PolicyEvaluation(
      SparkSession spark,
      EvaluateSettings settings,
      EvaluationInputs inputs,
      ClinicalValidation.Grids grids,
      StatePolicy agentQ,
      TruthPlan truth) {
    this.spark = spark;
    this.settings = settings;
    this.inputs = inputs;
    this.clinical = new ClinicalValidation(settings.clinical(), inputs.normalization, batch());
    this.grids = grids;
    this.agentQ = agentQ;
    this.truth = truth;
  }

  private int batch() {
    return settings.batchSize();
  }

  Outcome evaluate(Candidate candidate, String trajectoriesOutput) {
    String name = candidate.name();
    SparkContext context = spark.sparkContext();
    try {
      context.setJobGroup("EVALUATE-PI-E-" + name, "evaluate: pi_e of " + name, false);
      Dataset<Row> scored =
          PolicyScoring.withProbabilities(inputs.test, "state", candidate.policy(), "pi_e", batch())
              .withColumn("choice", expr("array_position(pi_e, array_max(pi_e)) - 1").cast("int"))
              .persist(StorageLevel.MEMORY_AND_DISK());
      context.setJobGroup("EVALUATE-FQE-" + name, "evaluate: Qhat of " + name, false);
      FqeModel fqe = null;
      Dataset<Row> withQ;
      if (agentQ != null && "learned".equals(name)) {
        withQ = PolicyScoring.withProbabilities(scored, "state", agentQ, "q_hat", batch());
      } else {
        fqe =
            new FittedQEvaluation(settings.fqe())
                .fit(nextScored(inputs.train, candidate), nextScored(inputs.validation, candidate));
        withQ = fqe.qHat(scored, "state", "step");
      }
      Dataset<Row> opeInput =
          withQ
              .select("stay_id", "step", "action", "reward", "pi_e", "pi_b", "q_hat")
              .persist(StorageLevel.MEMORY_AND_DISK());
      OpeResult ope = new SparkOpeEstimator(settings.ope()).evaluate(opeInput);
      opeInput.unpersist();
      context.setJobGroup("EVALUATE-TRAJECTORIES-" + name, "evaluate: write " + name, false);
      ope.perTrajectory()
          .select(lit(name).as("policy"), col("*"))
          .write()
          .mode(SaveMode.Append)
          .parquet(trajectoriesOutput);
      ope.perTrajectory().unpersist();
      context.setJobGroup(
          "EVALUATE-CLINICAL-" + name, "evaluate: clinical tests of " + name, false);
      ClinicalValidation.Report report = clinical.validate(scored, grids, candidate.policy());
      scored.unpersist();
      GroundTruth.Result value = null;
      if (truth != null) {
        value =
            truth
                .simulator()
                .evaluate(
                    spark, candidate.observed(inputs.normalization), truth.stays(), truth.seed());
      }
      OpeEstimates estimates =
          SampleSizeGuard.apply(ope.estimates(), settings.minEffectiveSampleSize());
      return new Outcome(candidate, estimates, fqe, report, value);
    } finally {
      context.clearJobGroup();
    }
  }

  private Dataset<Row> nextScored(Dataset<Row> split, Candidate candidate) {
    return PolicyScoring.withProbabilities(
        split, "next_state", candidate.policy(), "pi_e_next", batch());
  }
}
