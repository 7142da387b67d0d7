package org.sepsisiql.baselines;

import java.util.Arrays;
import java.util.Locale;
import org.sepsisiql.ope.FqeSettings;

/**
 * The seed's earlier models that the baselines stage trains ({@code sepsis-iql.baselines.models}):
 * fitted Q iteration with a linear or a boosted-trees regression. The seed's neural fitted Q,
 * Double DQN and Dueling DQN with CQL are named in {@link #PLANNED} and refused until they exist.
 */
public enum BaselineKind {
  FQI_LINEAR(
      FqeSettings.Model.LINEAR,
      "fitted Q iteration, a ridge regression per action (the seed's \"Linear (fitted Q)\")"),
  FQI_GBT(
      FqeSettings.Model.GBT,
      "fitted Q iteration, MLlib gradient-boosted trees (the seed's \"GBM (fitted Q)\")");

  /** Baselines of the seed's table not implemented yet (issue 14). */
  public static final String PLANNED = "fqi-neural, double-dqn, dueling-dqn-cql";

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

  public FqeSettings.Model regression() {
    return regression;
  }

  public String description() {
    return description;
  }

  /** The kind a configuration name denotes, or null. */
  public static BaselineKind fromKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst().orElse(null);
  }
}
