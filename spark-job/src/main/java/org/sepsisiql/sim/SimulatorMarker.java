package org.sepsisiql.sim;

/**
 * The file that marks extracts as made by the simulator, with the seed and size that made them
 * ({@code extracts/simulator.json}), so the evaluate stage can measure the ground truth of the same
 * population. Written by {@code synthesize} and by each seed of the OPE study.
 */
public final class SimulatorMarker {
  /** Its name inside the extracts folder. */
  public static final String FILE = "simulator.json";

  private SimulatorMarker() {}

  /** The marker's JSON text. */
  public static String json(long seed, long stays) {
    return "{\n  \"seed\" : " + seed + ",\n  \"stays\" : " + stays + "\n}\n";
  }
}
