package org.sepsisiql.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/**
 * The {@code synthesize} command: how many stays of the synthetic cohort to write ({@code
 * sepsis-iql.synthesize.stays}) and over how many Spark partitions ({@code
 * sepsis-iql.synthesize.partitions}; the output does not depend on it).
 */
public record SynthesizeSettings(long stays, int partitions) implements Serializable {
  public static SynthesizeSettings from(Config config) {
    return new SynthesizeSettings(
        Checks.longAtLeast(config, "sepsis-iql.synthesize.stays", 1),
        Checks.intAtLeast(config, "sepsis-iql.synthesize.partitions", 1));
  }
}
