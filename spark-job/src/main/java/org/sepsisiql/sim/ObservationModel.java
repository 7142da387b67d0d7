package org.sepsisiql.sim;

import static org.sepsisiql.data.ClinicalVariable.*;
import static org.sepsisiql.sim.StayRandom.clamp;
import static org.sepsisiql.sim.StayRandom.gaussian;

import java.util.SplittableRandom;
import org.sepsisiql.data.ClinicalVariable;

/**
 * Charts one bin of a stay from the hidden state at the bin's start: vitals hourly (a whole hour
 * missed with the vital missing rate), temperature, GCS and ventilator settings about once a bin, a
 * chemistry panel and a blood count about every 13 hours, coagulation and bilirubin daily, blood
 * gases about every 20 hours (more often on the ventilator), lactate more often when high, and the
 * bin's urine in up to 4 charts. Every value carries measurement noise; a small share are gross
 * errors (9999) that the plausibility ranges drop; some wards chart four variables in non-canonical
 * units. All events fall in [bin start, bin start + 235 min], before any death or discharge in the
 * bin. The number of draws varies with the charting, so it has its own stream.
 */
final class ObservationModel {
  private static final long MINUTE = 60_000L;
  private static final double OUTLIER = 9999;

  private final SimulatorSettings settings;

  ObservationModel(SimulatorSettings settings) {
    this.settings = settings;
  }

  void chartBin(
      PatientPhysiology p, PatientProfile profile, long binStart, SplittableRandom r, EventSink s) {
    Charter c = new Charter(profile, r, s);
    for (int hour = 0; hour < 4; hour++) {
      if (r.nextDouble() >= settings.vitalMissingRate()) {
        chartVitals(p, c, binStart + hour * 60 * MINUTE + r.nextLong(55) * MINUTE);
      }
    }
    long t = binStart + r.nextLong(235) * MINUTE;
    double fio2 = fio2(p, r);
    c.maybe(0.85, t, TEMP_C, 36.9 + 1.5 * p.severity + 0.4 * gaussian(r));
    c.maybe(0.75, t, GCS, Math.round(clamp(15 - 5 * p.severity - (p.ventilated ? 3 : 0), 3, 15)));
    c.maybe(p.ventilated ? 1.0 : 0.8, t, FIO2, fio2);
    c.maybe(0.8, t, MECH_VENT, p.ventilated ? 1 : 0);
    c.maybe(0.4, binStart + r.nextLong(235) * MINUTE, GLUCOSE, glucose(p, r));
    if (r.nextDouble() < 0.3) {
      chartChemistry(p, c, binStart + r.nextLong(235) * MINUTE);
    }
    if (r.nextDouble() < 0.3) {
      chartBloodCount(p, c, binStart + r.nextLong(235) * MINUTE);
    }
    double gasChance = p.ventilated ? 0.5 : 0.2;
    if (r.nextDouble() < gasChance) {
      chartBloodGas(p, c, binStart + r.nextLong(235) * MINUTE, fio2);
    }
    c.maybe(
        p.lactate > 2 ? 0.6 : 0.3,
        binStart + r.nextLong(235) * MINUTE,
        LACTATE,
        p.lactate * Math.exp(0.08 * gaussian(r)));
    chartUrine(p, binStart, r, s);
  }

  private void chartVitals(PatientPhysiology p, Charter c, long t) {
    SplittableRandom r = c.random;
    double map = p.currentMap() + 4 * gaussian(r);
    double pulsePressure = Math.max(15, 45 + 8 * gaussian(r));
    double heartRate = 78 + 35 * p.severity + 40 * Math.max(0, 0.9 - p.volume) + 5 * gaussian(r);
    c.chart(t, HEART_RATE, heartRate);
    c.chart(t, MAP, map);
    c.chart(t, SBP, map + 2 * pulsePressure / 3);
    c.chart(t, DBP, map - pulsePressure / 3);
    c.chart(
        t,
        RESP_RATE,
        15 + 8 * p.severity + 10 * Math.max(0, 1 - p.respiratory) + 2.5 * gaussian(r));
    c.chart(t, SPO2, clamp(97.5 - 15 * Math.max(0, 0.5 - p.respiratory) + gaussian(r), 70, 100));
  }

  private void chartChemistry(PatientPhysiology p, Charter c, long t) {
    SplittableRandom r = c.random;
    double renalLoss = Math.max(0, 1 - p.renal);
    c.chart(t, POTASSIUM, 4.1 + 0.8 * renalLoss + 0.35 * gaussian(r));
    c.chart(t, SODIUM, 139 + 3 * gaussian(r));
    c.chart(t, CHLORIDE, 103 + Math.min(12, 0.0008 * p.cumulativeFluidMl) + 3 * gaussian(r));
    c.chart(t, BUN, Math.max(3, 14 / Math.pow(p.renal, 1.2) + 3 * gaussian(r)));
    c.chart(t, CREATININE, 0.9 / p.renal * Math.exp(0.08 * gaussian(r)));
    c.chart(t, MAGNESIUM, 2.0 + 0.2 * gaussian(r));
    c.chart(t, BICARBONATE, 24 - 1.8 * (p.lactate - 1) + 2 * gaussian(r));
    c.chart(t, GLUCOSE, glucose(p, r));
  }

