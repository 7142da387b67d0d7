package org.sepsisiql.sim;

import static org.sepsisiql.sim.StayRandom.clamp;
import static org.sepsisiql.sim.StayRandom.gaussian;
import static org.sepsisiql.sim.StayRandom.sigmoid;

import java.util.SplittableRandom;

/**
 * The hidden physiology of one stay and its 4-hour dynamics (equations in SIMULATOR.md): infection
 * severity, vascular tone, intravascular volume, lactate, and renal, hepatic, coagulation and
 * respiratory function (1 = healthy). Treatments act through the state: vasopressors raise mean
 * arterial pressure (and add hazard when given in excess), fluids raise volume (clearing lactate
 * when under-filled, injuring the lungs when over-filled). Mutable, one per simulated stay; every
 * step draws a fixed number of random numbers so rollouts of different policies share noise.
 */
final class PatientPhysiology {
  static final double MAP_BASE = 44;
  static final double MAP_TONE_GAIN = 40;
  static final double VASO_MAX_EFFECT = 30;
  static final double VASO_HALF_EFFECT_DOSE = 0.2;
  static final double LITRE_VOLUME_GAIN = 0.28;
  static final double LEAK_PER_SEVERITY = 0.08;
  static final double BASE_HAZARD_LOGIT = -7.0;
  static final double BASE_POST_WINDOW_LOGIT = -4.2;

  private final double age;
  private final double severityAtOnset;
  private final double resolveRate;
  private final double mapOffset;
  private final double renalReserve;
  private final double hepaticReserve;
  private final double coagulationReserve;
  private final double respiratoryReserve;
  private final double mortalityShift;

  double severity;
  double tone;
  double volume;
  double lactate;
  double renal;
  double hepatic;
  double coagulation;
  double respiratory;
  boolean ventilated;
  double activeVasoDose;
  double cumulativeFluidMl;

  PatientPhysiology(PatientProfile profile, SplittableRandom random, double mortalityShift) {
    this.age = profile.ageYears();
    this.mortalityShift = mortalityShift;
    severityAtOnset = clamp(0.55 + 0.25 * gaussian(random), 0.05, 1.3);
    resolveRate = clamp(0.10 + 0.06 * gaussian(random), -0.03, 0.3);
    mapOffset = 5 * gaussian(random);
    double ageLoss = 0.004 * Math.max(0, age - 50);
    renalReserve = clamp(1.0 - ageLoss + 0.15 * gaussian(random), 0.3, 1.2);
    hepaticReserve = clamp(1.0 + 0.12 * gaussian(random), 0.35, 1.2);
    coagulationReserve = clamp(1.0 + 0.15 * gaussian(random), 0.3, 1.3);
    respiratoryReserve = clamp(1.0 - ageLoss + 0.15 * gaussian(random), 0.35, 1.2);
    severity = severityAtOnset * (0.3 + 0.2 * random.nextDouble());
    tone = 1 - 0.55 * severity;
    volume = clamp(1.0 - 0.3 * severity + 0.08 * gaussian(random), 0.5, 1.3);
    lactate = 1.0 + severity;
    renal = renalReserve;
    hepatic = hepaticReserve;
    coagulation = coagulationReserve;
    respiratory = respiratoryReserve;
    ventilated = respiratory < 0.45;
  }

  /** Mean arterial pressure from tone and volume alone (no vasopressor). */
  double mapWithoutVasopressor() {
    return MAP_BASE + MAP_TONE_GAIN * tone * Math.min(volume, 1.1) + mapOffset;
  }

  /** Mean arterial pressure under a norepinephrine-equivalent dose (mcg/kg/min). */
  double map(double vasoDose) {
    return mapWithoutVasopressor()
        + VASO_MAX_EFFECT * vasoDose / (vasoDose + VASO_HALF_EFFECT_DOSE);
  }

  /** Mean arterial pressure now, under the infusion still running from the previous step. */
  double currentMap() {
    return map(activeVasoDose);
  }

  /** Sum of the organ deficits (renal, hepatic, coagulation, respiratory below 1). */
  double organFailure() {
    return Math.max(0, 1 - renal)
        + Math.max(0, 1 - hepatic)
        + Math.max(0, 1 - coagulation)
        + Math.max(0, 1 - respiratory);
  }

  /** Urine production over one bin, in mL. */
  double urineMl(int binHours) {
    return binHours * 55 * renal * Math.pow(clamp(volume, 0.3, 1.5), 1.5);
  }

