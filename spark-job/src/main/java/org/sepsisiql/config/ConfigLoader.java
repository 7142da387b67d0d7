package org.sepsisiql.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the effective configuration once, on the driver, in a fixed order: {@code reference.conf}
 * (every default, under the {@value #NAMESPACE} namespace), then an overlay file ({@code --conf
 * FILE}, or {@code -Dconfig.file}), then {@code -D} overrides (JVM system properties and the
 * command line's {@code -Dkey=value}). Endpoints and buckets may come from environment variables
 * through {@code ${?VAR}} substitutions in {@code reference.conf}.
 *
 * <p>Strict: a key under the namespace that {@code reference.conf} does not define, or a value
 * whose type differs from the default's, fails start-up with a message naming the key and where it
 * was set. That catches typos that would otherwise silently fall back to a default.
 */
public final class ConfigLoader {
  /** The one namespace every setting lives under. */
  public static final String NAMESPACE = "sepsis-iql";

  /** Objects whose keys are free-form (Spark and Hadoop properties), so any key is allowed. */
  private static final List<String> OPEN_OBJECTS =
      List.of(NAMESPACE + ".spark.conf", NAMESPACE + ".hadoop.conf");

  private ConfigLoader() {}

  /**
   * The effective configuration.
   *
   * @param overlay an overlay file, or null for {@code -Dconfig.file} or none
   * @param overrides {@code key=value} overrides from the command line, highest precedence
   * @throws InvalidConfigException naming the offending key
   */
  public static Config load(File overlay, Map<String, String> overrides) {
    Config reference = ConfigFactory.parseResources("reference.conf");
    Config overlayConfig = parseOverlay(overlay);
    Config system = namespaced(ConfigFactory.systemProperties());
    Config commandLine =
        namespaced(
            commandLine(
                overrides,
                reference.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true))));
    Config layered =
        commandLine.withFallback(system).withFallback(overlayConfig).withFallback(reference);
    Config resolved;
    try {
      resolved = layered.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
    } catch (ConfigException e) {
      throw new InvalidConfigException(e.getMessage(), e);
    }
    Config defaults = reference.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    refuseSecrets(overlayConfig);
    for (Config layer : List.of(overlayConfig, system, commandLine)) {
      checkKnownAndTyped(layer, defaults, resolved);
    }
    return resolved;
  }

  /**
   * The {@code -D} overrides as configuration: text, except for keys whose default is a list, where
   * {@code [a, b]} is read as HOCON and {@code a,b} as a comma-separated list.
   */
  private static Config commandLine(Map<String, String> overrides, Config defaults) {
    Config out = ConfigFactory.empty("command line -D");
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      String key = entry.getKey();
      String text = entry.getValue();
      ConfigValue value =
          isList(defaults, key)
              ? listValue(key, text)
              : com.typesafe.config.ConfigValueFactory.fromAnyRef(text, "command line -D");
      out = out.withValue(key, value);
    }
    return out;
  }

  private static boolean isList(Config defaults, String key) {
    try {
      return defaults.hasPath(key) && defaults.getValue(key).valueType() == ConfigValueType.LIST;
    } catch (ConfigException e) {
      return false;
    }
  }

  private static ConfigValue listValue(String key, String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("[")) {
      try {
        return ConfigFactory.parseString("value = " + trimmed).getValue("value");
      } catch (ConfigException e) {
        throw new InvalidConfigException(
            key + " must be a list, cannot be: " + text + " (command line -D)", e);
      }
    }
    List<String> items =
        trimmed.isEmpty()
            ? List.of()
            : java.util.Arrays.stream(trimmed.split(",")).map(String::trim).toList();
    return com.typesafe.config.ConfigValueFactory.fromIterable(items, "command line -D");
  }

  /** The configuration with nothing but the defaults, for tests and tools. */
  public static Config defaults() {
    return load(null, Map.of());
  }

  private static Config parseOverlay(File overlay) {
    File file = overlay;
    if (file == null && System.getProperty("config.file") != null) {
      file = new File(System.getProperty("config.file"));
    }
    if (file == null) {
      return ConfigFactory.empty();
    }
    if (!file.isFile()) {
      throw new InvalidConfigException("configuration file not found: " + file);
    }
    try {
      return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new InvalidConfigException(e.getMessage(), e);
    }
  }

  private static void refuseSecrets(Config overlay) {
    for (Map.Entry<String, ConfigValue> entry : overlay.entrySet()) {
      if (SecretKeys.isSecret(entry.getKey())) {
        throw new InvalidConfigException(
            entry.getKey()
                + " looks like a secret and configuration files must not hold secrets ("
                + entry.getValue().origin().description()
                + "): use the default credential provider chain or an environment variable");
      }
    }
  }

  private static Config namespaced(Config config) {
    return config.hasPath(NAMESPACE)
        ? config.getConfig(NAMESPACE).atPath(NAMESPACE)
        : ConfigFactory.empty();
  }

  private static void checkKnownAndTyped(Config layer, Config defaults, Config resolved) {
    if (!layer.hasPathOrNull(NAMESPACE)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    collectProblems(layer.root().get(NAMESPACE), NAMESPACE, defaults, resolved, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(String.join("; ", problems));
    }
  }

  private static void collectProblems(
      ConfigValue value, String key, Config defaults, Config resolved, List<String> problems) {
    if (!defaults.hasPathOrNull(key)) {
      problems.add("unknown key " + key + " (" + describe(value) + ")");
      return;
    }
    ConfigValue expected = defaults.getIsNull(key) ? null : defaults.getValue(key);
    if (OPEN_OBJECTS.contains(key)) {
      return;
    }
    if (value instanceof ConfigObject object
        && expected != null
        && expected.valueType() == ConfigValueType.OBJECT) {
      for (Map.Entry<String, ConfigValue> child : object.entrySet()) {
        List<String> path = new ArrayList<>(ConfigUtil.splitPath(key));
        path.add(child.getKey());
        collectProblems(child.getValue(), ConfigUtil.joinPath(path), defaults, resolved, problems);
      }
      return;
    }
    if (expected == null || resolved.getIsNull(key)) {
      return;
    }
    String wrong = typeMismatch(resolved.getValue(key), expected.valueType());
    if (wrong != null) {
      problems.add(key + " " + wrong + " (" + describe(value) + ")");
    }
  }

  private static String typeMismatch(ConfigValue value, ConfigValueType expected) {
    ConfigValueType actual = value.valueType();
    if (actual == expected || actual == ConfigValueType.NULL || expected == ConfigValueType.NULL) {
      return null;
    }
    if (actual == ConfigValueType.STRING && value.unwrapped() instanceof String text) {
      if (expected == ConfigValueType.NUMBER && isNumber(text)) {
        return null;
      }
      if (expected == ConfigValueType.BOOLEAN && isBoolean(text)) {
        return null;
      }
    }
    if (expected == ConfigValueType.STRING
        && (actual == ConfigValueType.NUMBER || actual == ConfigValueType.BOOLEAN)) {
      return null;
    }
    return "must be a " + name(expected) + ", cannot be: " + value.render();
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isBoolean(String text) {
    return List.of("true", "false", "yes", "no", "on", "off").contains(text.trim().toLowerCase());
  }

  private static String name(ConfigValueType type) {
    return switch (type) {
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case STRING -> "string";
      case LIST -> "list";
      case OBJECT -> "object";
      case NULL -> "null";
    };
  }

  private static String describe(ConfigValue value) {
    return value.origin().description();
  }
}
