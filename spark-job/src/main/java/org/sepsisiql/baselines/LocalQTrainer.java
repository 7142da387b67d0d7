package org.sepsisiql.baselines;

import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.sepsisiql.agent.IqlUpdate;
import org.sepsisiql.agent.QNetwork;
import org.sepsisiql.agent.QTargets;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.train.SeededRandom;

/**
 * A Q-learning baseline in one JVM (BASELINES.md). Each epoch visits the train transitions once in
 * an order shuffled by the run's seeded random; each minibatch gets its TD targets from the current
 * networks ({@link QTargets}) and one Adam step ({@code ComputationGraph.fit}). The DQNs move the
 * target network toward the online one by {@code target-update-rate} after every step; neural
 * fitted Q iteration copies the online network into the target once per iteration and then fits
 * {@code fqi-epochs-per-iteration} epochs on those fixed targets. Cost per epoch: two or three
 * forward passes and one backward pass per train transition, and three forward passes per
 * validation transition.
 */
final class LocalQTrainer implements QNetworkTraining {
  private final QLearningSettings settings;
  private final long seed;
  private final Consumer<String> progress;

  LocalQTrainer(QLearningSettings settings, long seed, Consumer<String> progress) {
    this.settings = settings;
    this.seed = seed;
    this.progress = progress;
  }

  @Override
  public Result train(BaselineKind kind, Data data, Checkpoints checkpoints) {
    Transitions trainSet = data.trainSet();
    if (trainSet == null) {
      throw new IllegalArgumentException("the local trainer needs the train split on the driver");
    }
    ComputationGraph online =
        QNetwork.create(settings.agent(), kind.loss(settings), trainSet.features(), seed);
    ComputationGraph target = online.clone();
    EpochLedger ledger = new EpochLedger(kind, settings, data.validation(), checkpoints, progress);
    SeededRandom random = new SeededRandom(seed ^ kind.key().hashCode());
    DataType type = online.params().dataType();
    int passes = kind.iterated() ? settings.epochsPerIteration() : 1;
    for (int k = 1; ; k++) {
      long started = System.nanoTime();
      if (kind.iterated()) {
        target.params().assign(online.params());
      }
      double lossSum = 0;
      int batches = 0;
      for (int pass = 0; pass < passes; pass++) {
        int[] order = trainSet.identity();
        random.shuffle(order);
        for (int from = 0; from < order.length; from += settings.batchSize()) {
          int to = Math.min(order.length, from + settings.batchSize());
          Transitions.Batch batch = trainSet.gather(order, from, to, type);
          online.fit(ledger.targets().labelled(online, target, batch));
          lossSum += online.score();
          batches++;
          if (!kind.iterated()) {
            IqlUpdate.polyak(target, online, settings.targetUpdateRate());
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (ledger.close(k, online, target, lossSum / batches, seconds)) {
        return ledger.result();
      }
    }
  }
}
