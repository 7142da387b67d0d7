package org.sepsisiql.sim;

import static org.sepsisiql.sim.ClinicianPolicy.orDefault;

import org.sepsisiql.data.Feature;
import org.sepsisiql.data.ObservationPolicy;

/**
 * A documented rule that beats the simulated clinicians on true value, from observed features only
 * (SIMULATOR.md explains why):
 *
 * <ul>
 *   <li>vasopressor high when MAP &lt; 58, low when MAP &lt; 65, or when already on one and MAP
 *       &lt; 72 (weaning); none otherwise (no harm of unneeded vasopressor);
 *   <li>fluid only when the patient is not overloaded (balance &lt; 4 L and P/F &gt;= 200 where
 *       known): high when lactate &gt;= 4 or (lactate &gt;= 2 and MAP &lt; 65), low when lactate
 *       &gt;= 2 or MAP &lt; 65 or the balance is below 1 L (replacing the capillary leak); none
 *       otherwise (no overfilling of stable patients).
 * </ul>
 *
 * Deterministic: the chosen action has probability 1. Missing features read as unremarkable.
 */
public final class PhysiologyAwarePolicy implements ObservationPolicy {
  private static final long serialVersionUID = 1L;
  static final double MAP_HIGH_VASO = 58;
  static final double MAP_LOW_VASO = 65;
  static final double MAP_WEAN = 72;
  static final double LACTATE_FLUID = 2;
  static final double LACTATE_HIGH_FLUID = 4;
  static final double BALANCE_LIMIT_ML = 4000;
  static final double PF_LIMIT = 200;
  static final double MAINTENANCE_BALANCE_ML = 1000;

  @Override
  public double[] actionProbabilities(double[] x) {
    double map = orDefault(x[Feature.MAP.index()], 75);
    double lactate = orDefault(x[Feature.LACTATE.index()], 1.5);
    double prevVaso = orDefault(x[Feature.PREV_VASO_DOSE.index()], 0);
    double balance = orDefault(x[Feature.FLUID_BALANCE_ML.index()], 0);
    double pf = orDefault(x[Feature.PF_RATIO.index()], 300);
    int vaso =
        map < MAP_HIGH_VASO ? 2 : map < MAP_LOW_VASO || (prevVaso > 0 && map < MAP_WEAN) ? 1 : 0;
    boolean overloaded = balance >= BALANCE_LIMIT_ML || pf < PF_LIMIT;
    int iv = 0;
    if (!overloaded) {
      boolean shocked = map < MAP_LOW_VASO;
      iv =
          lactate >= LACTATE_HIGH_FLUID || (lactate >= LACTATE_FLUID && shocked)
              ? 2
              : lactate >= LACTATE_FLUID || shocked || balance < MAINTENANCE_BALANCE_ML ? 1 : 0;
    }
    double[] p = new double[ACTIONS];
    p[3 * iv + vaso] = 1;
    return p;
  }
}
