package org.sepsisiql.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.sepsisiql.data.ClinicalVariable;

/**
 * Turns one simulated stay into the rows of each dataset of the extract contract, in the column
 * order of {@code ExtractSchemas}, with times as epoch microseconds (longs): converting {@code
 * java.sql.Timestamp}s row by row (calendar rebasing) cost more than simulating, so the writer
 * casts them with {@code timestamp_micros} in generated code. Cost: one row object per event.
 */
final class ExtractRows {
  private ExtractRows() {}

  static Row stay(StayEvents e) {
    PatientProfile p = e.profile;
    return RowFactory.create(
        p.stayId(),
        p.patientId(),
        time(p.admitMillis()),
        time(e.endMillis),
        p.ageYears(),
        p.female() ? "F" : "M",
        p.weightKg(),
        p.readmission(),
        Double.isNaN(p.elixhauser()) ? null : p.elixhauser(),
        e.died,
        e.died ? time(e.endMillis) : null,
        time(e.onsetMillis));
  }

  static Row infection(StayEvents e) {
    return RowFactory.create(e.profile.stayId(), time(e.antibioticMillis), time(e.cultureMillis));
  }

  static Iterator<Row> measurements(StayEvents e) {
    List<Row> rows = new ArrayList<>(e.measurements);
    Long stayId = e.profile.stayId();
    ClinicalVariable[] variables = ClinicalVariable.values();
    for (int i = 0; i < e.measurements; i++) {
      rows.add(
          RowFactory.create(
              stayId,
              time(e.measurementTimes[i]),
              variables[e.variables[i]].columnName(),
              e.values[i],
              ChartUnits.name(e.units[i])));
    }
    return rows.iterator();
  }

  static Iterator<Row> fluids(StayEvents e) {
    List<Row> rows = new ArrayList<>(e.fluids);
    for (int i = 0; i < e.fluids; i++) {
      rows.add(
          RowFactory.create(
              e.profile.stayId(), time(e.fluidStarts[i]), time(e.fluidEnds[i]), e.fluidMl[i]));
    }
    return rows.iterator();
  }

  static Iterator<Row> vasopressors(StayEvents e) {
    List<Row> rows = new ArrayList<>(e.vasopressors);
    VasopressorDrug[] drugs = VasopressorDrug.values();
    for (int i = 0; i < e.vasopressors; i++) {
      VasopressorDrug drug = drugs[e.drugs[i]];
      rows.add(
          RowFactory.create(
              e.profile.stayId(),
              time(e.vasoStarts[i]),
              time(e.vasoEnds[i]),
              drug.drugName(),
              e.rates[i],
              drug.rateUnit()));
    }
    return rows.iterator();
  }

  static Iterator<Row> urine(StayEvents e) {
    List<Row> rows = new ArrayList<>(e.urines);
    for (int i = 0; i < e.urines; i++) {
      rows.add(RowFactory.create(e.profile.stayId(), time(e.urineTimes[i]), e.urineMl[i]));
    }
    return rows.iterator();
  }

  /** Times travel as epoch microseconds; the writer turns them into timestamps in SQL. */
  private static Long time(long epochMillis) {
    return epochMillis * 1000L;
  }
}
