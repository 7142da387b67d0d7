package org.sepsisiql.cohort;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The extracts after the cleaning rules, persisted.
 *
 * @param stays the stay columns plus {@code stay_end} (the earlier of discharge and death)
 * @param measurements {@code stay_id, charttime, variable} (canonical name), {@code value}
 *     (canonical unit, plausible)
 * @param fluids {@code stay_id, start_time, end_time, amount_ml}
 * @param vasopressors {@code stay_id, start_time, end_time, ne_dose} (mcg/kg/min NE-equivalent)
 * @param urineOutput {@code stay_id, charttime, amount_ml}
 * @param infection {@code stay_id, antibiotic_time, culture_time}; empty when absent
 */
record CleanExtracts(
    Dataset<Row> stays,
    Dataset<Row> measurements,
    Dataset<Row> fluids,
    Dataset<Row> vasopressors,
    Dataset<Row> urineOutput,
    Optional<Dataset<Row>> infection) {

  void unpersist() {
    stays.unpersist();
    measurements.unpersist();
    fluids.unpersist();
    vasopressors.unpersist();
    urineOutput.unpersist();
    infection.ifPresent(Dataset::unpersist);
  }
}
