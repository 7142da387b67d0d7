package org.sepsisiql.config;

import com.typesafe.config.Config;
import java.io.Serializable;

/**
 * Where a run writes and how it is seeded: {@code sepsis-iql.output} (a local path or any Hadoop
 * URI such as {@code s3a://bucket/prefix}), {@code sepsis-iql.run-id} (null: a new id from the
 * clock), {@code sepsis-iql.seed}, the one seed every random choice of the run derives from, and
 * {@code sepsis-iql.stage-commit} ({@code auto}, {@code rename} or {@code in-place}: how a finished
 * stage becomes visible, {@link org.sepsisiql.run.StageCommit}).
 */
public record RunSettings(String output, String runId, long seed, String stageCommit)
    implements Serializable {
  private static final java.util.List<String> COMMIT_MODES =
      java.util.List.of("auto", "rename", "in-place");

  public static RunSettings from(Config config) {
    String output = config.getString("sepsis-iql.output");
    if (output.isBlank()) {
      throw Checks.invalid("sepsis-iql.output", "must not be empty", "an empty string");
    }
    String runId = Checks.optionalString(config, "sepsis-iql.run-id");
    if (runId != null && !runId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw Checks.invalid(
          "sepsis-iql.run-id", "must be 1-100 letters, digits, '.', '_' or '-'", runId);
    }
    String commit = config.getString("sepsis-iql.stage-commit");
    if (!COMMIT_MODES.contains(commit)) {
      throw Checks.invalid("sepsis-iql.stage-commit", "must be one of " + COMMIT_MODES, commit);
    }
    return new RunSettings(output, runId, config.getLong("sepsis-iql.seed"), commit);
  }
}
