package org.sepsisiql.baselines;

import java.util.Arrays;
import java.util.Locale;
import org.sepsisiql.agent.QLearningLoss;
import org.sepsisiql.agent.QTargets;
import org.sepsisiql.ope.FqeSettings;

/**
 * The seed's earlier models that the baselines stage trains ({@code sepsis-iql.baselines.models}):
 * fitted Q iteration with a linear or a boosted-trees regression (through the FQE machinery), and
 * three DL4J networks on the agent's trunk ({@link QNetworkTraining}): neural fitted Q iteration,
 * Double DQN, and Dueling Double DQN with a conservative Q-learning penalty.
 */
public enum BaselineKind {
  FQI_LINEAR(
      FqeSettings.Model.LINEAR,
      "fitted Q iteration, a ridge regression per action (the seed's \"Linear (fitted Q)\")"),
  FQI_GBT(
      FqeSettings.Model.GBT,
      "fitted Q iteration, MLlib gradient-boosted trees (the seed's \"GBM (fitted Q)\")"),
  FQI_NEURAL(
      null,
      "fitted Q iteration, a DL4J network on the agent's trunk (the seed's \"Neural (fitted Q)\")"),
  DOUBLE_DQN(
      null,
      "Double DQN, the agent's trunk with a Polyak target network and Huber loss (the seed's"
          + " \"Double DQN\")"),
  DUELING_DQN_CQL(
      null,
      "Dueling Double DQN with a conservative Q-learning penalty (the seed's \"Dueling DQN"
          + " (+CQL)\")");

  private final FqeSettings.Model regression;
  private final String description;

  BaselineKind(FqeSettings.Model regression, String description) {
    this.regression = regression;
    this.description = description;
  }

  /** The name in the configuration and the output folder, e.g. {@code fqi-linear}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The row in the evaluation's tables, e.g. {@code fqi_linear}. */
  public String row() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The fitted Q iteration's regression; null for the networks. */
  public FqeSettings.Model regression() {
    return regression;
  }

  /** Whether a DL4J network is trained ({@link QNetworkTraining}) rather than a regression. */
  public boolean network() {
    return regression == null;
  }

  /** What one row of its metrics counts: an {@code epoch} of a DQN, else an {@code iteration}. */
  public String unit() {
    return network() && !iterated() ? "epoch" : "iteration";
  }

  /** Whether the target network is frozen per iteration of several epochs (fitted Q iteration). */
  boolean iterated() {
    return this == FQI_NEURAL;
  }

  /** The network's loss: squared error for fitted Q iteration, Huber for the DQNs. */
  QLearningLoss loss(QLearningSettings settings) {
    return switch (this) {
      case DOUBLE_DQN -> new QLearningLoss(settings.huberDelta(), false, 0);
      case DUELING_DQN_CQL -> new QLearningLoss(settings.huberDelta(), true, settings.cqlAlpha());
      default -> new QLearningLoss(0, false, 0);
    };
  }

  /** The TD targets: Double DQN's for the DQNs, {@code max_a Q'} for fitted Q iteration. */
  QTargets targets(double gamma) {
    return new QTargets(gamma, !iterated());
  }

  public String description() {
    return description;
  }

  /** The kind a configuration name denotes, or null. */
  public static BaselineKind fromKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst().orElse(null);
  }
}
