package org.sepsisiql.train;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.sepsisiql.agent.AgentSettings;

/**
 * DL4J's {@link ParameterAveragingTrainingMaster}, unchanged in how it splits, broadcasts,
 * aggregates and averages (parameters and Adam state), whose workers run the fused IQL update
 * ({@link FusedIqlWorker}) on unlabelled minibatches ({@link RoundMinibatches}). Before each round
 * the trainer hands it the round's networks ({@link #useRound}); the workers take the frozen target
 * network from there.
 */
final class FusedAveragingMaster extends ParameterAveragingTrainingMaster {
  /**
   * The packed minibatches sit in memory already (persisted for the round), so a prefetch thread
   * per worker and split only costs its start-up.
   */
  private static final int NO_PREFETCH = 0;

  private final AgentSettings agent;
  private Broadcast<NetworkSnapshot> round;

  FusedAveragingMaster(Builder builder, AgentSettings agent) {
    super(builder);
    this.agent = agent;
  }

  /** The networks of the round about to be fitted. */
  void useRound(Broadcast<NetworkSnapshot> networks) {
    this.round = networks;
  }

  /**
   * DL4J's worker set-up for a graph (the same broadcast and configuration, no prefetch), fused
   * workers.
   */
  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
    if (round == null) {
      throw new IllegalStateException("no round's networks: call useRound before fitting");
    }
    ComputationGraph network = graph.getNetwork();
    NetBroadcastTuple tuple =
        new NetBroadcastTuple(
            network.getConfiguration(), network.params(), network.getUpdater().getStateViewArray());
    WorkerConfiguration configuration =
        new WorkerConfiguration(
            true,
            rddDataSetNumExamples,
            batchSizePerWorker,
            averagingFrequency,
            NO_PREFETCH,
            false);
    return new FusedIqlWorker(
        graph.getSparkContext().broadcast(tuple), configuration, agent, round);
  }
}
