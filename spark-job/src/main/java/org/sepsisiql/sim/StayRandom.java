package org.sepsisiql.sim;

import java.util.SplittableRandom;

/**
 * Independent random streams per stay, derived only from (run seed, stay index, stream), so a
 * stay's events are the same whichever partition or machine simulates it. Separate streams for the
 * patient, the physiology, the charting and the treatment give common random numbers across
 * policies: two rollouts of one stay start from the same patient whatever the policy does.
 */
final class StayRandom {
  static final int PATIENT = 1;
  static final int PHYSIOLOGY = 2;
  static final int CHARTING = 3;
  static final int TREATMENT = 4;
  static final int PAIR = 5;
  static final int CLINICIAN = 6;
  static final int OUTCOME = 7;

  private StayRandom() {}

  /** A generator for one stream of one stay. */
  static SplittableRandom stream(long seed, long index, int stream) {
    return new SplittableRandom(mix(mix(mix(seed) ^ index) + stream * 0x9E3779B97F4A7C15L));
  }

  /** A standard normal draw (Box-Muller; one of the pair is discarded for simplicity). */
  static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  /** Stafford's variant 13 of the SplitMix64 finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
