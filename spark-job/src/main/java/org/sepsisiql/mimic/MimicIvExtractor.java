package org.sepsisiql.mimic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.run.StageWrite;

/**
 * The MIMIC-IV (v2.x) adapter: reads the release's {@code hosp/} and {@code icu/} tables ({@link
 * MimicIvTables}), maps them to MIMIC-III's shapes and writes the canonical extracts with the
 * MIMIC-III adapter's rules, plus {@code stay_periods} for the temporal split (MIMIC.md,
 * "MIMIC-IV"). Counts first: the release's ICU stays, those excluded for a missing {@code outtime},
 * and where the antibiotics came from.
 */
final class MimicIvExtractor {
  private MimicIvExtractor() {}

  static MimicExtractResult extract(
      SparkSession spark, String input, MimicSettings settings, StageWrite write) {
    MimicIvTables tables = MimicIvTables.read(spark, input);
    MimicTables mapped = tables.asMimicIii();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("source", "mimic-iv");
    long[] stays = tables.icuStays();
    counts.put("icustays_rows", stays[0]);
    counts.put("stays_excluded_no_outtime", stays[1]);
    counts.put("antibiotics_from", tables.antibioticSource());
    return MimicIiiExtractor.writeExtracts(
        spark, mapped, settings, write, Optional.of(tables.stayPeriods()), counts);
  }
}
