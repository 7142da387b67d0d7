package org.sepsisiql.sim;

import org.sepsisiql.data.ClinicalVariable;

/**
 * Receives the events of a simulated stay as they are charted. Times are epoch milliseconds (UTC).
 * The cohort writer keeps them ({@link StayEvents}); a rollout only aggregates what the policy
 * needs ({@link BinCollector}).
 */
interface EventSink {
  /** A measurement of a canonical variable, in the unit {@code ChartUnits.name(unitCode)}. */
  void measurement(long time, ClinicalVariable variable, double value, int unitCode);

  void urine(long time, double amountMl);

  void fluid(long start, long end, double amountMl);

  void vasopressor(long start, long end, VasopressorDrug drug, double rate);
}
