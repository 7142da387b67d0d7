package org.sepsisiql.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sepsisiql.data.ObservationPolicy;

/**
 * Networks restored from a model file's bytes, kept per thread and keyed by the bytes' SHA-256, and
 * their Q and V heads for batches of states ({@link #qAndV}).
 *
 * <p>A policy shipped to Spark tasks is deserialized once per task; restoring its network from the
 * zip costs about as much as scoring a few thousand states, so restoring per task made the network
 * policies several times slower to evaluate than the others. Each executor thread instead restores
 * a model once and reuses it for every later task, batch and policy built on the same bytes (the
 * extractions of one network share it). A DL4J network is not safe to call from two threads at
 * once, hence one copy per thread; at most {@link #PER_THREAD} models per thread are kept, the
 * least recently used dropped first.
 */
final class RestoredNetworks {
  static final int PER_THREAD = 4;

  /** A restored graph, and its fused copy when it runs in float on the CPU backend (else null). */
  private record Restored(ComputationGraph graph, FusedNetwork fused) {}

  private static final ThreadLocal<Map<String, Restored>> CACHE =
      ThreadLocal.withInitial(
          () ->
              new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Restored> eldest) {
                  return size() > PER_THREAD;
                }
              });

  private RestoredNetworks() {}

  /** A model file's bytes, from any Hadoop file system. */
  static byte[] readBytes(Path file, Configuration hadoop) {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (InputStream in = fs.open(file)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The SHA-256 of a model file's bytes, in hex: the key of {@link #qAndV}. */
  static String fingerprint(byte[] modelBytes) {
    return DigestUtils.sha256Hex(modelBytes);
  }

  /**
   * {@code [Q(s, a) for the 9 actions, V(s)]} of each state, from this thread's copy of the network
   * in {@code modelBytes} (whose fingerprint is given).
   *
   * @param states [n][features], normalized as in training
   * @return [n][10]
   */
  static double[][] qAndV(String fingerprint, byte[] modelBytes, double[][] states) {
    Restored network = restored(fingerprint, modelBytes);
    int actions = ObservationPolicy.ACTIONS;
    double[][] result = new double[states.length][actions + 1];
    if (network.fused() != null && states.length > 0) {
      float[] input = network.fused().input(states.length);
      int width = states[0].length;
      for (int i = 0; i < states.length; i++) {
        for (int j = 0; j < width; j++) {
          input[i * width + j] = (float) states[i][j];
        }
      }
      float[] outputs = network.fused().forward(states.length);
      for (int i = 0; i < states.length; i++) {
        int offset = i * FusedNetwork.OUTPUTS;
        for (int a = 0; a <= actions; a++) {
          result[i][a] = outputs[offset + a];
        }
      }
      return result;
    }
    ComputationGraph graph = network.graph();
    INDArray input = Nd4j.createFromArray(states).castTo(graph.params().dataType());
    INDArray[] outputs = graph.output(false, input);
    double[][] q = outputs[IqlNetwork.Q].toDoubleMatrix();
    double[][] v = outputs[IqlNetwork.V].toDoubleMatrix();
    for (int i = 0; i < states.length; i++) {
      System.arraycopy(q[i], 0, result[i], 0, actions);
      result[i][actions] = v[i][0];
    }
    return result;
  }

  /**
   * Q(s, .) of each state from this thread's copy of a Q-learning baseline's network ({@link
   * QNetwork}) in {@code modelBytes}.
   *
   * @return [n][9]
   */
  static double[][] qNetworkValues(String fingerprint, byte[] modelBytes, double[][] states) {
    ComputationGraph graph = restored(fingerprint, modelBytes).graph();
    if (states.length == 0) {
      return new double[0][];
    }
    INDArray input = Nd4j.createFromArray(states).castTo(graph.params().dataType());
    return QNetwork.q(graph, input).toDoubleMatrix();
  }

  private static Restored restored(String fingerprint, byte[] modelBytes) {
    Map<String, Restored> cache = CACHE.get();
    Restored network = cache.get(fingerprint);
    if (network == null) {
      ComputationGraph graph;
      try {
        graph =
            ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(modelBytes), false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot restore the policy network", e);
      }
      boolean fused =
          graph.params().dataType() == DataType.FLOAT
              && HeapBlas.available()
              && graph.getConfiguration().getNetworkOutputs().equals(IqlNetwork.OUTPUTS);
      network = new Restored(graph, fused ? new FusedNetwork(graph) : null);
      cache.put(fingerprint, network);
    }
    return network;
  }
}
