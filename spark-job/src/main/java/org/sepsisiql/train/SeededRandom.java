package org.sepsisiql.train;

/**
 * The training run's one random source (SplitMix64): minibatch order and the network's
 * initialization seed. Unlike {@link java.util.SplittableRandom}, its whole state is one long that
 * a checkpoint can save and restore, so a resumed run draws exactly what an uninterrupted one
 * would.
 */
public final class SeededRandom {
  private long state;

  public SeededRandom(long state) {
    this.state = state;
  }

  /** The generator for a run's training stage, derived from the run seed. */
  public static SeededRandom forTraining(long runSeed) {
    return new SeededRandom(runSeed ^ "train".hashCode());
  }

  public long state() {
    return state;
  }

  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    long limit = Long.remainderUnsigned(-1L, bound);
    long r;
    do {
      r = nextLong();
    } while (Long.compareUnsigned(r, -1L - limit) > 0);
    return (int) Long.remainderUnsigned(r, bound);
  }

  /** Shuffles in place (Fisher-Yates). */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
