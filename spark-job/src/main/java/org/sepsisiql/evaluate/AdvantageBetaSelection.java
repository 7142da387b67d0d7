package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.clinical.PolicyScoring;
import org.sepsisiql.ope.EstimateResult;
import org.sepsisiql.ope.Estimator;
import org.sepsisiql.ope.FqeModel;
import org.sepsisiql.ope.LocalWeightTail;
import org.sepsisiql.ope.OpeEstimates;
import org.sepsisiql.ope.OpeResult;
import org.sepsisiql.ope.ReliabilityGate;
import org.sepsisiql.ope.SparkOpeEstimator;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.policy.PolicySources;

/**
 * Chooses the network and beta of the advantage-weighted extraction on the validation split only:
 * for each network the train stage kept (the best validation-criterion epoch's and the newest
 * checkpoints, {@code evaluate.choose-network}) and each beta of {@code evaluate.advantage-betas},
 * WDR (with FQE's Qhat fitted on train, its interval and effective sample size, through the same
 * reliability gate as the test estimates) of {@code pi_b exp(beta A)} on the validation
 * transitions; the highest valid WDR wins. When none is valid, the smallest beta of the first
 * network (the extraction closest to the clinicians, of the network the training criterion chose)
 * is kept and the reason is recorded. Cost per candidate: the importance weights' tail first (a
 * candidate whose Pareto k-hat the gate rejects is withheld there, with no FQE fit or bootstrap;
 * its WDR and interval are then not computed), else one FQE fit and one OPE with bootstrap on
 * validation; the chosen candidate's policy is handed to the test evaluation, which reuses its fit
 * ({@link PolicyFqe}). Betas are tried in increasing order, and once a network's weight tail is too
 * heavy at one beta its larger betas are not tried: exp(beta A) moves further from pi_b as beta
 * grows, and so do the weights.
 */
final class AdvantageBetaSelection {
  /** One network's extracted policy at one beta, and its validation WDR. */
  record Candidate(
      String network,
      double beta,
      double wdr,
      double lower,
      double upper,
      double ess,
      boolean valid,
      String reason) {}

  /**
   * The chosen network and beta and its policy (one instance: the test rows that use it share the
   * fit made here, {@link PolicyFqe}), and every candidate, network by network in ascending beta.
   */
  record Selection(
      PolicySources.Network network,
      PolicySources.Learned learned,
      double beta,
      Policy policy,
      String why,
      List<Candidate> candidates) {}

  /** A network the train stage kept and its extracted policies. */
  record TrainedNetwork(PolicySources.Network network, PolicySources.Learned learned) {}

  private final EvaluateSettings settings;
  private final EvaluationInputs inputs;
  private final PolicyFqe fqes;
  private ValidationOnDriver validation;
  private boolean localTried;

  AdvantageBetaSelection(EvaluateSettings settings, EvaluationInputs inputs, PolicyFqe fqes) {
    this.settings = settings;
    this.inputs = inputs;
    this.fqes = fqes;
  }

  Selection select(List<TrainedNetwork> networks, Consumer<String> progress) {
    List<Tried> tried = new ArrayList<>();
    List<Double> ascending = settings.advantageBetas().stream().sorted().toList();
    for (TrainedNetwork trained : networks) {
      String heavier = null;
      for (double beta : ascending) {
        Policy policy = trained.learned().advantageWeighted(beta);
        String network = trained.network().name();
        Candidate candidate;
        if (heavier == null) {
          Checked checked = candidate(network, policy, beta);
          candidate = checked.candidate();
          if (checked.tailTooHeavy()) {
            heavier = "not tried: the weight tail of beta " + beta + " was already too heavy";
          }
        } else {
          candidate =
              new Candidate(
                  network, beta, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, heavier);
        }
        tried.add(new Tried(candidate, trained, policy));
        progress.accept(
            String.format(
                "evaluate: validation WDR of %s, advantage-weighted beta %s: %s",
                network,
                beta,
                candidate.valid()
                    ? String.format(
                        "%.3f [%.3f, %.3f], ESS %.0f",
                        candidate.wdr(), candidate.lower(), candidate.upper(), candidate.ess())
                    : "invalid (" + candidate.reason() + ")"));
      }
    }
    Tried best = null;
    for (Tried entry : tried) {
      Candidate candidate = entry.candidate();
      if (candidate.valid() && (best == null || candidate.wdr() > best.candidate().wdr())) {
        best = entry;
      }
    }
    String why = "the highest valid WDR on the validation split";
    if (best == null) {
      best = tried.get(0);
      why =
          "no candidate had a valid validation WDR; kept the smallest beta (closest to the"
              + " clinicians) of "
              + best.candidate().network();
    }
    return new Selection(
        best.owner().network(),
        best.owner().learned(),
        best.candidate().beta(),
        best.policy(),
        why,
        tried.stream().map(Tried::candidate).toList());
  }

