package org.sepsisiql.sim;

import static org.sepsisiql.sim.StayRandom.clamp;
import static org.sepsisiql.sim.StayRandom.gaussian;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Draws who each stay is, from (seed, stay index) alone. Stay index i has stay_id i + 1 and, unless
 * it is a readmission, patient_id i + 1. Stays 2k and 2k + 1 form a pair; with probability {@code
 * readmission-pair-fraction} the pair is one patient, and stay 2k + 1 is that patient's readmission
 * 20 to 80 days after the first admission, provided the first stay ended alive (the caller decides
 * that by simulating it). First admissions are uniform from January 1 of the first year to October
 * 1 of the last, so readmissions stay inside the year range. A roster for a later period (the test
 * split's patients) draws first admissions from that period's start instead, every other draw
 * unchanged.
 */
final class PatientRoster implements Serializable {
  private static final long DAY = 86_400_000L;

  private final SimulatorSettings settings;
  private final long seed;
  private final long rangeStart;
  private final long rangeEnd;
  private final long lastAdmission;
  private final long drawFrom;

  /**
   * @param admittedFrom first admissions are drawn uniformly from this time (epoch ms; clamped to
   *     the year range) to the last admission date; {@code Long.MIN_VALUE} for the whole range
   */
  PatientRoster(SimulatorSettings settings, long seed, long admittedFrom) {
    this.settings = settings;
    this.seed = seed;
    this.rangeStart = epochMillis(settings.firstAdmissionYear(), 1);
    this.rangeEnd = epochMillis(settings.lastAdmissionYear() + 1, 1);
    this.lastAdmission = epochMillis(settings.lastAdmissionYear(), 10);
    this.drawFrom = Math.min(Math.max(rangeStart, admittedFrom), lastAdmission);
  }

  /** Whether stay {@code index} is the second of a pair drawn as one patient. */
  boolean pairedWithPrevious(long index) {
    if (index % 2 == 0) {
      return false;
    }
    SplittableRandom random = StayRandom.stream(seed, index / 2, StayRandom.PAIR);
    return random.nextDouble() < settings.readmissionPairFraction();
  }

  /** A first admission of a new patient. */
  PatientProfile draw(long index) {
    SplittableRandom r = StayRandom.stream(seed, index, StayRandom.PATIENT);
    double age = clamp(65 + 15 * gaussian(r), 18, 95);
    boolean female = r.nextDouble() < 0.45;
    double weight = clamp(78 * Math.exp(0.22 * gaussian(r)) - (female ? 8 : 0), 35, 200);
    double elixhauser =
        r.nextDouble() < 0.05
            ? Double.NaN
            : Math.max(0, Math.round(4 + 0.05 * (age - 65) + 3 * gaussian(r)));
    long admit = drawFrom + (long) (r.nextDouble() * (lastAdmission - drawFrom));
    return new PatientProfile(
        index + 1,
        index + 1,
        admit,
        yearPosition(admit),
        age,
        female,
        weight,
        false,
        elixhauser,
        r.nextInt(settings.clinicians()),
        r.nextDouble() < settings.nonCanonicalUnitFraction(),
        VasopressorDrug.at(r.nextDouble()));
  }

  /** The readmission (stay {@code index}) of the patient whose first stay was {@code first}. */
  PatientProfile readmissionOf(PatientProfile first, long index) {
    SplittableRandom pair = StayRandom.stream(seed, index / 2, StayRandom.PAIR);
    pair.nextDouble();
    long gap = (long) ((20 + 60 * pair.nextDouble()) * DAY);
    long admit = first.admitMillis() + gap;
    PatientProfile own = draw(index);
    return new PatientProfile(
        index + 1,
        first.patientId(),
        admit,
        yearPosition(admit),
        first.ageYears() + gap / (365.25 * DAY),
        first.female(),
        first.weightKg(),
        true,
        first.elixhauser(),
        own.clinician(),
        first.chartsNonCanonical(),
        first.drug());
  }

  private double yearPosition(long admit) {
    return (admit - rangeStart) / (double) (rangeEnd - rangeStart);
  }

  private static long epochMillis(int year, int month) {
    return LocalDate.of(year, month, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
