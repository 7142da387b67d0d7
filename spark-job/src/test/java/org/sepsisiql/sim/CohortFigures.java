package org.sepsisiql.sim;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.sepsisiql.data.ClinicalVariable;
import org.sepsisiql.udfs.Vasopressors;

/**
 * Realism figures of a simulated cohort, measured in one JVM from the generated events exactly as
 * the cohort stage would see them: per 4-hour bin the total fluid, the maximum
 * norepinephrine-equivalent rate (through the udfs), and the mean charted MAP and lactate.
 */
record CohortFigures(
    long stays,
    double mortality,
    double readmissionShare,
    double meanSteps,
    double[] mapQuartiles,
    double[] lactateQuartiles,
    double lactateP95,
    double vasoStepShare,
    double fluidStepShare,
    double[] vasoQuartiles,
    double[] fluidQuartiles,
    long[] actionCounts,
    double earlyVasoShare,
    double lateVasoShare,
    double earlyMeanFluid,
    double lateMeanFluid) {

  static CohortFigures measure(SimulatorSettings settings, long seed, int stays) {
    StaySimulator simulator = new StaySimulator(settings, seed);
    Collector c = new Collector(settings);
    LongStream.range(0, stays).forEach(i -> c.add(simulator.generate(i)));
    return c.figures(settings);
  }

  private static final class Collector {
    final long binMillis;
    final int maxSteps;
    double[] maps = new double[0];
    double[] lactates = new double[0];
    double[] vasoDoses = new double[0];
    double[] fluidDoses = new double[0];
    int mapN;
    int lactateN;
    int vasoN;
    int fluidN;
    long steps;
    long stays;
    long deaths;
    long readmissions;
    final long[] earlyLate = new long[4];
    final double[] earlyLateFluid = new double[2];
    double[] binFluid = new double[0];
    double[] binVaso = new double[0];
    int binN;

    Collector(SimulatorSettings settings) {
      binMillis = settings.binHours() * 3_600_000L;
      maxSteps = settings.maxSteps();
    }

    void add(StayEvents e) {
      stays++;
      deaths += e.died ? 1 : 0;
      readmissions += e.profile.readmission() ? 1 : 0;
      long admit = e.profile.admitMillis();
      long end = Math.min(e.endMillis, admit + maxSteps * binMillis);
      int bins = (int) Math.min(maxSteps, (end - admit + binMillis - 1) / binMillis);
      steps += bins;
      double[] fluid = new double[bins];
      double[] vaso = new double[bins];
      for (int i = 0; i < e.fluids; i++) {
        fluid[bin(e.fluidStarts[i], admit, bins)] += e.fluidMl[i];
      }
      for (int i = 0; i < e.vasopressors; i++) {
        VasopressorDrug drug = VasopressorDrug.values()[e.drugs[i]];
        double ne =
            Vasopressors.norepinephrineEquivalent(
                drug.drugName(), e.rates[i], drug.rateUnit(), e.profile.weightKg());
        int b = bin(e.vasoStarts[i], admit, bins);
        vaso[b] = Math.max(vaso[b], ne);
      }
      double[] mapSum = new double[bins];
      int[] mapCount = new int[bins];
      double[] lacSum = new double[bins];
      int[] lacCount = new int[bins];
      for (int i = 0; i < e.measurements; i++) {
        ClinicalVariable v = ClinicalVariable.values()[e.variables[i]];
        int b = bin(e.measurementTimes[i], admit, bins);
        if (v == ClinicalVariable.MAP && v.isPlausible(e.values[i])) {
          mapSum[b] += e.values[i];
          mapCount[b]++;
        } else if (v == ClinicalVariable.LACTATE && v.isPlausible(e.values[i])) {
          lacSum[b] += e.values[i];
          lacCount[b]++;
        }
      }
      boolean early = e.profile.yearPosition() < 0.25;
      boolean late = e.profile.yearPosition() >= 0.75;
      for (int b = 0; b < bins; b++) {
        if (mapCount[b] > 0) {
          maps = push(maps, mapN++, mapSum[b] / mapCount[b]);
        }
        if (lacCount[b] > 0) {
          lactates = push(lactates, lactateN++, lacSum[b] / lacCount[b]);
        }
        if (vaso[b] > 0) {
          vasoDoses = push(vasoDoses, vasoN++, vaso[b]);
        }
        if (fluid[b] > 0) {
          fluidDoses = push(fluidDoses, fluidN++, fluid[b]);
        }
        binFluid = push(binFluid, binN, fluid[b]);
        binVaso = push(binVaso, binN++, vaso[b]);
        if (early || late) {
          int k = early ? 0 : 1;
          earlyLate[2 * k] += vaso[b] > 0 ? 1 : 0;
          earlyLate[2 * k + 1]++;
          earlyLateFluid[k] += fluid[b];
        }
      }
    }

    int bin(long time, long admit, int bins) {
      return (int) Math.min(bins - 1, Math.max(0, (time - admit) / binMillis));
    }

    CohortFigures figures(SimulatorSettings settings) {
      double[] v = Arrays.copyOf(vasoDoses, vasoN);
      double[] f = Arrays.copyOf(fluidDoses, fluidN);
      double vasoMedian = quantile(v, 0.5);
      double fluidMedian = quantile(f, 0.5);
      long[] actions = new long[9];
      for (int b = 0; b < binN; b++) {
        int iv = binFluid[b] == 0 ? 0 : binFluid[b] <= fluidMedian ? 1 : 2;
        int vaso = binVaso[b] == 0 ? 0 : binVaso[b] <= vasoMedian ? 1 : 2;
        actions[3 * iv + vaso]++;
      }
      return new CohortFigures(
          stays,
          deaths / (double) stays,
          readmissions / (double) stays,
          steps / (double) stays,
          quartiles(Arrays.copyOf(maps, mapN)),
          quartiles(Arrays.copyOf(lactates, lactateN)),
          quantile(Arrays.copyOf(lactates, lactateN), 0.95),
          vasoN / (double) steps,
          fluidN / (double) steps,
          quartiles(v),
          quartiles(f),
          actions,
          earlyLate[0] / (double) Math.max(1, earlyLate[1]),
          earlyLate[2] / (double) Math.max(1, earlyLate[3]),
          earlyLateFluid[0] / Math.max(1, earlyLate[1]),
          earlyLateFluid[1] / Math.max(1, earlyLate[3]));
    }
  }

  static double[] push(double[] array, int n, double value) {
    double[] a = n == array.length ? Arrays.copyOf(array, Math.max(1024, n * 2)) : array;
    a[n] = value;
    return a;
  }

  static double[] quartiles(double[] values) {
    return new double[] {quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75)};
  }

  static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  @Override
  public String toString() {
    return String.format(
        "stays=%d mortality=%.3f readmission=%.3f meanSteps=%.2f%n MAP q=%s%n lactate q=%s p95=%.2f%n"
            + " vaso steps=%.3f fluid steps=%.3f%n vaso q=%s%n fluid q=%s%n"
            + " early vaso=%.3f late vaso=%.3f early fluid=%.1f late fluid=%.1f%n actions=%s",
        stays,
        mortality,
        readmissionShare,
        meanSteps,
        Arrays.toString(mapQuartiles),
        Arrays.toString(lactateQuartiles),
        lactateP95,
        vasoStepShare,
        fluidStepShare,
        Arrays.toString(vasoQuartiles),
        Arrays.toString(fluidQuartiles),
        earlyVasoShare,
        lateVasoShare,
        earlyMeanFluid,
        lateMeanFluid,
        Arrays.toString(actionCounts));
  }

  /** Prints the figures of a cohort: {@code CohortFigures [stays] [seed]}. */
  public static void main(String[] args) {
    int stays = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
    SimulatorSettings settings = SimulatorSettings.defaults();
    System.out.println(measure(settings, seed, stays));
    GroundTruth truth = new GroundTruth(settings);
    System.out.println(
        "clinicians(2014)="
            + truth.evaluateLocally(ClinicianPolicy.representative(settings, 2014), stays, seed));
    System.out.println(
        "physiology-aware=" + truth.evaluateLocally(new PhysiologyAwarePolicy(), stays, seed));
  }
}
