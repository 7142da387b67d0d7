package org.sepsisiql.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.Policies;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.config.ConfigLoader;

/** The local trainer's mechanics on a tiny network: seeding, resume, learning an obvious task. */
class LocalIqlTrainerTest {
  @TempDir Path dir;

  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(
            ConfigFactory.parseString(
                "sepsis-iql { agent.hidden-sizes = [16, 16, 8], train { batch-size = 32,"
                    + " max-epochs = 4, patience = 100, keep-checkpoints = 2 } }"))
        .withFallback(ConfigLoader.defaults())
        .resolve();
  }

  private Trainer.Outcome train(
      Config config, String folder, boolean resume, Trainer.EpochListener listener)
      throws IOException {
    Transitions trainSet = SyntheticTransitions.create(300, 1);
    Transitions validation = SyntheticTransitions.create(100, 2);
    Configuration hadoop = new Configuration();
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.resolve(folder).toUri());
    CheckpointStore store = new CheckpointStore(FileSystem.getLocal(hadoop), root, 2);
    MetricsWriter metrics =
        new MetricsWriter(new org.apache.hadoop.fs.Path(root, "metrics"), hadoop);
    List<String> lines = new ArrayList<>();
    return new LocalIqlTrainer(
            AgentSettings.from(config), TrainSettings.from(config), 7, lines::add)
        .train(
            new Trainer.Data(null, trainSet, null, validation),
            new Trainer.Run(store, metrics, resume, listener));
  }

  private ComputationGraph latestOnline(String folder) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.resolve(folder).toUri());
    try {
      return new CheckpointStore(FileSystem.getLocal(new Configuration()), root, 2)
          .latest()
          .orElseThrow()
          .online();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sameSeedAndDataGiveIdenticalParameters() throws IOException {
    Config config = config("");
    train(config, "a", false, row -> {});
    train(config, "b", false, row -> {});
    assertEquals(
        latestOnline("a").params(), latestOnline("b").params(), "same seed, same parameters");
  }

  @Test
  void resumedRunEndsWithTheParametersOfAnUninterruptedOne() throws IOException {
    Config config = config("");
    train(config, "whole", false, row -> {});
    assertThrows(
        IllegalStateException.class,
        () ->
            train(
                config,
                "killed",
                false,
                row -> {
                  if (row.epoch() == 2) {
                    throw new IllegalStateException("killed after epoch 2");
                  }
                }),
        "the simulated kill propagates");
    Trainer.Outcome resumed = train(config, "killed", true, row -> {});
    assertEquals(4, resumed.epochs(), "resumed run finishes the remaining epochs");
    ComputationGraph whole = latestOnline("whole");
    ComputationGraph again = latestOnline("killed");
    assertEquals(whole.params(), again.params(), "parameters equal to the uninterrupted run");
    assertEquals(
        whole.getUpdater().getStateViewArray(),
        again.getUpdater().getStateViewArray(),
        "Adam state equal to the uninterrupted run");
    assertTrue(
        Files.exists(dir.resolve("killed/metrics/epoch-00004.parquet")), "metrics row of epoch 4");
  }

  @Test
  void resumeWithoutCheckpointIsAClearError() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> train(config(""), "none", true, row -> {}),
            "resume needs a checkpoint");
    assertTrue(error.getMessage().contains("nothing to resume"), error.getMessage());
  }

  @Test
  void trainedPolicyPrefersTheObviouslyBestAction() throws IOException {
    Config config =
        config(
            "sepsis-iql { train { max-epochs = 40 }, agent { learning-rate = 3e-3,"
                + " entropy-weight = 0.01, temperature = 0.3 } }");
    train(config, "task", false, row -> {});
    ComputationGraph network =
        new CheckpointStore(
                FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(dir.resolve("task").resolve("best").toUri()),
                1)
            .readNetwork(
                new org.apache.hadoop.fs.Path(dir.resolve("task/best/model.zip").toUri()), false);
    float[] positive = new float[SyntheticTransitions.FEATURES];
    positive[0] = 1f;
    float[] negative = positive.clone();
    negative[0] = -1f;
    double[] qPositive = q(network, positive);
    double[] qNegative = q(network, negative);
    double[] pPositive = Policies.softmax(qPositive, 0.3);
    double[] pNegative = Policies.softmax(qNegative, 0.3);
    assertEquals(2, argmax(pPositive), "positive feature: action 2 is best, Q = " + str(qPositive));
    assertEquals(6, argmax(pNegative), "negative feature: action 6 is best, Q = " + str(qNegative));
  }

  private static double[] q(ComputationGraph network, float[] state) {
    return network
        .output(false, Nd4j.create(state, new long[] {1, state.length}).castTo(DataType.FLOAT))[0]
        .toDoubleVector();
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static String str(double[] values) {
    return java.util.Arrays.toString(values);
  }
}
