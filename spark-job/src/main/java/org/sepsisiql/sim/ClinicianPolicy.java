package org.sepsisiql.sim;

import static org.sepsisiql.sim.StayRandom.gaussian;
import static org.sepsisiql.sim.StayRandom.sigmoid;

import java.util.SplittableRandom;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.ObservationPolicy;

/**
 * How the simulated clinicians treat, from what they see (the held raw features, never the hidden
 * state). Two independent decisions per bin, each "whether" then "how much":
 *
 * <pre>
 * P(vaso > 0)      = sigmoid(-1.6 + 0.20 (72 - MAP) + 2.4 [prev vaso > 0] + dv (y - 1/2) + bv)
 * P(vaso high | >0) = sigmoid(0.12 (65 - MAP) + 1.6 [prev vaso > cut] - 0.5 [0 < prev vaso <= cut] + 0.9)
 * P(iv > 0)        = sigmoid(1.8 + 0.6 (lactate - 2) + 0.05 (75 - MAP) + df (y - 1/2) + bf
 *                            - 0.0003 max(0, balance - 4000))
 * P(iv high | >0)  = sigmoid(0.3 + 0.45 (lactate - 2) + 0.04 (72 - MAP) + df (y - 1/2) / 2)
 * </pre>
 *
 * where y in [0, 1] is the admission time across the year range (drift dv toward vasopressors, df
 * away from fluids), bv and bf the clinician's own biases. The 9 joint probabilities are mixed with
 * a floor so every action stays possible: p = floor + (1 - 9 floor) p. Missing features read as
 * unremarkable (MAP 75, lactate 1.5, no balance). Cost: a few exponentials per call.
 */
public final class ClinicianPolicy implements ObservationPolicy {
  private static final long serialVersionUID = 1L;

  private final double floor;
  private final double vasoShift;
  private final double fluidShift;
  private final double fluidHighShift;
  private final double vasoCut;

  private ClinicianPolicy(SimulatorSettings settings, double yearPosition, double bv, double bf) {
    this.floor = settings.actionFloor();
    double centred = yearPosition - 0.5;
    this.vasoShift = settings.vasopressorDrift() * centred + bv;
    this.fluidShift = settings.fluidDrift() * centred + bf;
    this.fluidHighShift = settings.fluidDrift() * centred / 2;
    this.vasoCut = settings.vasopressorLevels().cut();
  }

  /** The clinician of a stay: personal biases drawn from (seed, clinician). */
  static ClinicianPolicy forStay(SimulatorSettings settings, long seed, PatientProfile profile) {
    SplittableRandom random = StayRandom.stream(seed, profile.clinician(), StayRandom.CLINICIAN);
    double bv = settings.clinicianSpread() * gaussian(random);
    double bf = settings.clinicianSpread() * gaussian(random);
    return new ClinicianPolicy(settings, profile.yearPosition(), bv, bf);
  }

  /** A representative clinician (no personal bias) practising in the given admission year. */
  public static ClinicianPolicy representative(SimulatorSettings settings, double year) {
    double span = settings.lastAdmissionYear() + 1 - settings.firstAdmissionYear();
    double position = (year + 0.5 - settings.firstAdmissionYear()) / span;
    return new ClinicianPolicy(settings, Math.max(0, Math.min(1, position)), 0, 0);
  }

  @Override
  public double[] actionProbabilities(double[] x) {
    double map = orDefault(x[Feature.MAP.index()], 75);
    double lactate = orDefault(x[Feature.LACTATE.index()], 1.5);
    double prevVaso = orDefault(x[Feature.PREV_VASO_DOSE.index()], 0);
    double balance = orDefault(x[Feature.FLUID_BALANCE_ML.index()], 0);
    double vasoOn = sigmoid(-1.6 + 0.20 * (72 - map) + (prevVaso > 0 ? 2.4 : 0) + vasoShift);
    double prevSign = prevVaso > vasoCut ? 1.6 : prevVaso > 0 ? -0.5 : 0;
    double vasoHigh = sigmoid(0.12 * (65 - map) + prevSign + 0.9);
    double overload = 0.0003 * Math.max(0, balance - 4000);
    double ivOn = sigmoid(1.8 + 0.6 * (lactate - 2) + 0.05 * (75 - map) + fluidShift - overload);
    double ivHigh = sigmoid(0.3 + 0.45 * (lactate - 2) + 0.04 * (72 - map) + fluidHighShift);
    return joint(levels(ivOn, ivHigh), levels(vasoOn, vasoHigh), floor);
  }

  static double[] levels(double on, double high) {
    return new double[] {1 - on, on * (1 - high), on * high};
  }

  static double[] joint(double[] iv, double[] vaso, double floor) {
    double[] p = new double[ACTIONS];
    for (int i = 0; i < 3; i++) {
      for (int v = 0; v < 3; v++) {
        p[3 * i + v] = floor + (1 - ACTIONS * floor) * iv[i] * vaso[v];
      }
    }
    return p;
  }

  static double orDefault(double value, double fallback) {
    return Double.isFinite(value) ? value : fallback;
  }
}
