package org.sepsisiql.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.config.InvalidConfigException;

class OpeSettingsTest {
  @Test
  void defaultsComeFromReferenceConf() {
    OpeSettings settings = OpeSettings.from(ConfigLoader.defaults());
    assertEquals(1000, settings.resamples(), "bootstrap-resamples");
    assertEquals(15, settings.plausibleRange(), 0, "plausible-range");
    assertEquals(0.99, settings.gamma(), 0, "gamma");
    FqeSettings fqe = FqeSettings.from(ConfigLoader.defaults());
    assertEquals(60, fqe.maxIterations(), "fqe.max-iterations");
  }

  @Test
  void badValuesNameTheKey() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                OpeSettings.from(
                    ConfigLoader.load(null, Map.of("sepsis-iql.evaluate.plausible-range", "0"))));
    assertTrue(e.getMessage().contains("sepsis-iql.evaluate.plausible-range"), e.getMessage());
  }

  @Test
  void theConstructorChecksWhatTheConfigurationReaderChecks() {
    IllegalArgumentException usable =
        assertThrows(
            IllegalArgumentException.class,
            () -> new OpeSettings(0.99, 10, 0.95, 1, 1.5, 15, 1e-6, 0));
    assertTrue(usable.getMessage().contains("min-usable-resamples"), usable.getMessage());
    assertTrue(usable.getMessage().contains("1.5"), usable.getMessage());
    IllegalArgumentException tolerance =
        assertThrows(
            IllegalArgumentException.class,
            () -> new OpeSettings(0.99, 10, 0.95, 1, 0.9, 15, -1e-6, 0));
    assertTrue(tolerance.getMessage().contains("probability-tolerance"), tolerance.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new OpeSettings(0.99, 10, 0.95, 1, 0.9, 15, 0.2, 0),
        "a tolerance above 0.1 is refused as from(Config) refuses it");
    IllegalArgumentException clip =
        assertThrows(
            IllegalArgumentException.class,
            () -> new OpeSettings(0.99, 10, 0.95, 1, 0.9, 15, 1e-6, 0, 0.5));
    assertTrue(clip.getMessage().contains("ratio-clip"), clip.getMessage());
  }

  @Test
  void theConfigurationReaderRefusesWhatTheConstructorRefuses() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                OpeSettings.from(
                    ConfigLoader.load(
                        null, Map.of("sepsis-iql.evaluate.min-usable-resamples", "1.2"))));
    assertTrue(e.getMessage().contains("sepsis-iql.evaluate.min-usable-resamples"), e.getMessage());
    assertEquals(0, OpeSettings.from(ConfigLoader.defaults()).ratioClip(), 0, "clipping off");
  }
}
