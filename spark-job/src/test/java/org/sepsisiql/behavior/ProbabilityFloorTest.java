package org.sepsisiql.behavior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProbabilityFloorTest {
  private final ProbabilityFloor floor = new ProbabilityFloor(1e-3);

  @Test
  void leavesDistributionsAboveTheFloorAlone() {
    double[] p = {0.2, 0.3, 0.5};
    assertArrayEquals(p, floor.apply(p), 1e-15, "nothing to floor");
  }

  @Test
  void floorsSmallEntriesAndRenormalizesTheRest() {
    double[] p = {0.0, 1e-6, 0.5, 0.499999};
    double[] q = floor.apply(p);
    assertEquals(1.0, Arrays.stream(q).sum(), 1e-12, "sums to 1");
    assertEquals(1e-3, q[0], 0, "floored exactly");
    assertEquals(1e-3, q[1], 0, "floored exactly");
    assertEquals(p[2] / p[3], q[2] / q[3], 1e-12, "ratios of unfloored entries kept");
  }

  @Test
  void cascadesWhenRenormalizingPushesAnotherEntryBelow() {
    ProbabilityFloor wide = new ProbabilityFloor(0.1);
    double[] q = wide.apply(new double[] {0.0, 0.0, 0.0, 0.105, 0.895});
    assertEquals(1.0, Arrays.stream(q).sum(), 1e-12, "sums to 1");
    for (double value : q) {
      assertTrue(value >= 0.1, "every entry at least the floor: " + Arrays.toString(q));
    }
  }

  @Test
  void refusesAFloorThatCannotFit() {
    ProbabilityFloor large = new ProbabilityFloor(0.2);
    assertThrows(IllegalArgumentException.class, () -> large.apply(new double[9]), "9 x 0.2 > 1");
  }
}
