package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.ObservationPolicy;
import org.sepsisiql.data.TrajectorySchema;
import org.sepsisiql.evaluate.CandidatePolicies.Candidate;
import org.sepsisiql.evaluate.PolicyEvaluation.Outcome;
import org.sepsisiql.policy.PolicySources;
import org.sepsisiql.policy.TruthSource;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.spark.JobGroup;

/**
 * The true values, measured only when the run's data came from the simulator, which the synthesize
 * command records in {@code extracts/simulator.json} ({@code {"seed": ..., "stays": ...}}) and the
 * cohort stage carries into {@code trajectories/simulator.json}.
 *
 * <p>The estimand is matched to the estimates: every policy is rolled out on patients of the
 * population that the test split represents, i.e. whose first admission falls in the test period
 * (from the earliest first admission among the test split's patients to the simulator's last
 * admission date), drawn with the cohort's seed plus {@code ground-truth.seed-offset} so they are
 * new patients; {@code ground-truth.stays} of them, the same stays and noise for every policy
 * (common random numbers), so paired differences from the clinicians are precise; then further
 * rounds of as many stays for the policies whose standard error is still above {@code
 * ground-truth.max-standard-error}, up to {@code ground-truth.max-stays}.
 */
final class GroundTruthPlans {
  private GroundTruthPlans() {}

  /** Where the truth comes from, and which patients it is measured on. */
  record TruthPlan(TruthSource source, long admittedFromMillis) {}

  /** The plan, or null when the data are not simulated. */
  static TruthPlan from(
      RunContext run, EvaluateSettings settings, Path trajectories, PolicySources sources) {
    JsonNode simulator = EvaluateStage.readJson(marker(run, trajectories));
    if (simulator == null) {
      return null;
    }
    if (!simulator.path("seed").canConvertToLong()) {
      throw new IllegalArgumentException(
          EvaluateStage.SIMULATOR_FILE + " must hold a numeric \"seed\", cannot be: " + simulator);
    }
    long seed = simulator.path("seed").asLong() + settings.groundTruthSeedOffset();
    TruthSource source =
        sources.truth(
            run.config(),
            settings.ope().gamma(),
            seed,
            new PolicySources.TruthSettings(
                settings.groundTruthStays(),
                settings.groundTruthStaysPerTask(),
                settings.batchSize(),
                settings.groundTruthMaxStandardError(),
                settings.groundTruthMaxStays()));
    return new TruthPlan(source, testPeriodStart(run.spark(), trajectories));
  }

  /**
   * The simulator's marker: the one the cohort stage carried into the trajectories, else the run's
   * own {@code extracts/simulator.json}; null for real data.
   */
  private static String marker(RunContext run, Path trajectories) {
    Path carried = new Path(trajectories, EvaluateStage.SIMULATOR_MARKER);
    String text = EvaluationInputs.readIfExists(run.folder().fileSystem(), carried);
    return text != null ? text : run.folder().readText(EvaluateStage.SIMULATOR_FILE);
  }

  /** The earliest admission (first bin) among the test split's stays, in epoch milliseconds. */
  static long testPeriodStart(SparkSession spark, Path trajectories) {
    Row first =
        spark
            .read()
            .schema(TrajectorySchema.TRANSITIONS_WITH_SPLIT)
            .parquet(new Path(trajectories, "transitions").toString())
            .filter(col(TrajectorySchema.SPLIT).equalTo("test").and(col("step").equalTo(0)))
            .agg(min("bin_start"))
            .first();
    if (first.isNullAt(0)) {
      throw new IllegalArgumentException(
          "the test split of " + trajectories + " is empty (no first step): nothing to evaluate");
    }
    return ((Timestamp) first.get(0)).getTime();
  }

  /** The period's start as an ISO instant, for the report. */
  static String describe(TruthPlan plan) {
    return Instant.ofEpochMilli(plan.admittedFromMillis()).toString();
  }

  /**
   * Rolls every candidate out in one job ({@code GROUND-TRUTH}) and attaches its value and its
   * paired difference from the clinicians.
   */
  static List<Outcome> withTruth(
      SparkSession spark,
      TruthPlan plan,
      List<Outcome> outcomes,
      FeatureNormalization normalization) {
    List<ObservationPolicy> policies = new ArrayList<>();
    int reference = 0;
    for (int k = 0; k < outcomes.size(); k++) {
      Candidate candidate = outcomes.get(k).candidate();
      policies.add(candidate.observed(normalization, plan.source()));
      if (candidate.name().equals(CandidatePolicies.CLINICIANS)) {
        reference = k;
      }
    }
    int clinicians = reference;
    TruthSource.Comparison comparison =
        JobGroup.phase(
            spark.sparkContext(),
            "GROUND-TRUTH",
            "roll out " + policies.size() + " policies on " + plan.source().stays() + " stays",
            () -> plan.source().compare(spark, policies, clinicians, plan.admittedFromMillis()));
    List<Outcome> result = new ArrayList<>();
    for (int k = 0; k < outcomes.size(); k++) {
      result.add(
          outcomes.get(k).withTruth(comparison.values().get(k), comparison.differences().get(k)));
    }
    return result;
  }
}
