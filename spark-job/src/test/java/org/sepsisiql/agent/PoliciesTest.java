package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoliciesTest {
  @Test
  void softmaxFollowsQOverTemperature() {
    double[] p = Policies.softmax(new double[] {0, Math.log(2) * 3, 0}, 3.0);
    assertEquals(0.25, p[0], 1e-12, "exp(0) / 4");
    assertEquals(0.5, p[1], 1e-12, "exp(ln 2) / 4");
  }

  @Test
  void advantageWeightingReweighsTheBehavior() {
    double[] behavior = {0.5, 0.25, 0.25};
    double[] q = {1.0, 1.0 + Math.log(2), 1.0};
    double[] p = Policies.advantageWeighted(behavior, q, 1.0, 1.0);
    assertEquals(0.4, p[0], 1e-12, "0.5 * 1 / 1.25");
    assertEquals(0.4, p[1], 1e-12, "0.25 * 2 / 1.25");
    assertEquals(0.2, p[2], 1e-12, "0.25 * 1 / 1.25");
  }

  @Test
  void advantageWeightingKeepsActionsTheBehaviorNeverTakes() {
    double[] p = Policies.advantageWeighted(new double[] {1, 0}, new double[] {0, 100}, 0, 1);
    assertEquals(0.0, p[1], 0.0, "pi_b = 0 stays 0 whatever its advantage");
    assertThrows(
        IllegalArgumentException.class,
        () -> Policies.advantageWeighted(new double[] {0, 0}, new double[] {0, 0}, 0, 1),
        "all-zero behavior has no policy");
  }
}
