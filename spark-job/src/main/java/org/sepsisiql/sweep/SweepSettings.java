package org.sepsisiql.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sepsisiql.config.Checks;

/**
 * {@code sepsis-iql.sweep}: whether the seed's rules apply, and the configurations of the grid.
 * Each configuration is a name and settings under {@code sepsis-iql} (e.g. {@code "agent.expectile"
 * = 0.8}); an unknown key or a repeated name is an error naming it.
 */
public record SweepSettings(
    boolean seedRules, List<Configuration> grid, int parallelConfigurations) {
  /** One configuration to train: its name and its settings (keys under {@code sepsis-iql}). */
  public record Configuration(String name, String why, Map<String, Object> settings) {
    public Configuration {
      settings = new LinkedHashMap<>(settings);
    }

    /** {@code key = value} pairs, for tables and logs; "as trained" for none. */
    public String describe() {
      if (settings.isEmpty()) {
        return "as trained";
      }
      List<String> pairs = new ArrayList<>();
      settings.forEach((key, value) -> pairs.add(key + " = " + value));
      return String.join(", ", pairs);
    }
  }

  private static final String PREFIX = "sepsis-iql.sweep.";

  public static SweepSettings from(Config config) {
    List<Configuration> grid = new ArrayList<>();
    for (ConfigObject entry : config.getObjectList(PREFIX + "grid")) {
      Config item = entry.toConfig();
      if (!item.hasPath("name") || !item.hasPath("settings")) {
        throw new IllegalArgumentException(
            PREFIX + "grid: every entry needs a name and settings, cannot be: " + entry.render());
      }
      String name = item.getString("name");
      if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
        throw new IllegalArgumentException(
            PREFIX + "grid: a name must be lower-case letters, digits, '.', '_' or '-': " + name);
      }
      Map<String, Object> settings = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> setting : item.getConfig("settings").entrySet()) {
        String key = setting.getKey().replace("\"", "");
        if (!config.hasPathOrNull("sepsis-iql." + key)) {
          throw new IllegalArgumentException(
              PREFIX + "grid: " + name + " sets unknown setting sepsis-iql." + key);
        }
        settings.put(key, setting.getValue().unwrapped());
      }
      if (grid.stream().anyMatch(c -> c.name().equals(name)) || name.equals(SweepPlan.BASE)) {
        throw new IllegalArgumentException(PREFIX + "grid: the name " + name + " is taken");
      }
      grid.add(new Configuration(name, "from " + PREFIX + "grid", settings));
    }
    return new SweepSettings(
        config.getBoolean(PREFIX + "seed-rules"),
        List.copyOf(grid),
        Checks.intAtLeast(config, PREFIX + "parallel-configurations", 1));
  }
}
