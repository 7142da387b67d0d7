package org.sepsisiql.cohort;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sepsisiql.run.StageResult;

/**
 * What the cohort stage wrote: stays read and kept, stays excluded by reason, stays and transitions
 * per split, and the sha256 of the output's data file listing ({@code manifest.json}).
 */
public record CohortResult(
    long staysRead,
    long cohortStays,
    Map<String, Long> staysOut,
    Map<String, Long> staysBySplit,
    Map<String, Long> transitionsBySplit,
    String manifestSha256)
    implements StageResult {

  public CohortResult {
    staysOut = Map.copyOf(staysOut);
    staysBySplit = Map.copyOf(staysBySplit);
    transitionsBySplit = Map.copyOf(transitionsBySplit);
  }

  /** Total transitions over all splits. */
  public long transitions() {
    return transitionsBySplit.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("stays read", staysRead);
    counts.put("stays in cohort", cohortStays);
    for (String split : org.sepsisiql.data.TrajectorySchema.SPLITS) {
      counts.put(split + " stays", staysBySplit.getOrDefault(split, 0L));
      counts.put(split + " transitions", transitionsBySplit.getOrDefault(split, 0L));
    }
    counts.put("manifest sha256", manifestSha256);
    return counts;
  }
}
