package org.sepsisiql.agent;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.sepsisiql.config.Checks;

/**
 * The agent's hyperparameters, read once from {@code sepsis-iql.agent} and validated up front; see
 * {@code reference.conf} for the meaning and default of each.
 */
public record AgentSettings(
    List<Integer> hiddenSizes,
    String weightInit,
    String precision,
    double layerNormEpsilon,
    double expectile,
    double gamma,
    double temperature,
    double entropyWeight,
    double auxWeight,
    double learningRate,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    double weightDecay,
    double gradientClip,
    double targetUpdateRate,
    String policy,
    double advantageBeta)
    implements Serializable {
  static final String PREFIX = "sepsis-iql.agent.";

  public AgentSettings {
    hiddenSizes = List.copyOf(hiddenSizes);
  }

  public static AgentSettings from(Config config) {
    List<Integer> hidden = config.getIntList(PREFIX + "hidden-sizes");
    if (hidden.isEmpty() || hidden.stream().anyMatch(size -> size < 1)) {
      throw Checks.invalid(PREFIX + "hidden-sizes", "must be one or more sizes >= 1", hidden);
    }
    return new AgentSettings(
        hidden,
        weightInit(config),
        Checks.oneOf(config, PREFIX + "precision", "float", "double"),
        Checks.positive(config, PREFIX + "layer-norm-epsilon"),
        Checks.doubleIn(config, PREFIX + "expectile", 0.0, 1.0),
        Checks.doubleIn(config, PREFIX + "gamma", 0.0, 1.0),
        Checks.positive(config, PREFIX + "temperature"),
        Checks.doubleIn(config, PREFIX + "entropy-weight", 0.0, Double.MAX_VALUE),
        Checks.doubleIn(config, PREFIX + "aux-weight", 0.0, Double.MAX_VALUE),
        Checks.positive(config, PREFIX + "learning-rate"),
        Checks.doubleIn(config, PREFIX + "adam-beta1", 0.0, 1.0),
        Checks.doubleIn(config, PREFIX + "adam-beta2", 0.0, 1.0),
        Checks.positive(config, PREFIX + "adam-epsilon"),
        Checks.doubleIn(config, PREFIX + "weight-decay", 0.0, 1.0),
        Checks.positive(config, PREFIX + "gradient-clip"),
        Checks.doubleIn(config, PREFIX + "target-update-rate", 0.0, 1.0),
        Checks.oneOf(config, PREFIX + "policy", "softmax", "advantage-weighted"),
        Checks.doubleIn(config, PREFIX + "advantage-beta", 0.0, Double.MAX_VALUE));
  }

  private static String weightInit(Config config) {
    String name = config.getString(PREFIX + "weight-init");
    try {
      org.deeplearning4j.nn.weights.WeightInit.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw Checks.invalid(PREFIX + "weight-init", "must name a DL4J WeightInit", name);
    }
    return name;
  }
}
