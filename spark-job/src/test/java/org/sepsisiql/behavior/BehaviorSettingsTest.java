package org.sepsisiql.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.config.InvalidConfigException;

class BehaviorSettingsTest {
  @Test
  void defaultsMatchTheDesign() {
    BehaviorSettings settings = BehaviorSettings.from(ConfigLoader.defaults());
    assertEquals(List.of(0.0, 1e-4, 1e-3, 1e-2, 1e-1), settings.regParams(), "grid");
    assertEquals(1e-3, settings.probabilityFloor(), "floor");
    assertEquals(15, settings.calibrationBins(), "ECE bins");
  }

  @Test
  void floorThatCannotFitNineActionsIsRefused() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                BehaviorSettings.from(
                    ConfigLoader.load(
                        null, Map.of("sepsis-iql.behavior.probability-floor", "0.2"))));
    assertTrue(
        e.getMessage().startsWith("sepsis-iql.behavior.probability-floor must be in (0, 1/9)"),
        e.getMessage());
  }

  @Test
  void elasticNetOutsideZeroOneIsRefused() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                BehaviorSettings.from(
                    ConfigLoader.load(
                        null, Map.of("sepsis-iql.behavior.elastic-net-param", "1.5"))));
    assertTrue(e.getMessage().contains("cannot be: 1.5"), e.getMessage());
  }
}
