package org.sepsisiql.policy;

import com.typesafe.config.Config;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.sepsisiql.data.FeatureNormalization;

/**
 * How the evaluate stage obtains the policies that other stages made, without knowing their
 * classes: the behavior stage's fitted pi_b, the train stage's agent (its extracted policy and its
 * Q head) and, for simulated data, the simulator's truth. The pipeline wires the implementation in
 * ({@code run.StagePolicySources}); a new kind of model needs a new method here, not a change of
 * the evaluation.
 */
public interface PolicySources {
  /** The behavior stage's fitted pi_b, with the stage's probability floor. */
  Policy behavior(String behaviorModelFolder, double probabilityFloor);

  /**
   * The networks the train stage kept, to choose from on validation: the best validation-criterion
   * epoch's first ({@code model.zip}), then the newest epochs' checkpoints, oldest first.
   */
  List<Network> networks(String modelFolder, Configuration hadoop);

  /**
   * The extracted policies of one of the train stage's networks.
   *
   * @param behavior pi_b, which the advantage-weighted extraction reweights
   */
  Learned learned(
      String modelFolder,
      Network network,
      Configuration hadoop,
      FeatureNormalization normalization,
      Policy behavior);

  /** A network's own Q head: [n][9] Q values, in the shape of a policy. */
  Policy qValues(String modelFolder, Network network, Configuration hadoop);

  /**
   * The baselines stage's trained models in {@code baselinesFolder} (the seed's earlier models), in
   * the stage's order, each a policy by the extraction the stage recorded; empty when none.
   */
  List<Baseline> baselines(String baselinesFolder, Configuration hadoop);

  /**
   * One trained baseline as a policy.
   *
   * @param name its row, e.g. {@code fqi_linear}
   * @param description one line for tables
   * @param estimand one sentence: what its estimates and true value are the value of
   */
  record Baseline(String name, String description, Policy policy, String estimand) {}

  /**
   * One trained network.
   *
   * @param name how reports name it, e.g. "epoch 11 (best validation TD)"
   * @param epoch its epoch (the Spark trainer: its round)
   * @param file its zip, relative to the model folder
   */
  record Network(String name, int epoch, String file) {}

  /**
   * The simulator's truth for a cohort made from {@code cohortSeed}, on new patients drawn with
   * {@code rolloutSeed}; {@code config} holds the simulator's settings.
   */
  TruthSource truth(Config config, double gamma, long rolloutSeed, TruthSettings settings);

  /**
   * The trained agent's two extractions from one network: the advantage-weighted policy {@code
   * pi_b(a|s) exp(beta (Q(s,a) - V(s)))} for any beta, and the seed's {@code softmax(Q / T)} with
   * the configured temperature.
   */
  interface Learned {
    Policy advantageWeighted(double beta);

    Policy softmax();

    double temperature();
  }

  /**
   * @param stays stays per round
   * @param staysPerTask stays per Spark task (fixes the summation order)
   * @param blockSize stays rolled out together, one policy call per step
   * @param maxStandardError further rounds until every value is at least this precise
   * @param maxStays the most stays a value is measured on
   */
  record TruthSettings(
      long stays, int staysPerTask, int blockSize, double maxStandardError, long maxStays) {}
}
