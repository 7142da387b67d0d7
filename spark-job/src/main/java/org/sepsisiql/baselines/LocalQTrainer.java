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
    for (int k = 1; ; k++) {
      long started = System.nanoTime();
      if (kind.iterated()) {
        target.params().assign(online.params());
      }
      double loss = epochs(kind, online, target, ledger.targets(), trainSet, random);
      if (ledger.close(k, online, target, loss, (System.nanoTime() - started) / 1e9)) {
        return ledger.result();
      }
    }
  }

  /**
   * One epoch (neural fitted Q iteration: {@code fqi-epochs-per-iteration} epochs on fixed targets)
   * of minibatch steps; returns the mean training loss.
   */
  private double epochs(
      BaselineKind kind,
      ComputationGraph online,
      ComputationGraph target,
      QTargets targets,
      Transitions trainSet,
      SeededRandom random) {
    DataType type = online.params().dataType();
    int passes = kind.iterated() ? settings.epochsPerIteration() : 1;
    double lossSum = 0;
    int batches = 0;
    for (int pass = 0; pass < passes; pass++) {
      int[] order = trainSet.identity();
      random.shuffle(order);
      for (int from = 0; from < order.length; from += settings.batchSize()) {
        int to = Math.min(order.length, from + settings.batchSize());
        online.fit(targets.labelled(online, target, trainSet.gather(order, from, to, type)));
        lossSum += online.score();
        batches++;
        if (!kind.iterated()) {
          IqlUpdate.polyak(target, online, settings.targetUpdateRate());
        }
      }
    }
    return lossSum / batches;
  }
}
