package org.sepsisiql.mimic;

import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The typed MIMIC tables of one extraction, read once each (lazily: Spark reads a file only when a
 * job needs it). Every required table is located up front, so a missing one fails before any work.
 */
public final class MimicTables {
  private final Map<MimicTable, Dataset<Row>> tables = new EnumMap<>(MimicTable.class);

  private MimicTables() {}

  /** Locates and types every table the extracts need; fails naming the first one missing. */
  public static MimicTables read(MimicTableReader reader, Iterable<MimicTable> required) {
    MimicTables result = new MimicTables();
    for (MimicTable table : required) {
      result.tables.put(table, reader.read(table));
    }
    return result;
  }

  /** Tables built elsewhere (MIMIC-IV's, mapped to MIMIC-III's shapes by {@link MimicIvTables}). */
  static MimicTables of(Map<MimicTable, Dataset<Row>> tables) {
    MimicTables result = new MimicTables();
    result.tables.putAll(tables);
    return result;
  }

  /** One typed table. */
  public Dataset<Row> get(MimicTable table) {
    Dataset<Row> dataset = tables.get(table);
    if (dataset == null) {
      throw new IllegalStateException("table not read: " + table);
    }
    return dataset;
  }
}
