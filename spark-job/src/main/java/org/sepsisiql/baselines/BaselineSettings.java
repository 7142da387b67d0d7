package org.sepsisiql.baselines;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sepsisiql.config.Checks;
import org.sepsisiql.ope.FqeSettings;

/**
 * {@code sepsis-iql.baselines} (reference.conf documents each key; BASELINES.md the method).
 *
 * @param models the baselines to train, in order; {@code all} in the configuration means every
 *     implemented one
 * @param extraction how a baseline's Q becomes a policy
 * @param temperature of the softmax extraction
 * @param fqi the regressions and stopping rule of fitted Q iteration: {@code evaluate.fqe}'s, with
 *     at least {@code baselines.min-iterations} iterations
 * @param regParams the linear model's ridge penalties, one chosen on validation
 */
public record BaselineSettings(
    List<BaselineKind> models,
    Extraction extraction,
    double temperature,
    FqeSettings fqi,
    List<Double> regParams) {
  private static final String PREFIX = "sepsis-iql.baselines.";

  /** How a baseline's Q values become action probabilities. */
  public enum Extraction {
    /** argmax_a Q(s, a), first on ties: how the seed's models acted. */
    GREEDY,
    /** softmax(Q / temperature), like IQL's {@code iql_softmax} row. */
    SOFTMAX
  }

  public BaselineSettings {
    models = List.copyOf(models);
    regParams = List.copyOf(regParams);
  }

  /**
   * The configured names: a list, or one string of comma-separated names ({@code -D} and {@code run
   * --baselines} set strings), where {@code none} is the empty list.
   */
  private static List<String> names(Config config) {
    String key = PREFIX + "models";
    if (config.getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING) {
      String value = config.getString(key).trim();
      return value.equals("none") || value.isEmpty()
          ? List.of()
          : Arrays.stream(value.split(",")).map(String::trim).toList();
    }
    List<String> names = config.getStringList(key);
    return names.equals(List.of("none")) ? List.of() : names;
  }

  public static BaselineSettings from(Config config) {
    List<BaselineKind> models = new ArrayList<>();
    for (String name : names(config)) {
      if (name.equals("all")) {
        models.addAll(Arrays.asList(BaselineKind.values()));
        continue;
      }
      BaselineKind kind = BaselineKind.fromKey(name);
      if (kind == null) {
        String known =
            String.join(", ", Arrays.stream(BaselineKind.values()).map(BaselineKind::key).toList());
        throw Checks.invalid(PREFIX + "models", "may hold " + known + ", all or none", name);
      }
      if (models.contains(kind)) {
        throw Checks.invalid(PREFIX + "models", "lists a baseline twice", name);
      }
      models.add(kind);
    }
    String extraction = Checks.oneOf(config, PREFIX + "extraction", "greedy", "softmax");
    FqeSettings fqe = FqeSettings.from(config);
    int floor = Checks.intAtLeast(config, PREFIX + "min-iterations", 1);
    List<Double> regParams = config.getDoubleList(PREFIX + "fqi-linear.reg-params");
    if (regParams.isEmpty() || regParams.stream().anyMatch(r -> !(r >= 0))) {
      throw Checks.invalid(
          PREFIX + "fqi-linear.reg-params", "must be a non-empty list of values >= 0", regParams);
    }
    return new BaselineSettings(
        models.stream().distinct().toList(),
        Extraction.valueOf(extraction.toUpperCase(Locale.ROOT)),
        Checks.positive(config, PREFIX + "temperature"),
        fqe.withMinIterations(Math.max(floor, fqe.minIterations())),
        regParams);
  }
}
