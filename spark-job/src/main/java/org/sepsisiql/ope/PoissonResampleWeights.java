package org.sepsisiql.ope;

/**
 * The bootstrap's resampling scheme: trajectory {@code stayId} appears {@code m} times in resample
 * {@code b}, with {@code m ~ Poisson(1)} drawn from a counter-based generator keyed by {@code
 * (seed, b, stayId)}.
 *
 * <p>Why Poisson and not multinomial: an exact multinomial resample of n trajectories couples all
 * counts (they must sum to n), so generating it in parallel needs a global ordering of the
 * trajectories and a shuffle of n * B draws. Poisson(1) counts are independent per (b, trajectory),
 * so each count is a pure function of its key: no ordering, no shuffle, and the result cannot
 * depend on partitioning. This is the standard scalable bootstrap (Hanley and MacGibbon 2006;
 * Chamandy et al. 2012); the resample size varies around n with sd sqrt(n), which the estimators
 * absorb by normalizing over the resampled set (self-normalized weights, and resample means divided
 * by the resample size). For n of a few hundred and more its intervals agree with the multinomial
 * bootstrap's to O(1/n).
 *
 * <p>The generator is SplitMix64 over a mix of the three keys; the count is the inverse CDF of
 * Poisson(1) at the resulting uniform (counts above {@value #MAX_COUNT} have probability below
 * 1e-16 and are capped). Stateless and thread-safe.
 */
public final class PoissonResampleWeights {
  static final int MAX_COUNT = 18;
  private static final double[] CUMULATIVE = poissonOneCdf();

  private PoissonResampleWeights() {}

  /** How often trajectory {@code stayId} appears in resample {@code b}. */
  public static int count(long seed, int b, long stayId) {
    return count(resampleKey(seed, b), trajectoryKey(stayId));
  }

  /** The part of the key that depends on the resample, for loops over trajectories. */
  public static long resampleKey(long seed, int b) {
    return mix(seed ^ mix(0x9E3779B97F4A7C15L * (b + 1L)));
  }

  /** The part of the key that depends on the trajectory, for loops over resamples. */
  public static long trajectoryKey(long stayId) {
    return mix(stayId + 0x632BE59BD9B4E019L);
  }

  /** The count for precomputed keys: {@code count(resampleKey(s, b), trajectoryKey(id))}. */
  public static int count(long resampleKey, long trajectoryKey) {
    double u = (mix(resampleKey ^ trajectoryKey) >>> 11) * 0x1.0p-53;
    int k = 0;
    while (k < MAX_COUNT && u >= CUMULATIVE[k]) {
      k++;
    }
    return k;
  }

  /** SplitMix64 finalizer: a bijective mix of 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double[] poissonOneCdf() {
    double[] cdf = new double[MAX_COUNT + 1];
    double p = Math.exp(-1);
    double sum = 0;
    for (int k = 0; k <= MAX_COUNT; k++) {
      sum += p;
      cdf[k] = sum;
      p /= (k + 1);
    }
    return cdf;
  }
}
