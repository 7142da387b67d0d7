package org.sepsisiql.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/**
 * The {@code synthesize} command: how many stays of the synthetic cohort to write ({@code
 * sepsis-iql.synthesize.stays}). The simulator's own settings are under {@code
 * sepsis-iql.simulator}.
 */
public record SynthesizeSettings(long stays) implements Serializable {
  public static SynthesizeSettings from(Config config) {
    return new SynthesizeSettings(Checks.longAtLeast(config, "sepsis-iql.synthesize.stays", 1));
  }
}
