package org.sepsisiql.sim;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.sepsisiql.data.ClinicalVariable;

/**
 * Everything one simulated stay writes: its profile and outcome times, and its events in compact
 * primitive arrays (about 400 measurements, 7 KB serialized), so a partition of stays can be cached
 * serialized and turned into the rows of each dataset without simulating again.
 *
 * <p>Times: admission at the window's start (onset - hours-before-onset); sepsis onset is the
 * earlier of culture and first antibiotic, the other following within 3 hours. A stay ending in the
 * window ends 1 to 4 minutes before its last bin's end (after every charted event); a stay reaching
 * the window's end is discharged 1 to 10 days later, or dies 0.5 to 14 days later.
 */
final class StayEvents implements EventSink, Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MINUTE = 60_000L;
  private static final long DAY = 86_400_000L;

  final PatientProfile profile;
  final long onsetMillis;
  long cultureMillis;
  long antibioticMillis;
  long endMillis;
  boolean died;

  int measurements;
  long[] measurementTimes = new long[512];
  byte[] variables = new byte[512];
  double[] values = new double[512];
  byte[] units = new byte[512];

  int urines;
  long[] urineTimes = new long[72];
  double[] urineMl = new double[72];

  int fluids;
  long[] fluidStarts = new long[32];
  long[] fluidEnds = new long[32];
  double[] fluidMl = new double[32];

  int vasopressors;
  long[] vasoStarts = new long[8];
  long[] vasoEnds = new long[8];
  byte[] drugs = new byte[8];
  double[] rates = new double[8];

  StayEvents(PatientProfile profile, SimulatorSettings settings) {
    this.profile = profile;
    this.onsetMillis = profile.admitMillis() + settings.hoursBeforeOnset() * 3_600_000L;
  }

  @Override
  public void measurement(long time, ClinicalVariable variable, double value, int unitCode) {
    if (measurements == values.length) {
      int size = values.length * 2;
      measurementTimes = Arrays.copyOf(measurementTimes, size);
      variables = Arrays.copyOf(variables, size);
      values = Arrays.copyOf(values, size);
      units = Arrays.copyOf(units, size);
    }
    measurementTimes[measurements] = time;
    variables[measurements] = (byte) variable.ordinal();
    values[measurements] = value;
    units[measurements++] = (byte) unitCode;
  }

  @Override
  public void urine(long time, double amountMl) {
    if (urines == urineMl.length) {
      urineTimes = Arrays.copyOf(urineTimes, urines * 2);
      urineMl = Arrays.copyOf(urineMl, urines * 2);
    }
    urineTimes[urines] = time;
    urineMl[urines++] = amountMl;
  }

  @Override
  public void fluid(long start, long end, double amountMl) {
    if (fluids == fluidMl.length) {
      fluidStarts = Arrays.copyOf(fluidStarts, fluids * 2);
      fluidEnds = Arrays.copyOf(fluidEnds, fluids * 2);
      fluidMl = Arrays.copyOf(fluidMl, fluids * 2);
    }
    fluidStarts[fluids] = start;
    fluidEnds[fluids] = end;
    fluidMl[fluids++] = amountMl;
  }

  @Override
  public void vasopressor(long start, long end, VasopressorDrug drug, double rate) {
    if (vasopressors == rates.length) {
      vasoStarts = Arrays.copyOf(vasoStarts, vasopressors * 2);
      vasoEnds = Arrays.copyOf(vasoEnds, vasopressors * 2);
      drugs = Arrays.copyOf(drugs, vasopressors * 2);
      rates = Arrays.copyOf(rates, vasopressors * 2);
    }
    vasoStarts[vasopressors] = start;
    vasoEnds[vasopressors] = end;
    drugs[vasopressors] = (byte) drug.ordinal();
    rates[vasopressors++] = rate;
  }

  /** Sets the outcome times and infection times, and trims the arrays for caching. */
  void finish(StayOutcome outcome, SplittableRandom random, long binMillis) {
    died = outcome.died();
    long windowEnd = profile.admitMillis() + outcome.steps() * binMillis;
    if (outcome.endedInWindow()) {
      endMillis = windowEnd - (1 + random.nextLong(4)) * MINUTE;
    } else if (died) {
      endMillis = windowEnd + (long) ((0.5 + 13.5 * random.nextDouble()) * DAY);
    } else {
      endMillis = windowEnd + (long) ((1 + 9 * random.nextDouble()) * DAY);
    }
    long other = onsetMillis + random.nextLong(180) * MINUTE;
    boolean cultureFirst = random.nextDouble() < 0.7;
    cultureMillis = cultureFirst ? onsetMillis : other;
    antibioticMillis = cultureFirst ? other : onsetMillis;
    trim();
  }

  private void trim() {
    measurementTimes = Arrays.copyOf(measurementTimes, measurements);
    variables = Arrays.copyOf(variables, measurements);
    values = Arrays.copyOf(values, measurements);
    units = Arrays.copyOf(units, measurements);
    urineTimes = Arrays.copyOf(urineTimes, urines);
    urineMl = Arrays.copyOf(urineMl, urines);
    fluidStarts = Arrays.copyOf(fluidStarts, fluids);
    fluidEnds = Arrays.copyOf(fluidEnds, fluids);
    fluidMl = Arrays.copyOf(fluidMl, fluids);
    vasoStarts = Arrays.copyOf(vasoStarts, vasopressors);
    vasoEnds = Arrays.copyOf(vasoEnds, vasopressors);
    drugs = Arrays.copyOf(drugs, vasopressors);
    rates = Arrays.copyOf(rates, vasopressors);
  }
}
