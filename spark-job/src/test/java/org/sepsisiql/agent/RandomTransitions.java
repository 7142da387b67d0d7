package org.sepsisiql.agent;

import java.util.Random;

/**
 * Random transitions for the update tests: Gaussian states and rewards, a fifth of them terminal,
 * the auxiliary targets missing for about a quarter (mask 0).
 */
public final class RandomTransitions {
  private RandomTransitions() {}

  public static Transitions create(int n, int features, long seed) {
    Random random = new Random(seed);
    float[] s = new float[n * features];
    float[] s2 = new float[n * features];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) random.nextGaussian();
      s2[i] = (float) random.nextGaussian();
    }
    int[] actions = new int[n];
    float[] rewards = new float[n];
    boolean[] done = new boolean[n];
    float[] map = new float[n];
    float[] lactate = new float[n];
    float[] mapMask = new float[n];
    float[] lactateMask = new float[n];
    for (int i = 0; i < n; i++) {
      actions[i] = random.nextInt(9);
      rewards[i] = (float) random.nextGaussian() * 3;
      done[i] = random.nextDouble() < 0.2;
      mapMask[i] = random.nextDouble() < 0.8 ? 1f : 0f;
      lactateMask[i] = random.nextDouble() < 0.7 ? 1f : 0f;
      map[i] = mapMask[i] == 1f ? (float) random.nextGaussian() : 0f;
      lactate[i] = lactateMask[i] == 1f ? (float) random.nextGaussian() : 0f;
    }
    return new Transitions(
        features, s, actions, rewards, done, s2, map, lactate, mapMask, lactateMask);
  }
}
