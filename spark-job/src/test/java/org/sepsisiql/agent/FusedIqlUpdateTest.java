package org.sepsisiql.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused update ({@link FusedIqlUpdate}) against DL4J's own step ({@link IqlUpdate}: targets,
 * {@code fit} with the gradient-checked losses and layer, Polyak) from the same networks on the
 * same minibatches: parameters, Adam moments, target network and iteration count agree to float
 * precision after several steps, with clipping binding, weight decay, entropy bonus and masked
 * auxiliary targets all in play.
 */
class FusedIqlUpdateTest {
  private static final int FEATURES = 7;

  @Test
  void severalStepsEqualDl4jsOwnUpdate() {
    AgentSettings settings =
        AgentSettings.from(
            AgentTestSettings.config(
                "sepsis-iql.agent { hidden-sizes = [24, 16, 12], gradient-clip = 0.05,"
                    + " entropy-weight = 0.3, temperature = 0.7, learning-rate = 0.003 }"));
    Transitions data = RandomTransitions.create(96, FEATURES, 5);
    ComputationGraph online = IqlNetwork.create(settings, FEATURES, 11);
    ComputationGraph target = IqlNetwork.create(settings, FEATURES, 12);
    ComputationGraph fusedOnline = online.clone();
    ComputationGraph fusedTarget = target.clone();

    IqlUpdate reference = new IqlUpdate(settings);
    int[] order = data.identity();
    int batch = 32;
    for (int step = 0; step < 6; step++) {
      int from = (step * batch) % data.size();
      reference.step(online, target, data.gather(order, from, from + batch, DataType.FLOAT));
    }
    FusedIqlUpdate fused = new FusedIqlUpdate(settings, fusedOnline, fusedTarget);
    for (int step = 0; step < 6; step++) {
      int from = (step * batch) % data.size();
      fused.step(data, order, from, from + batch);
    }
    fused.storeInto(fusedOnline, fusedTarget);

    assertEquals(6, fused.iteration());
    assertEquals(
        online.getConfiguration().getIterationCount(),
        fusedOnline.getConfiguration().getIterationCount());
    assertClose(online.params(), fusedOnline.params(), "online parameters");
    assertClose(target.params(), fusedTarget.params(), "target parameters");
    assertClose(
        online.getUpdater().getStateViewArray(),
        fusedOnline.getUpdater().getStateViewArray(),
        "Adam moments");
  }

  @Test
  void resumesFromTheGraphsItWroteAsIfNeverStopped() {
    AgentSettings settings = AgentTestSettings.tiny();
    Transitions data = RandomTransitions.create(64, FEATURES, 9);
    int[] order = data.identity();
    ComputationGraph a = IqlNetwork.create(settings, FEATURES, 3);
    ComputationGraph aTarget = a.clone();
    ComputationGraph b = a.clone();
    ComputationGraph bTarget = a.clone();
    FusedIqlUpdate straight = new FusedIqlUpdate(settings, a, aTarget);
    for (int step = 0; step < 4; step++) {
      straight.step(data, order, (step % 2) * 32, (step % 2) * 32 + 32);
    }
    straight.storeInto(a, aTarget);
    for (int step = 0; step < 4; step++) {
      FusedIqlUpdate piece = new FusedIqlUpdate(settings, b, bTarget);
      piece.step(data, order, (step % 2) * 32, (step % 2) * 32 + 32);
      piece.storeInto(b, bTarget);
    }
    assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector());
    assertArrayEquals(aTarget.params().toFloatVector(), bTarget.params().toFloatVector());
  }

  @Test
  void aReloadedUpdateStepsExactlyLikeANewOne() {
    AgentSettings settings = AgentTestSettings.tiny();
    Transitions data = RandomTransitions.create(64, FEATURES, 4);
    int[] order = data.identity();
    ComputationGraph first = IqlNetwork.create(settings, FEATURES, 5);
    FusedIqlUpdate reused = new FusedIqlUpdate(settings, first, first.clone());
    reused.step(data, order, 0, 32);
    ComputationGraph online = IqlNetwork.create(settings, FEATURES, 6);
    ComputationGraph target = IqlNetwork.create(settings, FEATURES, 7);
    new FusedIqlUpdate(settings, online, target).storeInto(online, target);
    ComputationGraph freshOnline = online.clone();
    ComputationGraph freshTarget = target.clone();

    reused.reload(online, target);
    reused.fit(data, order, 32, 64);
    reused.storeInto(online, target);
    FusedIqlUpdate fresh = new FusedIqlUpdate(settings, freshOnline, freshTarget);
    fresh.fit(data, order, 32, 64);
    fresh.storeInto(freshOnline, freshTarget);

    assertArrayEquals(freshOnline.params().toFloatVector(), online.params().toFloatVector());
    assertArrayEquals(
        freshOnline.getUpdater().getStateViewArray().toFloatVector(),
        online.getUpdater().getStateViewArray().toFloatVector());
    assertArrayEquals(freshTarget.params().toFloatVector(), target.params().toFloatVector());
    assertEquals(fresh.iteration(), reused.iteration());
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    float[] e = expected.toFloatVector();
    float[] a = actual.toFloatVector();
    assertEquals(e.length, a.length, what + " length");
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < e.length; i++) {
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
      scale = Math.max(scale, Math.abs(e[i]));
    }
    assertTrue(
        worst <= 2e-5 * Math.max(1, scale),
        what + ": largest difference " + worst + " (scale " + scale + ")");
  }
}
