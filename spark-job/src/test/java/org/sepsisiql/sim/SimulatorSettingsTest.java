package org.sepsisiql.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

  private static SimulatorSettings with(String overrides) {
    return SimulatorSettings.from(
        ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()));
  }

  private static void assertRejected(String overrides, String expectedMessage) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> with(overrides), overrides);
    assertTrue(
        e.getMessage().contains(expectedMessage),
        "message should contain '" + expectedMessage + "' but was: " + e.getMessage());
  }

  @Test
  void defaultsDescribeTheDesignWindow() {
    SimulatorSettings settings = SimulatorSettings.defaults();
    assertEquals(18, settings.maxSteps(), "24 h before to 48 h after onset in 4-hour bins");
    assertEquals(6, settings.onsetStep(), "onset starts the seventh bin");
    assertEquals(0.99, settings.gamma(), 0.0, "default discount");
  }

  @Test
  void badValuesAreRejectedWithTheirKey() {
    assertRejected(
        "sepsis-iql.simulator.vital-missing-rate = 2.0",
        "sepsis-iql.simulator.vital-missing-rate must be in (0, 1), cannot be: 2.0");
    assertRejected(
        "sepsis-iql.simulator.action-floor = 0.2", "sepsis-iql.simulator.action-floor must be in");
    assertRejected("sepsis-iql.simulator.clinicians = 0", "sepsis-iql.simulator.clinicians");
    assertRejected("sepsis-iql.simulator.gamma = 1.5", "sepsis-iql.simulator.gamma");
    assertRejected(
        "sepsis-iql.simulator.hours-after-onset = 46", "sepsis-iql.simulator.hours-after-onset");
    assertRejected(
        "sepsis-iql.simulator.fluid-level-medians = [300, 530]",
        "sepsis-iql.simulator.fluid-level-medians");
    assertRejected(
        "sepsis-iql.simulator.last-admission-year = 2000",
        "sepsis-iql.simulator.last-admission-year");
  }
}