  /**
   * The validation transitions on the driver for the weight tails ({@link LocalWeightTail}), when
   * they are at most {@code fqe.local-max-rows}; null otherwise (then each tail is a Spark query).
   */
  private ValidationOnDriver validationOnDriver() {
    if (!localTried && settings.fqe().localMaxRows() > 0) {
      localTried = true;
      int limit = (int) Math.min(Integer.MAX_VALUE - 1, settings.fqe().localMaxRows());
      List<Row> rows =
          inputs
              .validationOpe
              .select("stay_id", "step", "action", "pi_b", "state")
              .limit(limit + 1)
              .collectAsList();
      if (rows.size() <= limit) {
        List<LocalWeightTail.Step> steps = new ArrayList<>();
        double[][] states = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
          Row row = rows.get(i);
          steps.add(
              new LocalWeightTail.Step(
                  row.getLong(0), row.getInt(1), row.getInt(2), doubles(row.getList(3))));
          states[i] = doubles(row.getList(4));
        }
        validation = new ValidationOnDriver(steps, states);
      }
    }
    return validation;
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The validation transitions and their states, collected once. */
  private record ValidationOnDriver(List<LocalWeightTail.Step> steps, double[][] states) {
    SparkOpeEstimator.WeightTail tail(Policy policy, EvaluateSettings settings) {
      double[][] piE = PolicyScoring.probabilities(policy, states, settings.batchSize());
      return LocalWeightTail.of(steps, piE, settings.ope());
    }
  }

  /** A candidate tried: its figures, the network it came from and its policy. */
  private record Tried(Candidate candidate, TrainedNetwork owner, Policy policy) {}

  /** A candidate's figures, and whether its weight tail alone withheld it. */
  private record Checked(Candidate candidate, boolean tailTooHeavy) {}

  /** One candidate's validation WDR (its FQE fit is kept by {@link PolicyFqe}). */
  private Checked candidate(String network, Policy policy, double beta) {
    ValidationOnDriver local = validationOnDriver();
    if (local != null) {
      Candidate withheld = withheld(local.tail(policy, settings), network, beta);
      if (withheld != null) {
        return new Checked(withheld, true);
      }
    }
    Dataset<Row> withPiE =
        PolicyScoring.withProbabilities(
                inputs.validationOpe, "state", policy, "pi_e", settings.batchSize())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Candidate withheld = local == null ? withheldByTail(withPiE, network, beta) : null;
      if (withheld != null) {
        return new Checked(withheld, true);
      }
      return new Checked(evaluate(withPiE, fqes.fit(policy), network, beta), false);
    } finally {
      withPiE.unpersist();
    }
  }

  /**
   * The candidate withheld by the gate's weight-tail rule, known from the importance weights alone
   * ({@code withPiE}: the validation transitions with the policy's pi_e, scored once per beta) (so
   * neither FQE nor the bootstrap runs); null when the tail does not withhold it.
   */
  private Candidate withheldByTail(Dataset<Row> withPiE, String network, double beta) {
    Dataset<Row> weights =
        withPiE
            .withColumn("q_hat", expr("array_repeat(0D, 9)"))
            .select("stay_id", "step", "action", "reward", "pi_e", "pi_b", "q_hat");
    return withheld(new SparkOpeEstimator(settings.ope()).weightTail(weights), network, beta);
  }

  /** The candidate withheld by the gate's weight-tail rule for this tail; null when it passes. */
  private Candidate withheld(SparkOpeEstimator.WeightTail tail, String network, double beta) {
    String reason = ReliabilityGate.heavyTail(tail.paretoK(), settings.reliability());
    if (reason.isEmpty()) {
      return null;
    }
    return new Candidate(
        network,
        beta,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        tail.effectiveSampleSizePerDecision(),
        false,
        reason);
  }

  private Candidate evaluate(Dataset<Row> withPiE, FqeModel fqe, String network, double beta) {
    Dataset<Row> scored =
        fqe.qHat(withPiE, "state", "step")
            .select("stay_id", "step", "action", "reward", "pi_e", "pi_b", "q_hat")
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      OpeResult result = new SparkOpeEstimator(settings.ope()).evaluate(scored);
      OpeEstimates estimates = ReliabilityGate.apply(result.estimates(), settings.reliability());
      result.release();
      EstimateResult wdr = estimates.result(Estimator.WDR);
      return new Candidate(
          network,
          beta,
          wdr.rawValue(),
          wdr.rawLower(),
          wdr.rawUpper(),
          estimates.effectiveSampleSizeFor(Estimator.WDR),
          wdr.valid(),
          wdr.reason());
    } finally {
      scored.unpersist();
    }
  }
}
