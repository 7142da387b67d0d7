package org.sepsisiql.train;

import java.util.Random;
import org.sepsisiql.agent.Transitions;

/**
 * Transitions of a one-step task whose best action is plain from the state: feature 0 is +1 or -1;
 * action 2 earns +1 when it is positive, action 6 when it is negative, every other action -1. Each
 * transition ends its episode. The behavior takes every action equally often.
 */
final class SyntheticTransitions {
  static final int FEATURES = 6;

  private SyntheticTransitions() {}

  static Transitions create(int n, long seed) {
    Random random = new Random(seed);
    float[] states = new float[n * FEATURES];
    float[] next = new float[n * FEATURES];
    int[] actions = new int[n];
    float[] rewards = new float[n];
    boolean[] done = new boolean[n];
    float[] map = new float[n];
    float[] lactate = new float[n];
    float[] ones = new float[n];
    for (int i = 0; i < n; i++) {
      boolean positive = random.nextBoolean();
      states[i * FEATURES] = positive ? 1f : -1f;
      for (int j = 1; j < FEATURES; j++) {
        states[i * FEATURES + j] = (float) random.nextGaussian();
        next[i * FEATURES + j] = (float) random.nextGaussian();
      }
      actions[i] = random.nextInt(9);
      int best = positive ? 2 : 6;
      rewards[i] = actions[i] == best ? 1f : -1f;
      done[i] = true;
      map[i] = (float) random.nextGaussian();
      lactate[i] = states[i * FEATURES] * 0.5f;
      ones[i] = 1f;
    }
    return new Transitions(
        FEATURES, states, actions, rewards, done, next, map, lactate, ones, ones.clone());
  }
}
