package org.sepsisiql.sim;

import java.io.Serializable;
import org.sepsisiql.data.StayStatics;

/**
 * Who a simulated stay is: identifiers, demographics, admission time, the treating clinician, how
 * the ward charts (units), and the vasopressor it prefers. Drawn by {@link PatientRoster}.
 *
 * @param yearPosition admission time as a fraction of the admission-year range: 0 at the first
 *     year's start, 1 at the last year's end (drives the clinicians' drift)
 * @param chartsNonCanonical whether this ward charts temperature in F, glucose in mmol/L, FiO2 in
 *     percent and creatinine in umol/L
 */
record PatientProfile(
    long stayId,
    long patientId,
    long admitMillis,
    double yearPosition,
    double ageYears,
    boolean female,
    double weightKg,
    boolean readmission,
    double elixhauser,
    int clinician,
    boolean chartsNonCanonical,
    VasopressorDrug drug)
    implements Serializable {

  StayStatics statics() {
    return new StayStatics(ageYears, female, weightKg, readmission, elixhauser);
  }
}
