package org.sepsisiql.train;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.FusedIqlUpdate;
import org.sepsisiql.agent.IqlEvaluation;
import org.sepsisiql.agent.IqlNetwork;
import org.sepsisiql.agent.IqlUpdate;
import org.sepsisiql.agent.Transitions;
import org.sepsisiql.spark.JobGroup;

/**
 * IQL across Spark executors with DL4J's parameter averaging (DESIGN.md section 6, the {@code
 * spark} trainer). The target network moves between rounds, so training runs in rounds, each in the
 * job group {@code FIT-ROUND-<n>}:
 *
 * <ol>
 *   <li>broadcast copies of the online and target parameters ({@link NetworkSnapshot});
 *   <li>sample the round's train transitions on the executors into minibatches, persisted for the
 *       round;
 *   <li>fit the online network on them with DL4J's {@link ParameterAveragingTrainingMaster} ({@code
 *       batch-size} per worker, averaging every {@code averaging-frequency} minibatches, Adam state
 *       averaged too), {@code passes-per-round} times;
 *   <li>on the driver: one Polyak update of the target network, validation with {@link
 *       IqlEvaluation} on the driver's copy of the val split (never DL4J's Spark scoring, which
 *       frees the live parameters), a checkpoint and a metrics row, early stopping in rounds.
 * </ol>
 *
 * In single precision on ND4J's CPU backend (the default) the workers run the local trainer's fused
 * update ({@link FusedAveragingMaster}, {@link FusedIqlWorker}): each minibatch is labelled as it
 * is fitted, {@code Q'(s,a)} from the round's target network and {@code V(s')} from the worker's
 * current online network, with OpenBLAS on one thread per task. Otherwise (double precision, the
 * CUDA backend) the minibatches are labelled on the executors from the round's frozen networks
 * ({@link RoundLabeller}) and DL4J's own workers fit them.
 *
 * <p>DL4J is told never to repartition: the minibatches already sit in one partition per worker,
 * where they were built, so no round shuffles them (DL4J's default repartition shuffled them
 * through Kryo, which mixed up a MultiDataSet's label and mask arrays: Q mask [256, 10]).
 *
 * <p>The train split is read once into cached per-partition blocks ({@link TransitionBlock}); a
 * round shuffles each block with a seeded order. Cost per round: two forward passes (targets) and
 * one forward and backward pass per sampled train transition on the executors, DL4J's broadcast and
 * averaging of parameters and Adam state per averaging split, and three forward passes per
 * validation transition on the driver. The target network lags: it moves once per round (see
 * AGENT.md).
 */
public final class SparkIqlTrainer implements Trainer {
  private final SparkSession spark;
  private final AgentSettings agent;
  private final TrainSettings train;
  private final long runSeed;
  private final Consumer<String> progress;

  public SparkIqlTrainer(
      SparkSession spark,
      AgentSettings agent,
      TrainSettings train,
      long runSeed,
      Consumer<String> progress) {
    this.spark = spark;
    this.agent = agent;
    this.train = train;
    this.runSeed = runSeed;
    this.progress = progress;
  }

