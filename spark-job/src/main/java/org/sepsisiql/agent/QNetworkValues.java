package org.sepsisiql.agent;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.policy.Policy;

/**
 * A Q-learning baseline's network ({@link QNetwork}) as {@code Q(s, .)} for batches of normalized
 * states, in the shape of a {@link Policy} (the rows are Q values, not probabilities) so the
 * baselines' extractions and {@code PolicyScoring} apply it in batches. Carries the model file's
 * bytes; each thread restores the network once ({@link RestoredNetworks}).
 */
public final class QNetworkValues implements Policy {
  private static final long serialVersionUID = 1L;
  private final byte[] model;
  private final String fingerprint;

  private QNetworkValues(byte[] model) {
    this.model = model;
    this.fingerprint = RestoredNetworks.fingerprint(model);
  }

  /** The network saved in {@code file} (DL4J's model zip). */
  public static QNetworkValues load(Path file, Configuration hadoop) {
    return new QNetworkValues(RestoredNetworks.readBytes(file, hadoop));
  }

  @Override
  public double[][] probabilities(double[][] normalizedStates) {
    return RestoredNetworks.qNetworkValues(fingerprint, model, normalizedStates);
  }
}
