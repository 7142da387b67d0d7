package org.sepsisiql.mimic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sepsisiql.run.StageResult;

/** What an extraction wrote: named counts, in a stable order, for run.json and the console. */
public record MimicExtractResult(Map<String, Object> counts) implements StageResult {
  public MimicExtractResult {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** One count as a long; fails for an unknown name. */
  public long count(String name) {
    Object value = counts.get(name);
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException("no count named " + name + " in " + counts.keySet());
    }
    return number.longValue();
  }
}
