package org.sepsisiql.mimic;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.run.StageWrite;

/**
 * The EHR sources {@code extract-mimic --source} understands, each with its adapter writing the
 * same canonical extracts: MIMIC-III v1.4 (one flat folder of tables) and MIMIC-IV v2.x (the
 * release's {@code hosp/} and {@code icu/} folders).
 */
public enum MimicSource {
  MIMIC_III("mimic-iii") {
    @Override
    public MimicExtractResult extract(
        SparkSession spark, String input, MimicSettings settings, StageWrite write) {
      return MimicIiiExtractor.extract(spark, input, settings, write);
    }
  },
  MIMIC_IV("mimic-iv") {
    @Override
    public MimicExtractResult extract(
        SparkSession spark, String input, MimicSettings settings, StageWrite write) {
      return MimicIvExtractor.extract(spark, input, settings, write);
    }
  };

  private final String cliName;

  MimicSource(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line, e.g. {@code mimic-iii}. */
  public String cliName() {
    return cliName;
  }

  /** Reads the source tables under {@code input} and writes the extracts into {@code write}. */
  public abstract MimicExtractResult extract(
      SparkSession spark, String input, MimicSettings settings, StageWrite write);

  /** The source of a command-line name (case-insensitive); fails listing the supported ones. */
  public static MimicSource fromName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(source -> source.cliName.equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--source must be one of "
                        + Arrays.stream(values())
                            .map(MimicSource::cliName)
                            .collect(Collectors.joining(", "))
                        + ", cannot be: "
                        + name));
  }
}
