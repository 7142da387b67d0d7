package org.sepsisiql.run;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One stage's entry in {@code run.json}: what it read, wrote and counted, and how long it took. */
public record StageRecord(
    String name,
    Instant startedAt,
    Instant finishedAt,
    List<String> inputs,
    String output,
    Map<String, Object> counts,
    Map<String, String> environment) {
  public StageRecord {
    inputs = List.copyOf(inputs);
    counts = new LinkedHashMap<>(counts);
    environment = new LinkedHashMap<>(environment);
  }

  /** A record of a stage with nothing to say about where it computed. */
  public StageRecord(
      String name,
      Instant startedAt,
      Instant finishedAt,
      List<String> inputs,
      String output,
      Map<String, Object> counts) {
    this(name, startedAt, finishedAt, inputs, output, counts, Map.of());
  }

  public double seconds() {
    return Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
  }

  Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("started_at", startedAt.toString());
    map.put("finished_at", finishedAt.toString());
    map.put("seconds", seconds());
    map.put("inputs", inputs);
    map.put("output", output);
    map.put("counts", counts);
    map.putAll(environment);
    return map;
  }
}
