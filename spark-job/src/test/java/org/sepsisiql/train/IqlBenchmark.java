package org.sepsisiql.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.FusedIqlUpdate;
import org.sepsisiql.agent.IqlNetwork;
import org.sepsisiql.agent.IqlUpdate;
import org.sepsisiql.agent.Nd4jBackend;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.config.ConfigLoader;

/**
 * Not a test: full IQL updates per second (targets from both networks, the update, Polyak) with the
 * default network (41-256-256-128, four heads) at batch 1024 on random data, beside the PyTorch
 * peer ({@code ../shared/bench/iql_torch_peer.py 1}) in the same run. The machine's speed drifts by
 * tens of percent within minutes, so the two sides alternate for several rounds and the ratio
 * printed last is the median of the rounds' ratios. The project's figure is the update the local
 * trainer runs ({@link FusedIqlUpdate}); DL4J's own {@code fit} of the same network ({@link
 * IqlUpdate}, which the Spark trainer's workers run) is printed once for reference.
 *
 * <p>Args: [steps per round, default 150] [rounds, default 5]. The peer runs when {@code
 * /usr/bin/python3} can import torch; nothing is installed. Its command can be changed with {@code
 * -Diql-benchmark.peer="..."}, or skipped with {@code none}.
 *
 * <p>The peer inherits this JVM's environment, so both sides run under the same variables; {@code
 * deploy/local/benchmark iql} sets {@code OMP_NUM_THREADS=1} unless the caller set it, because the
 * peer's thread argument reaches PyTorch's own pool only and its OpenBLAS otherwise multiplies on
 * every core (AGENT.md, "Where the time goes").
 */
public final class IqlBenchmark {
  private static final int BATCH = 1024;
  private static final Pattern RATE = Pattern.compile("([\\d,]+) transitions/s \\(([\\d.]+) ms");
  private static final Pattern GEMM = Pattern.compile("sgemm 2048\\^3: ([\\d.]+) GFLOP/s");

  private IqlBenchmark() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 150;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    AgentSettings settings = AgentSettings.from(ConfigLoader.defaults());
    Transitions data = SyntheticBenchData.create(200_000, 41);
    ComputationGraph online = IqlNetwork.create(settings, 41, 1);
    ComputationGraph target = online.clone();
    System.out.printf(
        "network: %,d parameters, batch %d, both sides with OMP_NUM_THREADS=%s,"
            + " OPENBLAS_CORETYPE=%s%n",
        online.numParams(),
        BATCH,
        System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
        System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
    Peer peer = Peer.find();
    System.out.println("peer: " + peer.description());
    Step update = projectUpdate(settings, data, online, target);
    System.out.println("project: " + update.description() + ", ND4J " + Nd4jBackend.describe());
    int[] order = randomOrder(data, BATCH * (steps + 20));
    run(update, order, 0, 20);
    for (int i = 0; i < 4; i++) {
      run(update, order, 0, 20);
    }
    List<Double> ratios = new ArrayList<>();
    double peerGemm = Double.NaN;
    for (int round = 1; round <= rounds; round++) {
      double seconds = run(update, order, 20, steps);
      double project = steps * BATCH / seconds;
      String line =
          String.format(
              "round %d: project %,.0f transitions/s (%.2f ms/update)",
              round, project, seconds / steps * 1e3);
      if (peer.available()) {
        PeerResult result = peer.run();
        peerGemm = result.gemm();
        ratios.add(project / result.rate());
        line +=
            String.format(
                " | peer %,.0f transitions/s (%.2f ms/update) | ratio %.2f",
                result.rate(), result.msPerUpdate(), project / result.rate());
      }
      System.out.println(line);
    }
    dl4jFit(settings, data, online.clone(), target.clone(), Math.max(20, steps / 5));
    System.out.printf("project GEMM ceiling (ND4J sgemm 2048^3): %.1f GFLOP/s%n", gemm());
    if (peer.available()) {
      System.out.printf("peer GEMM ceiling (torch sgemm 2048^3): %.1f GFLOP/s%n", peerGemm);
      ratios.sort(Double::compare);
      System.out.printf("ratio to peer: %.2f%n", ratios.get(ratios.size() / 2));
    } else {
      System.out.println("ratio to peer: n/a (" + peer.description() + ")");
    }
  }

  /** One update of the project on the minibatch {@code order[from..to)}. */
  interface Step {
    void step(int[] order, int from, int to);

    String description();
  }

  /**
   * The update the local trainer runs on this backend: the fused update on the CPU, DL4J's own
   * {@code fit} where the fused update is not available (the CUDA backend, deploy/gpu/check.sh).
   */
  static Step projectUpdate(
      AgentSettings settings, Transitions data, ComputationGraph online, ComputationGraph target) {
    if (FusedIqlUpdate.supports(settings)) {
      FusedIqlUpdate fused = new FusedIqlUpdate(settings, online, target);
      return new Step() {
        public void step(int[] order, int from, int to) {
          fused.step(data, order, from, to);
        }

        public String description() {
          return "the local trainer's fused update";
        }
      };
    }
    IqlUpdate dl4j = new IqlUpdate(settings);
    return new Step() {
      public void step(int[] order, int from, int to) {
        int[] rows = java.util.Arrays.copyOfRange(order, from, to);
        dl4j.step(online, target, data.gather(rows, 0, rows.length, IqlNetwork.dataType(settings)));
      }

      public String description() {
        return "DL4J's fit (the fused update needs ND4J's CPU backend)";
      }
    };
  }

