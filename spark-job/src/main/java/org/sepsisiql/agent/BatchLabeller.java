package org.sepsisiql.agent;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Turns a minibatch into a labelled {@code MultiDataSet} from frozen online and target networks:
 * IQL's targets ({@link IqlUpdate}) or the Q-learning baselines' ({@link QTargets}). Serializable,
 * so a Spark round labels on the executors with it.
 */
@FunctionalInterface
public interface BatchLabeller extends Serializable {
  MultiDataSet labelled(ComputationGraph online, ComputationGraph target, Transitions.Batch batch);
}
