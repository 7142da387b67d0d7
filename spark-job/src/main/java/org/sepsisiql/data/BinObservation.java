package org.sepsisiql.data;

import java.util.Arrays;

/**
 * What was observed during one 4-hour bin of one stay, before sample-and-hold: the mean of each
 * {@link ClinicalVariable} over the bin's plausible canonical measurements (NaN when none), and the
 * bin's urine output in mL (0 when none was charted).
 *
 * <p>The cohort stage fills it from Spark SQL aggregates; the simulator's rollouts fill it with
 * {@link Accumulator} from the measurement events they emit, so both use the same rules.
 */
public final class BinObservation {
  private final double[] means;
  private final double urineMl;

  public BinObservation(double[] means, double urineMl) {
    if (means.length != ClinicalVariable.values().length) {
      throw new IllegalArgumentException(
          "expected " + ClinicalVariable.values().length + " variable means, got " + means.length);
    }
    this.means = means.clone();
    this.urineMl = urineMl;
  }

  public double mean(ClinicalVariable variable) {
    return means[variable.ordinal()];
  }

  public double urineMl() {
    return urineMl;
  }

  /**
   * Collects the events of one bin: each measurement is converted to its canonical unit, dropped
   * when implausible, and averaged.
   */
  public static final class Accumulator {
    private final double[] sums = new double[ClinicalVariable.values().length];
    private final int[] counts = new int[ClinicalVariable.values().length];
    private double urineMl;

    /** Adds a measurement already in its canonical unit; returns false when it was dropped. */
    public boolean addCanonical(ClinicalVariable variable, double value) {
      if (!variable.isPlausible(value)) {
        return false;
      }
      sums[variable.ordinal()] += value;
      counts[variable.ordinal()]++;
      return true;
    }

    /** Adds a measurement in any unit the udfs know; returns false when it was dropped. */
    public boolean add(ClinicalVariable variable, double value, String unit) {
      return addCanonical(
          variable,
          org.sepsisiql.udfs.UnitConversions.toCanonical(variable.columnName(), value, unit));
    }

    public void addUrine(double amountMl) {
      if (Double.isFinite(amountMl) && amountMl >= 0) {
        urineMl += amountMl;
      }
    }

    public BinObservation build() {
      double[] means = new double[sums.length];
      for (int i = 0; i < means.length; i++) {
        means[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
      }
      return new BinObservation(means, urineMl);
    }
  }

  @Override
  public String toString() {
    return "BinObservation" + Arrays.toString(means) + ", urine=" + urineMl;
  }
}