  /** {@inheritDoc} Epochs and the best epoch count rounds. */
  @Override
  public Outcome train(Data data, Run run) {
    SparkTrainSettings settings = train.spark();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = settings.workers() > 0 ? settings.workers() : jsc.defaultParallelism();
    Transitions validation = data.validation();
    JavaRDD<TransitionBlock> blocks =
        phase(
            spark,
            "TRAIN-LOAD",
            "read the train split into cached blocks",
            () -> {
              JavaRDD<TransitionBlock> rdd =
                  TransitionBlock.fromRows(
                          data.trainRows(), data.scaling(), validation.features(), workers)
                      .persist(StorageLevel.MEMORY_AND_DISK());
              rdd.count();
              return rdd;
            });
    long trainSize = data.trainRows().count();
    String fingerprint = fingerprint(trainSize, validation);
    TrainingRun training =
        run.resume()
            ? TrainingRun.resume(run.store(), fingerprint, progress)
            : TrainingRun.start(agent, validation.features(), runSeed, fingerprint);
    ParameterAveragingTrainingMaster.Builder averaging =
        averaging(workers, train.batchSize(), train.spark(), runSeed);
    ParameterAveragingTrainingMaster master;
    AveragingRound.Minibatches minibatches;
    if (FusedIqlUpdate.supports(agent)) {
      FusedAveragingMaster fused = new FusedAveragingMaster(averaging, agent);
      master = fused;
      minibatches =
          new AveragingRound.Unlabelled(fused, train.batchSize(), settings.sampleFraction());
    } else {
      master = averaging.build();
      minibatches =
          new AveragingRound.Labelling(
              new IqlUpdate(agent),
              IqlNetwork.dataType(agent),
              train.batchSize(),
              settings.sampleFraction());
    }
    SparkComputationGraph network = new SparkComputationGraph(jsc, training.online(), master);
    Rounds rounds =
        new Rounds(
            network, training.target(), blocks, minibatches, validation, run, trainSize, workers);
    TrainingState state = training.state();
    try {
      while (state.round() < settings.maxRounds()
          && state.epochsWithoutImprovement() < train.patience()) {
        int round = state.round() + 1;
        TrainingState before = state;
        state =
            phase(
                spark,
                "FIT-ROUND-" + round,
                "IQL round " + round + ": sample minibatches, fit with parameter averaging",
                () -> rounds.next(before));
      }
    } finally {
      blocks.unpersist(false);
      master.deleteTempFiles(jsc);
    }
    return new Outcome(
        state.round(),
        state.step(),
        state.bestEpoch(),
        state.bestCriterion(),
        state.epochsWithoutImprovement() >= train.patience());
  }

  /**
   * DL4J's parameter averaging as both Spark trainers use it (the agent's and the Q-learning
   * baselines'): Adam state averaged too, the labelled minibatches fitted where they were computed
   * (never repartitioned), seeded.
   */
  public static ParameterAveragingTrainingMaster averagingMaster(
      int workers, int batchSize, SparkTrainSettings settings, long seed) {
    return averaging(workers, batchSize, settings, seed).build();
  }

  static ParameterAveragingTrainingMaster.Builder averaging(
      int workers, int batchSize, SparkTrainSettings settings, long seed) {
    return new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
        .batchSizePerWorker(batchSize)
        .averagingFrequency(settings.averagingFrequency())
        .workerPrefetchNumBatches(settings.prefetch())
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(AveragingRound.MINIBATCH_STORAGE)
        .repartionData(Repartition.Never)
        .rngSeed(seed);
  }

  /** What every round of one training run shares, and one round. */
  private final class Rounds {
    private final SparkComputationGraph network;
    private final ComputationGraph target;
    private final JavaRDD<TransitionBlock> blocks;
    private final AveragingRound.Minibatches minibatches;
    private final Transitions validation;
    private final Run run;
    private final long trainSize;
    private final int workers;
    private final RoundClock clock = new RoundClock(train.spark().maxRounds());

    Rounds(
        SparkComputationGraph network,
        ComputationGraph target,
        JavaRDD<TransitionBlock> blocks,
        AveragingRound.Minibatches minibatches,
        Transitions validation,
        Run run,
        long trainSize,
        int workers) {
      this.network = network;
      this.target = target;
      this.blocks = blocks;
      this.minibatches = minibatches;
      this.validation = validation;
      this.run = run;
      this.trainSize = trainSize;
      this.workers = workers;
    }

