package org.sepsisiql.agent;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Transitions of one split held as primitive arrays, row-major ({@code states[i * features + j]}),
 * for training in one JVM (or one chunk of a Spark partition): about {@code 8 * features + 24}
 * bytes per transition. Auxiliary targets are already standardized; {@code auxMask} is 0 where a
 * target is missing (e.g. after death).
 */
public record Transitions(
    int features,
    float[] states,
    int[] actions,
    float[] rewards,
    boolean[] done,
    float[] nextStates,
    float[] nextMap,
    float[] nextLactate,
    float[] auxMaskMap,
    float[] auxMaskLactate)
    implements java.io.Serializable {

  public int size() {
    return actions.length;
  }

  /** The rows at the given indices, as arrays of the network's data type. */
  public Batch gather(int[] rows, int from, int to, DataType dataType) {
    int n = to - from;
    float[] s = new float[n * features];
    float[] s2 = new float[n * features];
    float[] oneHot = new float[n * ACTIONS];
    float[] r = new float[n];
    float[] notDone = new float[n];
    float[] map = new float[n];
    float[] lactate = new float[n];
    float[] mapMask = new float[n];
    float[] lactateMask = new float[n];
    for (int k = 0; k < n; k++) {
      int i = rows[from + k];
      System.arraycopy(states, i * features, s, k * features, features);
      System.arraycopy(nextStates, i * features, s2, k * features, features);
      oneHot[k * ACTIONS + actions[i]] = 1f;
      r[k] = rewards[i];
      notDone[k] = done[i] ? 0f : 1f;
      map[k] = nextMap[i];
      lactate[k] = nextLactate[i];
      mapMask[k] = auxMaskMap[i];
      lactateMask[k] = auxMaskLactate[i];
    }
    return new Batch(
        matrix(s, n, features, dataType),
        matrix(s2, n, features, dataType),
        matrix(oneHot, n, ACTIONS, dataType),
        matrix(r, n, 1, dataType),
        matrix(notDone, n, 1, dataType),
        matrix(map, n, 1, dataType),
        matrix(lactate, n, 1, dataType),
        matrix(mapMask, n, 1, dataType),
        matrix(lactateMask, n, 1, dataType));
  }

  /** All rows in order, in slices of at most {@code size}. */
  public int[] identity() {
    int[] rows = new int[size()];
    Arrays.setAll(rows, i -> i);
    return rows;
  }

  private static final int ACTIONS = org.sepsisiql.data.ObservationPolicy.ACTIONS;

  private static INDArray matrix(float[] values, int rows, int columns, DataType dataType) {
    INDArray array = Nd4j.create(values, new long[] {rows, columns}, 'c');
    return dataType == DataType.FLOAT ? array : array.castTo(dataType);
  }

  /** One minibatch as network-ready arrays; {@code actionOneHot} is [n, 9], the rest [n, 1]. */
  public record Batch(
      INDArray states,
      INDArray nextStates,
      INDArray actionOneHot,
      INDArray rewards,
      INDArray notDone,
      INDArray nextMap,
      INDArray nextLactate,
      INDArray nextMapMask,
      INDArray nextLactateMask) {
    public long size() {
      return states.size(0);
    }
  }
}
