package org.sepsisiql.sim;

import static org.sepsisiql.sim.StayRandom.gaussian;

import java.util.SplittableRandom;
import org.sepsisiql.sim.SimulatorSettings.DoseLevels;

/**
 * Samples a continuous dose within a discrete level: 0 for level 0; for levels 1 and 2 a log-normal
 * around the level's median, redrawn (up to 8 times, then clamped) until it falls on the level's
 * side of the cut. With levels 1 and 2 equally common, the non-zero quartiles are near the low
 * median, the cut and the high median. Also spreads a bin's doses over charted events.
 */
final class DoseSampler {
  private static final long MINUTE = 60_000L;
  private final SimulatorSettings settings;

  DoseSampler(SimulatorSettings settings) {
    this.settings = settings;
  }

  double fluidMl(int level, SplittableRandom random) {
    return dose(settings.fluidLevels(), level, 5, 5000, random);
  }

  double vasopressorDose(int level, SplittableRandom random) {
    return dose(settings.vasopressorLevels(), level, 0.01, 3.0, random);
  }

  private double dose(
      DoseLevels levels, int level, double floor, double ceiling, SplittableRandom random) {
    if (level == 0) {
      return 0;
    }
    boolean high = level == 2;
    double median = high ? levels.highMedian() : levels.lowMedian();
    double dose = median;
    for (int attempt = 0; attempt < 8; attempt++) {
      dose = median * Math.exp(settings.doseLogSd() * gaussian(random));
      if (high ? dose > levels.cut() : dose < levels.cut()) {
        break;
      }
    }
    double low = high ? levels.cut() * 1.001 : floor;
    double top = high ? ceiling : levels.cut() * 0.999;
    return Math.max(low, Math.min(top, dose));
  }

  /** Charts a bin's fluid as one to three infusions inside [binStart, binStart + 235 min]. */
  void chartFluid(double totalMl, long binStart, SplittableRandom random, EventSink sink) {
    if (totalMl <= 0) {
      return;
    }
    int parts = totalMl > 250 ? 1 + random.nextInt(3) : 1;
    double remaining = totalMl;
    for (int i = 0; i < parts; i++) {
      double amount = i == parts - 1 ? remaining : remaining * (0.3 + 0.4 * random.nextDouble());
      remaining -= amount;
      long start = binStart + random.nextLong(180) * MINUTE;
      long end = Math.min(binStart + 235 * MINUTE, start + (15 + random.nextLong(60)) * MINUTE);
      sink.fluid(start, end, amount);
    }
  }

  /** Charts a bin's vasopressor as one infusion of the stay's drug at the intended dose. */
  void chartVasopressor(
      double dose, PatientProfile profile, long binStart, SplittableRandom random, EventSink sink) {
    if (dose <= 0) {
      return;
    }
    long start = binStart + random.nextLong(20) * MINUTE;
    long end = binStart + (215 + random.nextLong(20)) * MINUTE;
    VasopressorDrug drug = profile.drug();
    sink.vasopressor(start, end, drug, drug.rate(dose, profile.weightKg()));
  }
}
