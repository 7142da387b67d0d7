package org.sepsisiql.baselines;

import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.sepsisiql.agent.IqlUpdate;
import org.sepsisiql.agent.QNetwork;
import org.sepsisiql.spark.JobGroup;
import org.sepsisiql.train.AveragingRound;
import org.sepsisiql.train.SeededRandom;
import org.sepsisiql.train.SparkIqlTrainer;
import org.sepsisiql.train.TransitionBlock;

/**
 * A Q-learning baseline across Spark executors with DL4J's parameter averaging, in rounds like the
 * agent's Spark trainer ({@link SparkIqlTrainer}), each in the job group {@code
 * BASELINE-<key>-ROUND-<n>}: broadcast the frozen online and target networks, label every train
 * transition on the executors with the baseline's {@link org.sepsisiql.agent.QTargets} and fit the
 * online network on them with parameter averaging ({@link AveragingRound}), then on the driver move
 * the target network (the DQNs: the per-step rate compounded over a round's steps per worker,
 * {@code train.spark.target-update-rate}; neural fitted Q iteration: the online network becomes the
 * next iteration's target, after {@code fqi-epochs-per-iteration} passes), validate and checkpoint
 * ({@link EpochLedger}). A round is one epoch (one iteration).
 */
final class SparkQTrainer implements QNetworkTraining {
  private final SparkSession spark;
  private final QLearningSettings settings;
  private final long seed;
  private final Consumer<String> progress;

  SparkQTrainer(
      SparkSession spark, QLearningSettings settings, long seed, Consumer<String> progress) {
    this.spark = spark;
    this.settings = settings;
    this.seed = seed;
    this.progress = progress;
  }

  @Override
  public Result train(BaselineKind kind, Data data, Checkpoints checkpoints) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers =
        settings.spark().workers() > 0 ? settings.spark().workers() : jsc.defaultParallelism();
    int features = data.validation().features();
    JavaRDD<TransitionBlock> blocks =
        TransitionBlock.fromRows(data.trainRows(), data.scaling(), features, workers)
            .persist(StorageLevel.MEMORY_AND_DISK());
    ParameterAveragingTrainingMaster master =
        SparkIqlTrainer.averagingMaster(workers, settings.batchSize(), settings.spark(), seed);
    ComputationGraph online =
        QNetwork.create(settings.agent(), kind.loss(settings), features, seed);
    EpochLedger ledger = new EpochLedger(kind, settings, data.validation(), checkpoints, progress);
    try {
      return rounds(
          new Rounds(
              kind,
              new SparkComputationGraph(jsc, online, master),
              online.clone(),
              blocks,
              workers,
              ledger));
    } finally {
      blocks.unpersist(false);
      master.deleteTempFiles(jsc);
    }
  }

  /** Runs rounds, each in its job group with a seeded order, until the ledger says stop. */
  private Result rounds(Rounds rounds) {
    BaselineKind kind = rounds.kind;
    SeededRandom random = new SeededRandom(seed ^ kind.key().hashCode());
    for (int k = 1; ; k++) {
      int round = k;
      long roundSeed = random.nextLong();
      boolean stop =
          JobGroup.phase(
              spark.sparkContext(),
              "BASELINE-" + kind.key() + "-ROUND-" + round,
              kind.key() + " round " + round + ": label targets, fit with parameter averaging",
              () -> rounds.next(round, roundSeed));
      if (stop) {
        return rounds.ledger.result();
      }
    }
  }

  /** What every round of one baseline's training shares, and one round. */
  private final class Rounds {
    private final BaselineKind kind;
    private final SparkComputationGraph network;
    private final ComputationGraph target;
    private final JavaRDD<TransitionBlock> blocks;
    private final int workers;
    private final EpochLedger ledger;

    Rounds(
        BaselineKind kind,
        SparkComputationGraph network,
        ComputationGraph target,
        JavaRDD<TransitionBlock> blocks,
        int workers,
        EpochLedger ledger) {
      this.kind = kind;
      this.network = network;
      this.target = target;
      this.blocks = blocks;
      this.workers = workers;
      this.ledger = ledger;
    }

    /** Labels, fits, moves the target and validates round {@code k}; true to stop after it. */
    boolean next(int k, long roundSeed) {
      long started = System.nanoTime();
      ComputationGraph online = network.getNetwork();
      if (kind.iterated()) {
        target.params().assign(online.params());
      }
      int passes = kind.iterated() ? settings.epochsPerIteration() : 1;
      AveragingRound.Fit fit =
          AveragingRound.fit(
              network,
              target,
              blocks,
              new AveragingRound.Labelling(
                  ledger.targets(), online.params().dataType(), settings.batchSize(), 1.0),
              roundSeed,
              passes);
      online = network.getNetwork();
      if (!kind.iterated()) {
        long stepsPerWorker = (long) Math.ceil((double) fit.minibatches() / workers);
        IqlUpdate.polyak(
            target,
            online,
            settings.spark().roundTargetRate(settings.targetUpdateRate(), stepsPerWorker));
      }
      return ledger.close(k, online, target, fit.loss(), (System.nanoTime() - started) / 1e9);
    }
  }
}
