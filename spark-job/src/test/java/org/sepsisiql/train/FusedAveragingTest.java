package org.sepsisiql.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.BlasThreads;
import org.sepsisiql.agent.FusedIqlUpdate;
import org.sepsisiql.agent.IqlNetwork;
import org.sepsisiql.agent.RandomTransitions;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.testing.TestSpark;

/**
 * The Spark trainer's fused workers ({@link FusedAveragingMaster}, {@link FusedIqlWorker}) inside
 * DL4J's parameter averaging: a round on one worker (averaging the one worker's result is the
 * identity) must leave exactly the parameters, Adam state and loss of the fused update run in one
 * JVM on the same minibatches with the round's target network held still; with two workers, the
 * average of what each worker fits. Minibatches survive packing unchanged.
 */
class FusedAveragingTest {
  private static final int FEATURES = 7;
  private static final int BATCH = 32;
  private static final long ROUND_SEED = 77;

  private final AgentSettings settings =
      AgentSettings.from(
          com.typesafe.config.ConfigFactory.parseString(
                  "sepsis-iql.agent { hidden-sizes = [24, 16, 12], gradient-clip = 0.5 }")
              .withFallback(ConfigLoader.defaults())
              .resolve());

  @Test
  void packedMinibatchesUnpackToTheSameTransitions() {
    Transitions t = RandomTransitions.create(50, FEATURES, 3);
    int[] order = t.identity();
    new SeededRandom(5).shuffle(order);
    Transitions back = PackedMinibatch.unpack(PackedMinibatch.pack(t, order, 10, 30));
    assertEquals(20, back.size());
    for (int k = 0; k < 20; k++) {
      int i = order[10 + k];
      assertEquals(t.actions()[i], back.actions()[k]);
      assertEquals(t.rewards()[i], back.rewards()[k]);
      assertEquals(t.done()[i], back.done()[k]);
      assertEquals(t.nextMap()[i], back.nextMap()[k]);
      assertEquals(t.auxMaskLactate()[i], back.auxMaskLactate()[k]);
      for (int j = 0; j < FEATURES; j++) {
        assertEquals(t.states()[i * FEATURES + j], back.states()[k * FEATURES + j]);
        assertEquals(t.nextStates()[i * FEATURES + j], back.nextStates()[k * FEATURES + j]);
      }
    }
  }

  @Test
  void oneWorkersRoundIsTheFusedUpdateWithTheTargetHeldStill() throws Exception {
    Transitions data = RandomTransitions.create(150, FEATURES, 8);
    ComputationGraph online = IqlNetwork.create(settings, FEATURES, 11);
    ComputationGraph target = IqlNetwork.create(settings, FEATURES, 12);
    ComputationGraph expectedOnline = online.clone();
    ComputationGraph expectedTarget = target.clone();
    int blasThreads = BlasThreads.current();

    Expected expected = fitInOneJvm(List.of(data), expectedOnline, expectedTarget);
    Round round = fitWithSpark(List.of(data), 1, online, target);

    assertEquals(5, round.fit().minibatches(), "150 transitions in minibatches of 32");
    assertClose(expectedOnline.params(), round.online().params(), "online parameters");
    assertClose(
        expectedOnline.getUpdater().getStateViewArray(),
        round.online().getUpdater().getStateViewArray(),
        "Adam moments");
    assertEquals(expected.meanLoss(), round.fit().loss(), 1e-5 * expected.meanLoss(), "loss");
    assertArrayEquals(
        expectedTarget.params().toFloatVector(),
        target.params().toFloatVector(),
        "the round does not move the target network");
    assertEquals(blasThreads, BlasThreads.current(), "OpenBLAS threads restored");
  }

  @Test
  void twoWorkersAverageWhatEachFits() throws Exception {
    Transitions first = RandomTransitions.create(96, FEATURES, 21);
    Transitions second = RandomTransitions.create(96, FEATURES, 22);
    ComputationGraph online = IqlNetwork.create(settings, FEATURES, 13);
    ComputationGraph target = IqlNetwork.create(settings, FEATURES, 14);
    ComputationGraph a = online.clone();
    ComputationGraph b = online.clone();
    fitInOneJvm(List.of(first), a, target.clone(), 0);
    fitInOneJvm(List.of(second), b, target.clone(), 1);

    Round round = fitWithSpark(List.of(first, second), 2, online, target);

    INDArray mean = a.params().add(b.params()).divi(2);
    assertClose(mean, round.online().params(), "averaged parameters");
    INDArray meanMoments =
        a.getUpdater().getStateViewArray().add(b.getUpdater().getStateViewArray()).divi(2);
    assertClose(meanMoments, round.online().getUpdater().getStateViewArray(), "averaged Adam");
  }

  private record Expected(double meanLoss) {}

  private record Round(AveragingRound.Fit fit, ComputationGraph online) {}

  private Expected fitInOneJvm(
      List<Transitions> partitions, ComputationGraph online, ComputationGraph target) {
    return fitInOneJvm(partitions, online, target, 0);
  }

  /** The fused update on the minibatches the round samples from partition {@code partition}. */
  private Expected fitInOneJvm(
      List<Transitions> partitions,
      ComputationGraph online,
      ComputationGraph target,
      int partition) {
    Iterator<TransitionBlock> blocks =
        partitions.stream().map(TransitionBlock::of).toList().iterator();
    Iterator<MultiDataSet> batches =
        new RoundMinibatches(BATCH, 1.0, ROUND_SEED).call(partition, blocks);
    FusedIqlUpdate update = new FusedIqlUpdate(settings, online, target);
    double loss = 0;
    int steps = 0;
    while (batches.hasNext()) {
      Transitions t = PackedMinibatch.unpack(batches.next());
      loss += update.fit(t, t.identity(), 0, t.size());
      steps++;
    }
    update.storeOnlineInto(online);
    return new Expected(loss / steps);
  }

  private Round fitWithSpark(
      List<Transitions> partitions, int workers, ComputationGraph online, ComputationGraph target) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    List<TransitionBlock> blocks = new ArrayList<>();
    partitions.forEach(t -> blocks.add(TransitionBlock.of(t)));
    JavaRDD<TransitionBlock> rdd = jsc.parallelize(blocks, workers);
    SparkTrainSettings spark = new SparkTrainSettings(1, 1.0, 1, 10, workers, 2, Double.NaN);
    FusedAveragingMaster master =
        new FusedAveragingMaster(SparkIqlTrainer.averaging(workers, BATCH, spark, 1), settings);
    SparkComputationGraph network = new SparkComputationGraph(jsc, online, master);
    AveragingRound.Fit fit =
        AveragingRound.fit(
            network, target, rdd, new AveragingRound.Unlabelled(master, BATCH, 1.0), ROUND_SEED, 1);
    return new Round(fit, network.getNetwork());
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    float[] e = expected.toFloatVector();
    float[] a = actual.toFloatVector();
    assertEquals(e.length, a.length, what + " length");
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
    }
    assertTrue(worst <= 1e-6, what + ": largest difference " + worst);
  }
}
