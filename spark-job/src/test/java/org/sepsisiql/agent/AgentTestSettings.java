package org.sepsisiql.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.sepsisiql.config.ConfigLoader;

/** Agent settings for tests: the defaults with a tiny network unless told otherwise. */
final class AgentTestSettings {
  private AgentTestSettings() {}

  static Config config(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigLoader.defaults()).resolve();
  }

  static AgentSettings tiny() {
    return AgentSettings.from(config("sepsis-iql.agent.hidden-sizes = [16, 16, 8]"));
  }

  static AgentSettings tinyDouble() {
    return AgentSettings.from(
        config("sepsis-iql.agent { hidden-sizes = [16, 16, 8], precision = double }"));
  }
}
