package org.sepsisiql.evaluate;

import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * checkpoints, {@code evaluate.choose-checkpoint}) and each beta of {@code
 * evaluate.advantage-betas}, WDR (with FQE's Qhat fitted on train, its interval and effective
 * sample size, through the same reliability gate as the test estimates) of {@code pi_b exp(beta A)}
 * on the validation transitions; the highest valid WDR wins. When none is valid, the smallest beta
 * of the first network (the extraction closest to the clinicians, of the network the training
 * criterion chose) is kept and the reason is recorded. Cost per candidate: the importance weights'
 * tail first (a candidate whose Pareto k-hat the gate rejects is withheld there, with no FQE fit or
 * bootstrap; its WDR and interval are then not computed), else one FQE fit and one OPE with
 * bootstrap on validation; the chosen candidate's policy and fit are handed to the test evaluation.
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
   * The chosen beta, its policy and FQE fit (the test evaluation reuses both: FQE is deterministic,
   * so refitting would change no number), and every candidate, in grid order.
   */
  record Selection(
      PolicySources.Network network,
      PolicySources.Learned learned,
      double beta,
      Policy policy,
      FqeModel fqe,
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
    List<Candidate> candidates = new ArrayList<>();
    Map<Candidate, Policy> policies = new HashMap<>();
    Map<Candidate, FqeModel> fits = new HashMap<>();
    Map<Candidate, TrainedNetwork> owners = new HashMap<>();
    List<Double> ascending = settings.advantageBetas().stream().sorted().toList();
    for (TrainedNetwork trained : networks) {
      String heavier = null;
      for (double beta : ascending) {
        Policy policy = trained.learned().advantageWeighted(beta);
        String network = trained.network().name();
        Candidate candidate;
        if (heavier == null) {
          Tried tried = candidate(network, policy, beta, fits);
          candidate = tried.candidate();
          if (tried.tailTooHeavy()) {
            heavier = "not tried: the weight tail of beta " + beta + " was already too heavy";
          }
        } else {
          candidate =
              new Candidate(
                  network, beta, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, heavier);
        }
        policies.put(candidate, policy);
        owners.put(candidate, trained);
        candidates.add(candidate);
        progress.accept(
            String.format(
                "evaluate: validation WDR of %s, advantage-weighted beta %s: %s",
                candidate.network(),
                beta,
                candidate.valid()
                    ? String.format(
                        "%.3f [%.3f, %.3f], ESS %.0f",
                        candidate.wdr(), candidate.lower(), candidate.upper(), candidate.ess())
                    : "invalid (" + candidate.reason() + ")"));
      }
    }
    Candidate best = null;
    for (Candidate candidate : candidates) {
      if (candidate.valid() && (best == null || candidate.wdr() > best.wdr())) {
        best = candidate;
      }
    }
    String why = "the highest valid WDR on the validation split";
    if (best == null) {
      double smallest = settings.advantageBetas().stream().mapToDouble(b -> b).min().orElseThrow();
      best =
          candidates.stream()
              .filter(c -> c.network().equals(networks.get(0).network().name()))
              .filter(c -> c.beta() == smallest)
              .findFirst()
              .orElseThrow();
      why =
          "no candidate had a valid validation WDR; kept the smallest beta (closest to the"
              + " clinicians) of "
              + best.network();
    }
    TrainedNetwork owner = owners.get(best);
    return new Selection(
        owner.network(),
        owner.learned(),
        best.beta(),
        policies.get(best),
        fits.get(best),
        why,
        List.copyOf(candidates));
  }

  /**
   * The validation transitions on the driver for the weight tails ({@link LocalWeightTail}), when
   * they are at most {@code fqe.local-max-rows}; null otherwise (then each tail is a Spark query).
   */
  private ValidationOnDriver validationOnDriver() {
    if (!localTried) {
      localTried = true;
      int limit = (int) Math.min(Integer.MAX_VALUE - 1, settings.fqe().localMaxRows());
      List<Row> rows =
          inputs
              .validationOpe
              .select("stay_id", "step", "action", "pi_b", "state")
              .limit(limit + 1)
              .collectAsList();
      if (limit > 0 && rows.size() <= limit) {
        List<LocalWeightTail.Step> steps = new ArrayList<>();
        double[][] states = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
          Row row = rows.get(i);
          steps.add(
              new LocalWeightTail.Step(
                  row.getLong(0), row.getInt(1), row.getInt(2), doubles(row.getList(3))));
          states[i] = doubles(row.getList(4));
        }
        validation = new ValidationOnDriver(steps, states, settings.batchSize());
      }
    }
    return validation;
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The validation transitions and their states, collected once. */
  private record ValidationOnDriver(
      List<LocalWeightTail.Step> steps, double[][] states, int blockSize) {
    SparkOpeEstimator.WeightTail tail(Policy policy, EvaluateSettings settings) {
      double[][] piE = new double[states.length][];
      for (int start = 0; start < states.length; start += blockSize) {
        int end = Math.min(states.length, start + blockSize);
        double[][] block = policy.probabilities(java.util.Arrays.copyOfRange(states, start, end));
        System.arraycopy(block, 0, piE, start, end - start);
      }
      return LocalWeightTail.of(steps, piE, settings.ope());
    }
  }

  /** A candidate tried, and whether its weight tail alone withheld it. */
  private record Tried(Candidate candidate, boolean tailTooHeavy) {}

  /** One candidate's validation WDR; its FQE fit goes into {@code fits} when one was made. */
  private Tried candidate(
      String network, Policy policy, double beta, Map<Candidate, FqeModel> fits) {
    ValidationOnDriver local = validationOnDriver();
    if (local != null) {
      Candidate withheld = withheld(local.tail(policy, settings), network, beta);
      if (withheld != null) {
        return new Tried(withheld, true);
      }
    }
    Dataset<Row> withPiE =
        PolicyScoring.withProbabilities(
                inputs.validationOpe, "state", policy, "pi_e", settings.batchSize())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Candidate withheld = local == null ? withheldByTail(withPiE, network, beta) : null;
      if (withheld != null) {
        return new Tried(withheld, true);
      }
      FqeModel fqe = fqes.fit(policy);
      Candidate candidate = evaluate(withPiE, fqe, network, beta);
      fits.put(candidate, fqe);
      return new Tried(candidate, false);
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
