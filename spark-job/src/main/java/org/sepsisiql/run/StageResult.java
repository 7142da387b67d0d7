package org.sepsisiql.run;

import java.util.Map;

/** What a stage reports about its output: named counts for {@code run.json} and the console. */
public interface StageResult {
  /** Counts in a stable order, e.g. {@code stays -> 2000}. */
  Map<String, Object> counts();

  /**
   * Where the stage computed, for {@code run.json}: ND4J's backend for the stages that train or
   * score networks ({@code nd4j_backend}); empty for the others.
   */
  default Map<String, String> environment() {
    return Map.of();
  }
}
