package org.sepsisiql.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sepsisiql.sweep.SweepSettings.Configuration;

/**
 * Which configurations a sweep trains: the run's own ({@link #BASE}, not retrained), the seed's
 * "next steps" rules that the run's learned row calls for, then the configured grid.
 *
 * <p>The seed's rules, read on the {@code learned} row of the run's {@code metrics.json}:
 *
 * <ul>
 *   <li>2 of 3 clinical tests passed: auxiliary weight 0.1 to 0.2 ({@code aux-weight-0.2});
 *   <li>fewer than 7 actions used: entropy weight 0.3 to 0.5 ({@code entropy-0.5}); the seed's
 *       "temperature sampling at inference" is what the advantage-weighted extraction already does
 *       (it samples from {@code pi_b exp(beta A)}, beta chosen on validation);
 *   <li>test WDR below 6 or withheld: expectile 0.7 to 0.8 and hidden sizes [512, 512, 256] ({@code
 *       expectile-0.8-wide}).
 * </ul>
 */
public final class SweepPlan {
  public static final String BASE = "base";

  private SweepPlan() {}

  /**
   * @param learned the {@code learned} row of the run's {@code summary_table}
   */
  public static List<Configuration> of(SweepSettings settings, JsonNode learned) {
    List<Configuration> plan = new ArrayList<>();
    plan.add(new Configuration(BASE, "the run's own model", Map.of()));
    if (settings.seedRules()) {
      String passed = learned.path("clinical_tests_passed").asText("");
      if (passed.startsWith("2/")) {
        plan.add(
            rule(
                "aux-weight-0.2",
                "clinical tests " + passed + ": auxiliary weight 0.1 to 0.2",
                Map.of("agent.aux-weight", 0.2)));
      }
      int actions = learned.path("actions_used").asInt(9);
      if (actions < 7) {
        plan.add(
            rule(
                "entropy-0.5",
                actions + " of 9 actions used: entropy weight 0.3 to 0.5",
                Map.of("agent.entropy-weight", 0.5)));
      }
      JsonNode wdr = learned.path("wdr");
      if (!learned.path("wdr_valid").asBoolean(false) || !wdr.isNumber() || wdr.asDouble() < 6) {
        Map<String, Object> settingsOf = new LinkedHashMap<>();
        settingsOf.put("agent.expectile", 0.8);
        settingsOf.put("agent.hidden-sizes", List.of(512, 512, 256));
        plan.add(
            rule(
                "expectile-0.8-wide",
                "test WDR "
                    + (wdr.isNumber() ? String.format("%.2f", wdr.asDouble()) : "withheld")
                    + " below 6: expectile 0.8, hidden sizes [512, 512, 256]",
                settingsOf));
      }
    }
    plan.addAll(settings.grid());
    return plan;
  }

  private static Configuration rule(String name, String why, Map<String, Object> settings) {
    return new Configuration(name, "seed rule: " + why, settings);
  }
}
