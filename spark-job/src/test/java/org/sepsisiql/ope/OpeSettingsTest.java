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
}
