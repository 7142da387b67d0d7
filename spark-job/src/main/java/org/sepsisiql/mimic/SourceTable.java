package org.sepsisiql.mimic;

import java.util.Map;

/**
 * A source table an adapter reads ({@link MimicTable} for MIMIC-III, {@link MimicIvTable} for
 * MIMIC-IV): its file name stem and the columns it uses with their types, the reader's explicit
 * schema. {@link #releaseHint} names what a missing column suggests about the release.
 */
public interface SourceTable {
  /**
   * The file name stem as the release publishes it, e.g. {@code CHARTEVENTS} or {@code icustays}.
   */
  String fileStem();

  /** The columns the adapter uses, in a stable order, with their types. */
  Map<String, MimicTable.Type> columns();

  /**
   * A hint for a table that lacks {@code column} but has {@code present}, e.g. MIMIC-III's {@code
   * icustay_id} where MIMIC-IV has {@code stay_id}; empty when nothing is suggested.
   */
  default String releaseHint(String column, java.util.List<String> present) {
    return "";
  }
}
