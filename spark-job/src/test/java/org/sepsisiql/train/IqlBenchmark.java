package org.sepsisiql.train;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.IqlNetwork;
import org.sepsisiql.agent.IqlUpdate;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.config.ConfigLoader;

/**
 * Not a test: full IQL updates per second (targets from both networks, fit, Polyak) with the
 * default network (41-256-256-128, four heads) at batch 1024 on random data, in one JVM. Also times
 * the parts (targets, fit, Polyak) and a plain dense forward+backward for the layer-norm overhead.
 * Run: {@code mvn -q test-compile exec:java} or from an IDE; args: [steps].
 */
public final class IqlBenchmark {
  private IqlBenchmark() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    AgentSettings settings = AgentSettings.from(ConfigLoader.defaults());
    int batch = 1024;
    Transitions data = SyntheticBenchData.create(200_000, 41);
    ComputationGraph online = IqlNetwork.create(settings, 41, 1);
    ComputationGraph target = online.clone();
    IqlUpdate update = new IqlUpdate(settings);
    SeededRandom random = new SeededRandom(3);
    int[] rows = new int[batch];
    System.out.printf("parameters: %,d%n", online.numParams());
    for (int i = 0; i < 20; i++) {
      update.step(online, target, next(data, rows, random));
    }
    long gather = 0;
    long targets = 0;
    long fit = 0;
    long polyak = 0;
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      long t0 = System.nanoTime();
      Transitions.Batch b = next(data, rows, random);
      long t1 = System.nanoTime();
      var labelled = update.labelled(online, target, b);
      long t2 = System.nanoTime();
      online.fit(labelled);
      long t3 = System.nanoTime();
      IqlUpdate.polyak(target, online, settings.targetUpdateRate());
      long t4 = System.nanoTime();
      gather += t1 - t0;
      targets += t2 - t1;
      fit += t3 - t2;
      polyak += t4 - t3;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "dl4j %s threads=%s: %,.0f transitions/s (%.2f ms/update)%n",
        "1.0.0-M2",
        System.getenv().getOrDefault("OMP_NUM_THREADS", "default"),
        steps * batch / seconds,
        seconds / steps * 1e3);
    System.out.printf(
        "  per update: gather %.2f ms, targets %.2f ms, fit %.2f ms, polyak %.2f ms%n",
        gather / 1e6 / steps, targets / 1e6 / steps, fit / 1e6 / steps, polyak / 1e6 / steps);
    gemm();
  }

  private static Transitions.Batch next(Transitions data, int[] rows, SeededRandom random) {
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextInt(data.size());
    }
    return data.gather(rows, 0, rows.length, DataType.FLOAT);
  }

  private static void gemm() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 2048, 2048);
    INDArray b = Nd4j.rand(DataType.FLOAT, 2048, 2048);
    for (int i = 0; i < 3; i++) {
      a.mmul(b);
    }
    int k = 10;
    long start = System.nanoTime();
    for (int i = 0; i < k; i++) {
      a.mmul(b);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("sgemm 2048^3: %.1f GFLOP/s%n", 2.0 * Math.pow(2048, 3) * k / seconds / 1e9);
  }

  /** Random transitions for the benchmark. */
  static final class SyntheticBenchData {
    private SyntheticBenchData() {}

    static Transitions create(int n, int features) {
      Random random = new Random(0);
      float[] s = new float[n * features];
      float[] s2 = new float[n * features];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) random.nextGaussian();
        s2[i] = (float) random.nextGaussian();
      }
      int[] a = new int[n];
      float[] r = new float[n];
      boolean[] d = new boolean[n];
      float[] map = new float[n];
      float[] lac = new float[n];
      float[] ones = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = random.nextInt(9);
        r[i] = (float) random.nextGaussian();
        d[i] = random.nextDouble() < 0.05;
        map[i] = (float) random.nextGaussian();
        lac[i] = (float) random.nextGaussian();
        ones[i] = 1f;
      }
      return new Transitions(features, s, a, r, d, s2, map, lac, ones, ones.clone());
    }
  }
}
