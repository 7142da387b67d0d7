package org.sepsisiql.train;

import java.lang.ref.SoftReference;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.TaskCompletionListener;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.BlasThreads;
import org.sepsisiql.agent.FusedIqlUpdate;
import org.sepsisiql.agent.Transitions;

/**
 * A DL4J parameter-averaging worker that runs the local trainer's fused IQL update ({@link
 * FusedIqlUpdate#fit}) instead of DL4J's {@code fit}. DL4J still restores the online network and
 * its Adam state from its broadcast, feeds this worker its share of the split, and averages the
 * parameters and Adam state it returns; this worker only changes how a minibatch is fitted. Each
 * minibatch ({@link PackedMinibatch}) gets its targets here, as in the local trainer: {@code
 * Q'(s,a)} from the round's target network (restored from the round's {@link NetworkSnapshot}; it
 * does not move within the round) and {@code V(s')} from this worker's current online network.
 * While a task fits, OpenBLAS runs on one thread ({@link BlasThreads}): Spark runs one task per
 * core. A fresh instance is deserialized for every task, so the per-split state below belongs to
 * one task.
 */
final class FusedIqlWorker extends ParameterAveragingTrainingWorker {
  private static final long serialVersionUID = 1L;

  /**
   * Per executor thread, the fused update of its last split, held softly so that an executor that
   * no longer trains can reclaim it. Tasks run one per thread, so no two splits share one.
   */
  private static final ThreadLocal<SoftReference<Reused>> REUSED = new ThreadLocal<>();

  /** A fused update with what it was built for: settings, network size, the round's networks. */
  private record Reused(
      AgentSettings agent, long parameters, NetworkSnapshot snapshot, FusedIqlUpdate update) {}

  private final AgentSettings agent;
  private final Broadcast<NetworkSnapshot> round;
  private transient ComputationGraph network;
  private transient FusedIqlUpdate update;
  private transient double lossSum;
  private transient int steps;

  FusedIqlWorker(
      Broadcast<NetBroadcastTuple> onlineWithUpdater,
      WorkerConfiguration configuration,
      AgentSettings agent,
      Broadcast<NetworkSnapshot> round) {
    super(onlineWithUpdater, true, configuration, null, null, null);
    this.agent = agent;
    this.round = round;
  }

  @Override
  public ParameterAveragingTrainingResult processMinibatch(
      MultiDataSet batch, ComputationGraph graph, boolean isLast) {
    if (graph != network) {
      start(graph);
    }
    Transitions t = PackedMinibatch.unpack(batch);
    lossSum += update.fit(t, t.identity(), 0, t.size());
    steps++;
    return isLast ? getFinalResult(graph) : null;
  }

  /** Writes the fitted parameters, Adam state and mean loss into the graph DL4J collects. */
  @Override
  public ParameterAveragingTrainingResult getFinalResult(ComputationGraph graph) {
    if (graph == network && steps > 0) {
      update.storeOnlineInto(graph);
      graph.setScore(lossSum / steps);
    }
    return super.getFinalResult(graph);
  }

  /**
   * The fused update this executor thread used for its previous split when it was built for the
   * same settings and network size, reloaded with this split's online network (and the round's
   * target when the round changed); otherwise a new one. Building one allocates both networks'
   * buffers (tens of MB at batch 1024) and restores the target network from its JSON: paid per
   * split, that was a tenth of a split's time on {@code local[2]}.
   */
  private FusedIqlUpdate reusedOrNew(ComputationGraph graph) {
    NetworkSnapshot snapshot = round.value();
    SoftReference<Reused> held = REUSED.get();
    Reused previous = held == null ? null : held.get();
    FusedIqlUpdate reused;
    if (previous != null
        && previous.agent().equals(agent)
        && previous.parameters() == graph.numParams()) {
      reused = previous.update();
      reused.reload(graph, previous.snapshot() == snapshot ? null : snapshot.target());
    } else {
      reused = new FusedIqlUpdate(agent, graph, snapshot.target());
    }
    REUSED.set(new SoftReference<>(new Reused(agent, graph.numParams(), snapshot, reused)));
    return reused;
  }

  private void start(ComputationGraph graph) {
    if (!FusedIqlUpdate.supports(agent)) {
      throw new IllegalStateException(
          "the fused Spark workers need single precision on ND4J's CPU backend on every executor;"
              + " this executor runs "
              + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
    }
    TaskContext task = TaskContext.get();
    if (task != null) {
      BlasThreads.holdSingle();
      task.addTaskCompletionListener((TaskCompletionListener) done -> BlasThreads.release());
    }
    network = graph;
    update = reusedOrNew(graph);
    lossSum = 0;
    steps = 0;
  }
}