  private void chartBloodCount(PatientPhysiology p, Charter c, long t) {
    SplittableRandom r = c.random;
    c.chart(t, HEMOGLOBIN, Math.max(5, 11.5 - 0.0006 * p.cumulativeFluidMl + gaussian(r)));
    c.chart(t, WBC, Math.max(0.3, 9 + 9 * p.severity + 3 * gaussian(r)));
    c.chart(t, PLATELETS, 240 * p.coagulation * Math.exp(0.2 * gaussian(r)));
    if (r.nextDouble() < 0.6) {
      c.chart(t, INR, 1.05 / Math.pow(p.coagulation, 0.8) * Math.exp(0.05 * gaussian(r)));
    }
    if (r.nextDouble() < 0.5) {
      c.chart(t, BILIRUBIN, 0.7 / Math.pow(p.hepatic, 1.5) * Math.exp(0.15 * gaussian(r)));
    }
  }

  private void chartBloodGas(PatientPhysiology p, Charter c, long t, double fio2) {
    SplittableRandom r = c.random;
    double bicarbonate = 24 - 1.8 * (p.lactate - 1) + 2 * gaussian(r);
    c.chart(t, PH, 7.40 - 0.035 * (p.lactate - 1) + 0.03 * gaussian(r));
    c.chart(t, PAO2, 470 * p.respiratory * fio2 * Math.exp(0.1 * gaussian(r)));
    c.chart(t, PACO2, Math.max(15, 40 - 2.0 * (p.lactate - 1) + 4 * gaussian(r)));
    c.chart(t, BASE_EXCESS, bicarbonate - 24 + gaussian(r));
  }

  private static double fio2(PatientPhysiology p, SplittableRandom r) {
    double deficit = Math.max(0, 0.8 - p.respiratory);
    double fio2 = p.ventilated ? 0.3 + 0.6 * deficit / 0.7 : 0.21 + 0.3 * deficit;
    return clamp(Math.round((fio2 + 0.03 * gaussian(r)) * 20) / 20.0, 0.21, 1.0);
  }

  private static double glucose(PatientPhysiology p, SplittableRandom r) {
    return Math.max(40, 125 + 45 * p.severity + 25 * gaussian(r));
  }

  private void chartUrine(PatientPhysiology p, long binStart, SplittableRandom r, EventSink s) {
    double total = p.urineMl(settings.binHours()) * Math.exp(0.15 * gaussian(r));
    double pending = 0;
    for (int hour = 0; hour < 4; hour++) {
      pending += total / 4;
      if (hour == 3 || r.nextDouble() >= 0.1) {
        s.urine(binStart + (hour * 60 + 30 + r.nextLong(25)) * MINUTE, pending);
        pending = 0;
      }
    }
  }

  /** Charts values with noise-free units conversion and occasional gross errors. */
  private final class Charter {
    final SplittableRandom random;
    private final boolean nonCanonical;
    private final EventSink sink;

    Charter(PatientProfile profile, SplittableRandom random, EventSink sink) {
      this.random = random;
      this.nonCanonical = profile.chartsNonCanonical();
      this.sink = sink;
    }

    void maybe(double chance, long time, ClinicalVariable variable, double value) {
      if (random.nextDouble() < chance) {
        chart(time, variable, value);
      }
    }

    void chart(long time, ClinicalVariable variable, double value) {
      if (random.nextDouble() < settings.outlierRate()) {
        sink.measurement(time, variable, OUTLIER, ChartUnits.canonical(variable));
      } else if (nonCanonical) {
        chartNonCanonical(time, variable, value);
      } else {
        sink.measurement(time, variable, value, ChartUnits.canonical(variable));
      }
    }

    private void chartNonCanonical(long time, ClinicalVariable variable, double value) {
      switch (variable) {
        case TEMP_C -> sink.measurement(time, variable, value * 9 / 5 + 32, ChartUnits.FAHRENHEIT);
        case GLUCOSE -> sink.measurement(time, variable, value / 18.016, ChartUnits.MMOL_L);
        case FIO2 -> sink.measurement(time, variable, value * 100, ChartUnits.PERCENT);
        case CREATININE -> sink.measurement(time, variable, value * 88.42, ChartUnits.UMOL_L);
        default -> sink.measurement(time, variable, value, ChartUnits.canonical(variable));
      }
    }
  }
}
