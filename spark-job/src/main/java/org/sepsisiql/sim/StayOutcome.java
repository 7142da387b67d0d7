package org.sepsisiql.sim;

import java.io.Serializable;

/**
 * How a simulated stay ended.
 *
 * @param steps number of 4-hour steps (bins) in the window, 1 to the window's maximum
 * @param died in-hospital death (inside the window, or after it by the post-window formula)
 * @param endedInWindow whether the stay ended inside the window (death or discharge)
 */
public record StayOutcome(int steps, boolean died, boolean endedInWindow) implements Serializable {

  /** The discounted return gamma^(steps - 1) * (died ? -reward : +reward). */
  public double discountedReturn(double gamma, double terminalReward) {
    return Math.pow(gamma, steps - 1) * (died ? -terminalReward : terminalReward);
  }
}
