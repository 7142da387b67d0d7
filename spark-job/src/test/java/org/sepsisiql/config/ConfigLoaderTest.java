package org.sepsisiql.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private File overlay(String text) throws IOException {
    Path file = dir.resolve("overlay.conf");
    Files.writeString(file, text);
    return file.toFile();
  }

  @Test
  void defaultsComeFromReferenceConf() {
    Config config = ConfigLoader.defaults();
    assertEquals(2000, config.getLong("sepsis-iql.synthesize.stays"), "default cohort size");
    assertTrue(config.getIsNull("sepsis-iql.run-id"), "run id defaults to null (from the clock)");
  }

  @Test
  void overlayThenCommandLineOverridesInThatOrder() throws IOException {
    File file = overlay("sepsis-iql { seed = 5, synthesize.stays = 300 }");
    Config config = ConfigLoader.load(file, Map.of("sepsis-iql.seed", "9"));
    assertEquals(300, config.getLong("sepsis-iql.synthesize.stays"), "overlay beats reference");
    assertEquals(9, config.getLong("sepsis-iql.seed"), "-D beats the overlay");
  }

  @Test
  void unknownKeyInOverlayIsAnErrorNamingTheKey() throws IOException {
    File file = overlay("sepsis-iql { synthesize { stayz = 10 } }");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(
        e.getMessage().contains("unknown key sepsis-iql.synthesize.stayz"),
        "message names the key: " + e.getMessage());
  }

  @Test
  void unknownKeyOnCommandLineIsAnError() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> ConfigLoader.load(null, Map.of("sepsis-iql.sed", "1")));
    assertTrue(e.getMessage().contains("sepsis-iql.sed"), e.getMessage());
  }

  @Test
  void wrongTypeIsAnErrorNamingTheKey() throws IOException {
    File file = overlay("sepsis-iql.synthesize.stays = lots");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(
        e.getMessage().contains("sepsis-iql.synthesize.stays must be a number"),
        "message names the key and type: " + e.getMessage());
  }

  @Test
  void numbersGivenAsStringsOnTheCommandLineAreAccepted() {
    Config config = ConfigLoader.load(null, Map.of("sepsis-iql.synthesize.stays", "42"));
    assertEquals(42, SynthesizeSettings.from(config).stays(), "-D values arrive as strings");
  }

  @Test
  void sparkAndHadoopPropertiesAreOpenMaps() throws IOException {
    File file =
        overlay(
            "sepsis-iql.spark.conf { \"spark.executor.cores\" = 4 }\n"
                + "sepsis-iql.hadoop.conf { \"fs.s3a.endpoint\" = \"http://127.0.0.1:9000\" }");
    Config config = ConfigLoader.load(file, Map.of());
    assertEquals(
        "4", SparkSettings.from(config).conf().get("spark.executor.cores"), "free-form key");
  }

  @Test
  void missingOverlayFileIsAnError() {
    File missing = dir.resolve("nope.conf").toFile();
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(missing, Map.of()));
    assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
  }

  @Test
  void shippedOverlaysLoad() {
    for (String name : new String[] {"local.conf", "cluster.conf"}) {
      File file = new File("../conf/" + name);
      assertTrue(file.isFile(), "conf/" + name + " exists");
      Config config = ConfigLoader.load(file, Map.of());
      SparkSettings.from(config);
      RunSettings.from(config);
    }
  }

  @Test
  void invalidValuesAreRejectedWithTheValue() {
    Config config = ConfigLoader.load(null, Map.of("sepsis-iql.synthesize.stays", "-5"));
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> SynthesizeSettings.from(config));
    assertEquals(
        "sepsis-iql.synthesize.stays must be at least 1, cannot be: -5", e.getMessage(), "message");
  }

  @Test
  void listSettingsTakeHoconOrCommaSeparatedValuesOnTheCommandLine() {
    String key = "sepsis-iql.baselines.models";
    assertEquals(
        List.of("fqi-linear", "fqi-gbt"),
        ConfigLoader.load(null, Map.of(key, "[fqi-linear, fqi-gbt]")).getStringList(key));
    assertEquals(
        List.of("fqi-linear", "fqi-gbt"),
        ConfigLoader.load(null, Map.of(key, "fqi-linear, fqi-gbt")).getStringList(key));
    assertEquals(List.of(), ConfigLoader.load(null, Map.of(key, "")).getStringList(key));
    assertEquals(
        List.of(0.5, 2.0),
        ConfigLoader.load(null, Map.of("sepsis-iql.behavior.reg-params", "0.5,2"))
            .getDoubleList("sepsis-iql.behavior.reg-params"));
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> ConfigLoader.load(null, Map.of(key, "[a, ")));
    assertTrue(e.getMessage().startsWith(key + " must be a list"), e.getMessage());
  }

  @Test
  void anUnknownStageCommitModeIsRejected() {
    Config config = ConfigLoader.load(null, Map.of("sepsis-iql.stage-commit", "copy"));
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> RunSettings.from(config));
    assertTrue(e.getMessage().startsWith("sepsis-iql.stage-commit must be one of"), e.getMessage());
  }

  @Test
  void secretsInFilesAreRefused() throws IOException {
    File file = overlay("sepsis-iql.hadoop.conf { \"fs.s3a.secret.key\" = \"abc\" }");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(e.getMessage().contains("must not hold secrets"), e.getMessage());
  }
}
