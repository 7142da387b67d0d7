package org.sepsisiql.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.sweep.SweepSettings.Configuration;

/**
 * The seed's rules fire on the learned row's figures; the grid is checked; selection is on
 * validation.
 */
class SweepPlanTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SweepSettings settings(String hocon) {
    Config config =
        ConfigFactory.parseString(hocon).withFallback(ConfigLoader.defaults()).resolve();
    return SweepSettings.from(config);
  }

  private static List<String> names(String learned, String hocon) throws Exception {
    JsonNode row = JSON.readTree(learned);
    return SweepPlan.of(settings(hocon), row).stream().map(Configuration::name).toList();
  }

  @Test
  void eachSeedRuleFiresOnItsCondition() throws Exception {
    assertEquals(
        List.of("base", "aux-weight-0.2", "entropy-0.5"),
        names(
            "{\"wdr\": 8.0, \"wdr_valid\": true, \"clinical_tests_passed\": \"2/3\","
                + " \"actions_used\": 4}",
            ""),
        "2 of 3 tests and 4 actions; WDR above 6");
    assertEquals(
        List.of("base", "expectile-0.8-wide"),
        names(
            "{\"wdr\": null, \"wdr_valid\": false, \"clinical_tests_passed\": \"3/3\","
                + " \"actions_used\": 8}",
            ""),
        "a withheld WDR counts as below 6");
    assertEquals(
        List.of("base", "wide"),
        names(
            "{\"wdr\": 5.0, \"wdr_valid\": true, \"clinical_tests_passed\": \"1/3\","
                + " \"actions_used\": 3}",
            "sepsis-iql.sweep { seed-rules = false, grid = [{ name = wide, settings {"
                + " \"agent.hidden-sizes\" = [512, 512, 256] } }] }"),
        "rules off: only the grid");
  }

  @Test
  void aGridEntryWithAnUnknownSettingOrATakenNameIsRefused() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                settings(
                    "sepsis-iql.sweep.grid = [{ name = x, settings { \"agent.expectyle\" = 0.8 }"
                        + " }]"));
    assertTrue(unknown.getMessage().contains("sepsis-iql.agent.expectyle"), unknown.getMessage());
    IllegalArgumentException taken =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                settings(
                    "sepsis-iql.sweep.grid = [{ name = base, settings { \"agent.expectile\" = 0.8"
                        + " } }]"));
    assertTrue(taken.getMessage().contains("base is taken"), taken.getMessage());
  }

  @Test
  void theSelectionIsTheHighestValidValidationWdr() {
    Configuration c = new Configuration("c", "test", java.util.Map.of());
    SweepRow base = row(c, 6.0, true);
    SweepRow better = row(c, 7.0, true);
    SweepRow invalidHigher = row(c, 9.0, false);
    assertEquals(1, SweepTable.selected(List.of(base, better, invalidHigher)), "valid and highest");
    assertEquals(
        0, SweepTable.selected(List.of(row(c, 5.0, false), invalidHigher)), "none valid: base");
  }

  private static SweepRow row(Configuration c, double wdr, boolean valid) {
    return new SweepRow(
        c, "epoch 3", 0.5, wdr, wdr - 1, wdr + 1, 50.0, valid, 9.0, 8.0, 10.0, true, 7.0, 0.1, 0.5,
        0.05, "2/3", 4, 0.3);
  }
}
