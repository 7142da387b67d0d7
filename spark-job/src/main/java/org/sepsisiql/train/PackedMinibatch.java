package org.sepsisiql.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sepsisiql.agent.Transitions;

/**
 * A sampled minibatch of transitions, unlabelled, as the {@code MultiDataSet} DL4J's parameter
 * averaging hands its workers: features s and s' ([n, features] each, float) and one label matrix
 * [n, 7] of the action, reward, not-done flag, next MAP with its mask and next lactate with its
 * mask. {@link FusedIqlWorker} turns it back into {@link Transitions} and computes the targets
 * itself. About {@code 8 * features + 28} bytes per transition.
 */
final class PackedMinibatch {
  private static final int COLUMNS = 7;

  private PackedMinibatch() {}

  /** The transitions {@code order[from..to)} of {@code t}. */
  static MultiDataSet pack(Transitions t, int[] order, int from, int to) {
    int n = to - from;
    int f = t.features();
    float[] states = new float[n * f];
    float[] nextStates = new float[n * f];
    float[] labels = new float[n * COLUMNS];
    for (int k = 0; k < n; k++) {
      int i = order[from + k];
      System.arraycopy(t.states(), i * f, states, k * f, f);
      System.arraycopy(t.nextStates(), i * f, nextStates, k * f, f);
      int c = k * COLUMNS;
      labels[c] = t.actions()[i];
      labels[c + 1] = t.rewards()[i];
      labels[c + 2] = t.done()[i] ? 0f : 1f;
      labels[c + 3] = t.nextMap()[i];
      labels[c + 4] = t.auxMaskMap()[i];
      labels[c + 5] = t.nextLactate()[i];
      labels[c + 6] = t.auxMaskLactate()[i];
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {matrix(states, n, f), matrix(nextStates, n, f)},
        new INDArray[] {matrix(labels, n, COLUMNS)});
  }

  /** The transitions of a packed minibatch (DL4J may have merged several into one). */
  static Transitions unpack(MultiDataSet batch) {
    INDArray packedLabels = batch.getLabels(0);
    if (batch.numFeatureArrays() != 2 || packedLabels.size(1) != COLUMNS) {
      throw new IllegalArgumentException(
          "not a packed transition minibatch: "
              + batch.numFeatureArrays()
              + " feature arrays, labels of width "
              + packedLabels.size(1));
    }
    int n = (int) packedLabels.size(0);
    int f = (int) batch.getFeatures(0).size(1);
    float[] labels = values(packedLabels);
    int[] actions = new int[n];
    float[] rewards = new float[n];
    boolean[] done = new boolean[n];
    float[] nextMap = new float[n];
    float[] mapMask = new float[n];
    float[] nextLactate = new float[n];
    float[] lactateMask = new float[n];
    for (int k = 0; k < n; k++) {
      int c = k * COLUMNS;
      actions[k] = (int) labels[c];
      rewards[k] = labels[c + 1];
      done[k] = labels[c + 2] == 0f;
      nextMap[k] = labels[c + 3];
      mapMask[k] = labels[c + 4];
      nextLactate[k] = labels[c + 5];
      lactateMask[k] = labels[c + 6];
    }
    return new Transitions(
        f,
        values(batch.getFeatures(0)),
        actions,
        rewards,
        done,
        values(batch.getFeatures(1)),
        nextMap,
        nextLactate,
        mapMask,
        lactateMask);
  }

  private static INDArray matrix(float[] values, int rows, int columns) {
    return Nd4j.create(values, new long[] {rows, columns}, 'c');
  }

  private static float[] values(INDArray array) {
    return array.dup('c').data().asFloat();
  }
}
