package org.sepsisiql.sim;

import org.sepsisiql.data.BinObservation;
import org.sepsisiql.data.ClinicalVariable;

/**
 * Aggregates one bin's charted events with the shared {@link BinObservation.Accumulator} (the udfs'
 * unit conversion and the plausibility ranges), exactly as the cohort stage does, and passes every
 * event on to a delegate sink (the stored stay, or nothing in a rollout).
 */
final class BinCollector implements EventSink {
  private final EventSink delegate;
  private BinObservation.Accumulator accumulator = new BinObservation.Accumulator();

  BinCollector(EventSink delegate) {
    this.delegate = delegate;
  }

  /** The finished bin; starts the next one. */
  BinObservation finishBin() {
    BinObservation bin = accumulator.build();
    accumulator = new BinObservation.Accumulator();
    return bin;
  }

  @Override
  public void measurement(long time, ClinicalVariable variable, double value, int unitCode) {
    accumulator.add(variable, value, ChartUnits.name(unitCode));
    delegate.measurement(time, variable, value, unitCode);
  }

  @Override
  public void urine(long time, double amountMl) {
    accumulator.addUrine(amountMl);
    delegate.urine(time, amountMl);
  }

  @Override
  public void fluid(long start, long end, double amountMl) {
    delegate.fluid(start, end, amountMl);
  }

  @Override
  public void vasopressor(long start, long end, VasopressorDrug drug, double rate) {
    delegate.vasopressor(start, end, drug, rate);
  }

  /** A sink that keeps nothing (rollouts). */
  static final EventSink DISCARD =
      new EventSink() {
        @Override
        public void measurement(long time, ClinicalVariable variable, double value, int unit) {}

        @Override
        public void urine(long time, double amountMl) {}

        @Override
        public void fluid(long start, long end, double amountMl) {}

        @Override
        public void vasopressor(long start, long end, VasopressorDrug drug, double rate) {}
      };
}
