package org.sepsisiql.mimic;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Hand-made MIMIC tables for tests: rows are given in the column order of {@link
 * MimicTable#columns()} and written as CSV (gzipped or not) with lowercase headers, empty = NULL.
 */
final class MiniMimic {
  private final Map<MimicTable, List<Object[]>> rows = new EnumMap<>(MimicTable.class);

  MiniMimic add(MimicTable table, Object... values) {
    if (values.length != table.columns().size()) {
      throw new IllegalArgumentException(
          table + " takes " + table.columns().keySet() + ", got " + values.length + " values");
    }
    rows.computeIfAbsent(table, t -> new ArrayList<>()).add(values);
    return this;
  }

  /** Writes every table (empty ones with their header), gzipped where {@code gzip}. */
  Path write(Path folder, boolean gzip) throws IOException {
    Files.createDirectories(folder);
    for (MimicTable table : MimicTable.values()) {
      writeTable(folder, table, gzip);
    }
    return folder;
  }

  void writeTable(Path folder, MimicTable table, boolean gzip) throws IOException {
    String name = table.fileStem() + (gzip ? ".csv.gz" : ".csv");
    try (OutputStream file = Files.newOutputStream(folder.resolve(name));
        OutputStream out = gzip ? new GZIPOutputStream(file) : file;
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      writer.write(String.join(",", table.columns().keySet()) + "\n");
      for (Object[] row : rows.getOrDefault(table, List.of())) {
        List<String> cells = new ArrayList<>();
        for (Object value : row) {
          cells.add(value == null ? "" : "\"" + value.toString().replace("\"", "\"\"") + "\"");
        }
        writer.write(String.join(",", cells) + "\n");
      }
    }
  }
}