  private static double run(Step update, int[] order, int first, int steps) {
    long start = System.nanoTime();
    for (int i = first; i < first + steps; i++) {
      update.step(order, i * BATCH, (i + 1) * BATCH);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Transitions per second of the local trainer's update on the benchmark's data, one JVM. */
  static double oneJvmRate(int steps) {
    AgentSettings settings = AgentSettings.from(ConfigLoader.defaults());
    Transitions data = SyntheticBenchData.create(200_000, 41);
    ComputationGraph online = IqlNetwork.create(settings, 41, 1);
    Step update = projectUpdate(settings, data, online, online.clone());
    int[] order = randomOrder(data, BATCH * (steps + 20));
    run(update, order, 0, 20);
    return steps * BATCH / run(update, order, 20, steps);
  }

  private static int[] randomOrder(Transitions data, int length) {
    SeededRandom random = new SeededRandom(5);
    int[] order = new int[length];
    for (int i = 0; i < length; i++) {
      order[i] = random.nextInt(data.size());
    }
    return order;
  }

  /** DL4J's own fit of the same update, for reference (the Spark trainer's workers run it). */
  private static void dl4jFit(
      AgentSettings settings,
      Transitions data,
      ComputationGraph online,
      ComputationGraph target,
      int steps) {
    IqlUpdate update = new IqlUpdate(settings);
    SeededRandom random = new SeededRandom(3);
    int[] rows = new int[BATCH];
    for (int i = 0; i < 5; i++) {
      update.step(online, target, next(data, rows, random));
    }
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      update.step(online, target, next(data, rows, random));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "reference, DL4J fit of the same update: %,.0f transitions/s (%.2f ms/update)%n",
        steps * BATCH / seconds, seconds / steps * 1e3);
  }

  private static Transitions.Batch next(Transitions data, int[] rows, SeededRandom random) {
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextInt(data.size());
    }
    return data.gather(rows, 0, rows.length, DataType.FLOAT);
  }

  private static double gemm() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 2048, 2048);
    INDArray b = Nd4j.rand(DataType.FLOAT, 2048, 2048);
    INDArray c = Nd4j.create(DataType.FLOAT, 2048, 2048);
    for (int i = 0; i < 3; i++) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
    int k = 10;
    long start = System.nanoTime();
    for (int i = 0; i < k; i++) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
    Nd4j.getExecutioner().commit();
    double seconds = (System.nanoTime() - start) / 1e9;
    return 2.0 * Math.pow(2048, 3) * k / seconds / 1e9;
  }

  record PeerResult(double rate, double msPerUpdate, double gemm) {}

  /** The PyTorch peer as a separate process, when its interpreter can import torch. */
  record Peer(List<String> command, String description) {
    boolean available() {
      return command != null;
    }

    static Peer find() throws IOException, InterruptedException {
      String configured = System.getProperty("iql-benchmark.peer");
      if ("none".equals(configured)) {
        return new Peer(null, "not run: -Diql-benchmark.peer=none");
      }
      Path script = Path.of("..", "shared", "bench", "iql_torch_peer.py");
      List<String> command =
          configured != null
              ? List.of("bash", "-c", configured)
              : List.of("/usr/bin/python3", script.toString(), "1");
      if (configured == null && !Files.isRegularFile(script)) {
        return new Peer(null, "not run: " + script.toAbsolutePath().normalize() + " is missing");
      }
      Process probe =
          new ProcessBuilder("/usr/bin/python3", "-c", "import torch")
              .redirectErrorStream(true)
              .start();
      if (configured == null && probe.waitFor() != 0) {
        return new Peer(
            null,
            "not run: /usr/bin/python3 cannot import torch (apt-get install -y python3-torch"
                + " libopenblas0-pthread; ../shared/bench/README.md)");
      }
      return new Peer(command, String.join(" ", command));
    }

    PeerResult run() throws IOException, InterruptedException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      double rate = Double.NaN;
      double ms = Double.NaN;
      double gemm = Double.NaN;
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          Matcher m = RATE.matcher(line);
          if (m.find()) {
            rate = Double.parseDouble(m.group(1).replace(",", ""));
            ms = Double.parseDouble(m.group(2));
          }
          Matcher g = GEMM.matcher(line);
          if (g.find()) {
            gemm = Double.parseDouble(g.group(1));
          }
        }
      }
      if (process.waitFor() != 0 || Double.isNaN(rate)) {
        throw new IllegalStateException(
            "the peer failed or printed no rate: " + String.join(" ", command));
      }
      return new PeerResult(rate, ms, gemm);
    }
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
