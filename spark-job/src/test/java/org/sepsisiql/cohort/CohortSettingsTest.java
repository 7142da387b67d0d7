package org.sepsisiql.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;

/** The defaults of reference.conf and the validation messages. */
class CohortSettingsTest {
  @Test
  void defaultsFollowTheDesign() {
    CohortSettings s = CohortSettings.from(ConfigLoader.defaults());
    assertEquals(24, s.windowBeforeHours(), "window before");
    assertEquals(48, s.windowAfterHours(), "window after");
    assertEquals(4, s.binHours(), "bin hours");
    assertEquals(18, s.maxSteps(), "max steps");
    assertEquals(0.7, s.trainFraction(), 0.0, "train");
    assertEquals(CohortSettings.IN_HOSPITAL, s.mortality(), "mortality");
    assertEquals(0.99, s.gamma(), 0.0, "gamma");
    assertEquals(0.0, s.sofaShaping(), 0.0, "no shaping by default");
  }

  @Test
  void rejectsFractionsNotSummingToOne() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CohortSettings.from(
                    ConfigLoader.load(null, Map.of("sepsis-iql.cohort.split.train", "0.8"))));
    assertTrue(
        error.getMessage().startsWith("sepsis-iql.cohort.split fractions must sum to 1"),
        error.getMessage());
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CohortSettings.from(
                    ConfigLoader.load(null, Map.of("sepsis-iql.cohort.bin-hours", "0"))));
    assertEquals(
        "sepsis-iql.cohort.bin-hours must be at least 1, cannot be: 0", error.getMessage());
    IllegalArgumentException mortality =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CohortSettings.from(
                    ConfigLoader.load(
                        null, Map.of("sepsis-iql.cohort.reward.mortality", "30-day"))));
    assertTrue(
        mortality.getMessage().contains("must be one of in-hospital, 90-day"),
        mortality.getMessage());
  }
}
