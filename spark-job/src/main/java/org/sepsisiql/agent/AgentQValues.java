package org.sepsisiql.agent;

import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.data.ObservationPolicy;
import org.sepsisiql.policy.Policy;

/**
 * The trained network's own Q head, {@code Q(s, .)} for a batch of normalized states: the
 * alternative Qhat of the learned policy ({@code evaluate.learned-q = agent}). It has the shape of
 * a {@link Policy} (a 9-vector per state) so {@code PolicyScoring} can apply it in batches; the
 * rows are Q values, not probabilities. Carries the model file's bytes; each thread restores the
 * network once ({@link RestoredNetworks}).
 */
public final class AgentQValues implements Policy {
  private static final long serialVersionUID = 1L;
  private final byte[] model;
  private final String fingerprint;

  private AgentQValues(byte[] model) {
    this.model = model;
    this.fingerprint = RestoredNetworks.fingerprint(model);
  }

  public static AgentQValues load(String modelFolder, Configuration hadoop) {
    return load(modelFolder, "model.zip", hadoop);
  }

  /** The Q head of another of the model folder's networks (relative {@code networkFile}). */
  public static AgentQValues load(String modelFolder, String networkFile, Configuration hadoop) {
    return new AgentQValues(RestoredNetworks.readBytes(new Path(modelFolder, networkFile), hadoop));
  }

  @Override
  public double[][] probabilities(double[][] normalizedStates) {
    double[][] qAndV = RestoredNetworks.qAndV(fingerprint, model, normalizedStates);
    double[][] q = new double[qAndV.length][];
    for (int i = 0; i < q.length; i++) {
      q[i] = Arrays.copyOf(qAndV[i], ObservationPolicy.ACTIONS);
    }
    return q;
  }
}
