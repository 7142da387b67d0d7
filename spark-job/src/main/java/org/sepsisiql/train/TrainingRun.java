package org.sepsisiql.train;

import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sepsisiql.agent.AgentSettings;
import org.sepsisiql.agent.IqlNetwork;

/**
 * The networks and counters a trainer starts from: fresh (network seeded by the run's {@link
 * SeededRandom}, target = a copy of the online network) or restored from the newest checkpoint,
 * which must carry the same fingerprint (settings, seed, data sizes). Shared by both trainers.
 */
record TrainingRun(ComputationGraph online, ComputationGraph target, TrainingState state) {

  static TrainingRun start(AgentSettings agent, int features, long runSeed, String fingerprint) {
    SeededRandom random = SeededRandom.forTraining(runSeed);
    ComputationGraph online = IqlNetwork.create(agent, features, random.nextLong());
    ComputationGraph target = online.clone();
    return new TrainingRun(online, target, TrainingState.initial(random.state(), fingerprint));
  }

  static TrainingRun resume(CheckpointStore store, String fingerprint, Consumer<String> progress) {
    CheckpointStore.Checkpoint checkpoint =
        store
            .latest()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "nothing to resume: no complete checkpoint under " + store.checkpoints()));
    if (!checkpoint.state().fingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException(
          "cannot resume from "
              + store.checkpoints()
              + ": it was written with other settings, seed or data (fingerprint "
              + checkpoint.state().fingerprint()
              + ", now "
              + fingerprint
              + ")");
    }
    TrainingState state = checkpoint.state();
    progress.accept(
        state.round() > 0
            ? "resuming after round " + state.round()
            : "resuming after epoch " + state.epoch());
    return new TrainingRun(checkpoint.online(), checkpoint.target(), state);
  }
}
