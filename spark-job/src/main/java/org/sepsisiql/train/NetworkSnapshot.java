package org.sepsisiql.train;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The frozen online and target networks of one Spark round as plain Java data (configuration JSON
 * and two parameter copies as {@code double[]}), for a broadcast. Holding no ND4J array is the
 * point: Spark frees a broadcast when it is done with it, and a broadcast ND4J array would be
 * closed under the driver's live network (PLATFORM.md, the {@code calculateScore} bug). Float
 * parameters survive the round trip through double exactly. A plain class, not a record, so Kryo
 * can serialize it. Size: two times 8 bytes per parameter (about 1.8 MB for the default network).
 */
final class NetworkSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String configuration;
  private final double[] online;
  private final double[] target;

  private NetworkSnapshot(String configuration, double[] online, double[] target) {
    this.configuration = configuration;
    this.online = online;
    this.target = target;
  }

  static NetworkSnapshot of(ComputationGraph online, ComputationGraph target) {
    return new NetworkSnapshot(
        online.getConfiguration().toJson(),
        online.params().dup().toDoubleVector(),
        target.params().dup().toDoubleVector());
  }

  /** A fresh copy of the online network (without optimizer state). */
  ComputationGraph online() {
    return restore(online);
  }

  /** A fresh copy of the target network. */
  ComputationGraph target() {
    return restore(target);
  }

  private ComputationGraph restore(double[] values) {
    ComputationGraph network =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration));
    DataType type = network.getConfiguration().getDataType();
    INDArray params = Nd4j.createFromArray(values).castTo(type).reshape(1, values.length);
    network.init(params, false);
    return network;
  }
}