  /** Hypoperfusion index of a step: pressure below 68 mmHg and volume below 0.85. */
  double hypoperfusion(double map) {
    return Math.max(0, 68 - map) / 15 + 2.0 * Math.max(0, 0.85 - volume);
  }

  /**
   * Advances one step under the given doses and returns the probability of dying during it (0
   * before onset). Draws exactly six numbers from {@code random}.
   */
  double advance(double fluidMl, double vasoDose, boolean beforeOnset, SplittableRandom random) {
    double mapDuring = map(vasoDose);
    double hypo = hypoperfusion(mapDuring);
    double harm = vasopressorHarm(vasoDose);
    advanceSeverity(beforeOnset, hypo, gaussian(random));
    tone = clamp(tone + 0.6 * ((1 - 0.55 * severity) - tone) + 0.03 * gaussian(random), 0.1, 1.2);
    advanceVolume(fluidMl, gaussian(random));
    lactate =
        clamp(
            1.2
                + (lactate - 1.2) * Math.exp(-0.9 * hepatic)
                + 3.0 * hypo
                + 1.2 * severity
                + 0.15 * gaussian(random),
            0.4,
            25);
    advanceOrgans(hypo, gaussian(random));
    activeVasoDose = vasoDose;
    cumulativeFluidMl += fluidMl;
    random.nextDouble();
    return beforeOnset ? 0 : sigmoid(hazardLogit(mapDuring, harm));
  }

  private void advanceSeverity(boolean beforeOnset, double hypo, double noise) {
    double next =
        beforeOnset
            ? severity + 0.3 * (severityAtOnset - severity)
            : severity * (1 - resolveRate) + 0.05 * hypo;
    severity = clamp(next + 0.03 * noise, 0, 1.5);
  }

  private void advanceVolume(double fluidMl, double noise) {
    double leak = LEAK_PER_SEVERITY * severity;
    double relax = volume < 1 ? 0.10 * (1 - volume) : -(0.05 + 0.15 * renal) * (volume - 1);
    volume =
        clamp(volume + LITRE_VOLUME_GAIN * fluidMl / 1000 - leak + relax + 0.02 * noise, 0.3, 2.0);
  }

  private void advanceOrgans(double hypo, double noise) {
    renal = clamp(renal + 0.08 * (renalReserve - renal) - 0.10 * hypo - 0.05 * severity, 0.08, 1.3);
    hepatic =
        clamp(
            hepatic + 0.06 * (hepaticReserve - hepatic) - 0.05 * hypo - 0.03 * severity, 0.1, 1.3);
    coagulation =
        clamp(coagulation + 0.05 * (coagulationReserve - coagulation) - 0.05 * severity, 0.1, 1.4);
    double overfill = Math.max(0, volume - 1.1);
    respiratory =
        clamp(
            respiratory
                + 0.10 * (respiratoryReserve - respiratory)
                - 0.06 * severity
                - 0.35 * overfill
                + 0.02 * noise,
            0.1,
            1.2);
    ventilated = ventilated ? respiratory < 0.65 : respiratory < 0.45;
  }

  /** Extra hazard logit of a vasopressor dose given at adequate pressure, or at a high dose. */
  double vasopressorHarm(double vasoDose) {
    double unneeded = Math.max(0, mapWithoutVasopressor() - 70) / 15;
    return 2.0 * vasoDose * unneeded + 1.2 * Math.max(0, vasoDose - 0.5);
  }

  private double hazardLogit(double mapDuring, double harm) {
    return BASE_HAZARD_LOGIT
        + mortalityShift
        + 2.2 * severity
        + 1.3 * organFailure()
        + 0.08 * Math.max(0, 65 - mapDuring)
        + 0.25 * Math.max(0, lactate - 2)
        + 0.03 * (age - 65)
        + 1.5 * Math.max(0, volume - 1.2)
        + harm;
  }

  /** Probability of in-hospital death after the window, from the state at the window's end. */
  double postWindowDeathProbability() {
    return sigmoid(
        BASE_POST_WINDOW_LOGIT
            + mortalityShift
            + 2.5 * severity
            + 1.0 * organFailure()
            + 0.2 * Math.max(0, lactate - 2)
            + 0.03 * (age - 65)
            + 1.0 * Math.max(0, volume - 1.2)
            + (mapWithoutVasopressor() < 65 ? 1.0 : 0.0));
  }

  /** Whether the patient has recovered enough to leave (ends the stay with survival). */
  boolean recovered() {
    return severity < 0.2
        && organFailure() < 0.4
        && mapWithoutVasopressor() >= 65
        && lactate < 2
        && activeVasoDose == 0;
  }
}