    /** Labels, fits, updates the target, validates and checkpoints one round. */
    TrainingState next(TrainingState state) {
      SparkTrainSettings settings = train.spark();
      long started = System.nanoTime();
      SeededRandom random = new SeededRandom(state.randomState());
      ComputationGraph online = network.getNetwork();
      AveragingRound.Fit fit = fit(random);
      long stepsPerWorker =
          (long) Math.ceil((double) fit.minibatches() / workers) * settings.passesPerRound();
      IqlUpdate.polyak(
          target, online, settings.roundTargetRate(agent.targetUpdateRate(), stepsPerWorker));
      double seconds = (System.nanoTime() - started) / 1e9;
      IqlEvaluation.Metrics validationMetrics =
          new IqlEvaluation(agent).evaluate(online, target, validation, train.evalBatchSize());
      TrainingState next =
          advance(
              state,
              random,
              fit.minibatches() * settings.passesPerRound(),
              validationMetrics.criterion());
      long examples =
          (long) Math.ceil(settings.sampleFraction() * trainSize) * settings.passesPerRound();
      record(next, online, fit.loss(), validationMetrics, examples / seconds, seconds);
      return next;
    }

    /** Samples this round's transitions on the executors and fits the network on them. */
    private AveragingRound.Fit fit(SeededRandom random) {
      return AveragingRound.fit(
          network, target, blocks, minibatches, random.nextLong(), train.spark().passesPerRound());
    }

    private void record(
        TrainingState next,
        ComputationGraph online,
        double loss,
        IqlEvaluation.Metrics validationMetrics,
        double examplesPerSecond,
        double seconds) {
      boolean best = next.bestEpoch() == next.round();
      if (best) {
        run.store().saveBest(online, target);
      }
      EpochMetrics row =
          new EpochMetrics(
              next.epoch(),
              next.step(),
              loss,
              validationMetrics,
              examplesPerSecond,
              best,
              next.round());
      run.metrics().write(row);
      run.store().save(next, online, target);
      progress.accept(clock.line(row, seconds));
      run.listener().afterCheckpoint(row);
    }
  }

  /** Early stopping in rounds: {@code bestEpoch} and patience count rounds for this trainer. */
  private TrainingState advance(
      TrainingState state, SeededRandom random, long steps, double criterion) {
    int round = state.round() + 1;
    SparkTrainSettings settings = train.spark();
    int epochs = (int) Math.floor(round * settings.sampleFraction() * settings.passesPerRound());
    return state.next(
        epochs, steps, random.state(), criterion, train.minImprovement(), round, round);
  }

  private <T> T phase(SparkSession session, String id, String description, Supplier<T> body) {
    return JobGroup.phase(session.sparkContext(), id, description, body);
  }

  private String fingerprint(long trainSize, Transitions validation) {
    String text =
        "spark|"
            + agent
            + "|"
            + train.batchSize()
            + "|"
            + train.spark().withoutLimits()
            + "|"
            + runSeed
            + "|"
            + trainSize
            + "|"
            + validation.size()
            + "|"
            + validation.features();
    return DigestUtils.sha256Hex(text);
  }

  /** Progress lines with throughput and an estimate of the time left at the current pace. */
  private final class RoundClock {
    private final int maxRounds;
    private double secondsSum;
    private int timed;

    RoundClock(int maxRounds) {
      this.maxRounds = maxRounds;
    }

    String line(EpochMetrics row, double seconds) {
      secondsSum += seconds;
      timed++;
      IqlEvaluation.Metrics v = row.validation();
      double left = (maxRounds - row.round()) * secondsSum / timed;
      return String.format(
          "round %d: train loss %.4f | val TD %.4f V %.4f MAP %.4f lactate %.4f entropy %.3f"
              + " | %,.0f examples/s | at most %.0f s left%s",
          row.round(),
          row.trainLoss(),
          v.tdLoss(),
          v.vLoss(),
          v.mapLoss(),
          v.lactateLoss(),
          v.entropy(),
          row.examplesPerSecond(),
          left,
          row.best() ? " (best)" : "");
    }
  }
}
