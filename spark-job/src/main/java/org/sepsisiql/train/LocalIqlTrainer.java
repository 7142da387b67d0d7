package org.sepsisiql.train;

import java.util.function.Consumer;
import org.apache.commons.codec.digest.DigestUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.FusedIqlUpdate;
import org.sepsisiql.agent.IqlEvaluation;
import org.sepsisiql.agent.IqlNetwork;
import org.sepsisiql.agent.IqlUpdate;
import org.sepsisiql.agent.Transitions;

/**
 * Exact per-minibatch IQL in one JVM (DESIGN.md section 6, the {@code local} trainer).
 *
 * <p>Each epoch visits the train transitions once in an order shuffled by the run's {@link
 * SeededRandom}; each minibatch gets fresh stop-gradient targets from the current networks, one
 * Adam step and a Polyak update ({@link FusedIqlUpdate} in single precision on the CPU, else {@link
 * IqlUpdate}: the same update). After each epoch: validation metrics ({@link IqlEvaluation}), a
 * metrics row, a checkpoint, and early stopping on the validation criterion (TD loss + V loss) with
 * patience. Because the random state, counters, optimizer state and both networks are checkpointed,
 * a run resumed from epoch k ends with the same parameters as one never interrupted. Cost per
 * epoch: about four passes of the network per train transition plus three per validation
 * transition; memory: both splits as primitive arrays.
 */
public final class LocalIqlTrainer implements Trainer {
  private final AgentSettings agent;
  private final TrainSettings train;
  private final long runSeed;
  private final Consumer<String> progress;

  public LocalIqlTrainer(
      AgentSettings agent, TrainSettings train, long runSeed, Consumer<String> progress) {
    this.agent = agent;
    this.train = train;
    this.runSeed = runSeed;
    this.progress = progress;
  }

  @Override
  public Outcome train(Data data, Run run) {
    if (data.trainSet() == null) {
      throw new IllegalArgumentException("the local trainer needs the train split on the driver");
    }
    return train(
        data.trainSet(),
        data.validation(),
        run.store(),
        run.metrics(),
        run.resume(),
        run.listener());
  }

  private Outcome train(
      Transitions trainSet,
      Transitions validation,
      CheckpointStore store,
      MetricsWriter metrics,
      boolean resume,
      EpochListener listener) {
    String fingerprint = fingerprint(trainSet, validation);
    TrainingRun run =
        resume
            ? TrainingRun.resume(store, fingerprint, progress)
            : TrainingRun.start(agent, trainSet.features(), runSeed, fingerprint);
    IqlUpdate update = new IqlUpdate(agent);
    IqlEvaluation evaluation = new IqlEvaluation(agent);
    DataType type = IqlNetwork.dataType(agent);
    TrainingState state = run.state();
    while (state.epoch() < train.maxEpochs()
        && state.epochsWithoutImprovement() < train.patience()) {
      long started = System.nanoTime();
      SeededRandom random = new SeededRandom(state.randomState());
      int[] order = trainSet.identity();
      random.shuffle(order);
      double lossSum = 0;
      int batches = 0;
      FusedIqlUpdate fused =
          FusedIqlUpdate.supports(agent)
              ? new FusedIqlUpdate(agent, run.online(), run.target())
              : null;
      for (int from = 0; from < order.length; from += train.batchSize()) {
        int to = Math.min(order.length, from + train.batchSize());
        lossSum +=
            fused != null
                ? fused.step(trainSet, order, from, to)
                : update.step(run.online(), run.target(), trainSet.gather(order, from, to, type));
        batches++;
      }
      if (fused != null) {
        fused.storeInto(run.online(), run.target());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      IqlEvaluation.Metrics validationMetrics =
          evaluation.evaluate(run.online(), run.target(), validation, train.evalBatchSize());
      state = advance(state, random, batches, validationMetrics.criterion());
      boolean best = state.bestEpoch() == state.epoch();
      if (best) {
        store.saveBest(run.online(), run.target());
      }
      EpochMetrics row =
          new EpochMetrics(
              state.epoch(),
              state.step(),
              lossSum / batches,
              validationMetrics,
              trainSet.size() / seconds,
              best,
              0);
      metrics.write(row);
      store.save(state, run.online(), run.target());
      report(row, seconds);
      listener.afterCheckpoint(row);
    }
    return new Outcome(
        state.epoch(),
        state.step(),
        state.bestEpoch(),
        state.bestCriterion(),
        state.epochsWithoutImprovement() >= train.patience());
  }

  private TrainingState advance(
      TrainingState state, SeededRandom random, int batches, double criterion) {
    int epoch = state.epoch() + 1;
    return state.next(epoch, batches, random.state(), criterion, train.minImprovement(), epoch, 0);
  }

  /**
   * Identifies settings, seed and data sizes; max-epochs may change between a run and its resume.
   */
  private String fingerprint(Transitions trainSet, Transitions validation) {
    String text =
        agent
            + "|"
            + train.batchSize()
            + "|"
            + runSeed
            + "|"
            + trainSet.size()
            + "|"
            + validation.size()
            + "|"
            + trainSet.features();
    return DigestUtils.sha256Hex(text);
  }

  private void report(EpochMetrics row, double seconds) {
    IqlEvaluation.Metrics v = row.validation();
    int remaining = train.maxEpochs() - row.epoch();
    progress.accept(
        String.format(
            "epoch %d: train loss %.4f | val TD %.4f V %.4f MAP %.4f lactate %.4f entropy %.3f"
                + " | %,.0f examples/s | at most %.0f s left%s",
            row.epoch(),
            row.trainLoss(),
            v.tdLoss(),
            v.vLoss(),
            v.mapLoss(),
            v.lactateLoss(),
            v.entropy(),
            row.examplesPerSecond(),
            remaining * seconds,
            row.best() ? " (best)" : ""));
  }
}
