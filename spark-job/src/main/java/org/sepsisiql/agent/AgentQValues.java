package org.sepsisiql.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sepsisiql.policy.Policy;

/**
 * The trained network's own Q head, {@code Q(s, .)} for a batch of normalized states: the
 * alternative Qhat of the learned policy ({@code evaluate.learned-q = agent}). It has the shape of
 * a {@link Policy} (a 9-vector per state) so {@code PolicyScoring} can apply it in batches; the
 * rows are Q values, not probabilities. Carries the model file's bytes and restores the network
 * once per deserialized copy.
 */
public final class AgentQValues implements Policy {
  private static final long serialVersionUID = 1L;
  private final byte[] model;
  private transient ComputationGraph network;

  private AgentQValues(byte[] model) {
    this.model = model;
  }

  public static AgentQValues load(String modelFolder, Configuration hadoop) {
    Path file = new Path(modelFolder, "model.zip");
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (InputStream in = fs.open(file)) {
        return new AgentQValues(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public double[][] probabilities(double[][] normalizedStates) {
    ComputationGraph graph = network();
    INDArray input = Nd4j.createFromArray(normalizedStates).castTo(graph.params().dataType());
    return graph.output(false, input)[IqlNetwork.Q].toDoubleMatrix();
  }

  private synchronized ComputationGraph network() {
    if (network == null) {
      try {
        network = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model), false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot restore the policy network", e);
      }
    }
    return network;
  }
}
