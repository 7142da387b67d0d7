package org.sepsisiql.mimic;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Finds and reads one MIMIC table from an input folder, as CSV, gzipped CSV or Parquet, detected
 * per table by file name (case-insensitive): {@code CHARTEVENTS.csv.gz}, {@code chartevents.csv},
 * or a Parquet folder {@code chartevents/} (also {@code chartevents.parquet}).
 *
 * <p>CSV files are read with a header and every field as text (no inference), then the columns of
 * {@link MimicTable} are selected and cast to their declared types; an unparseable number or time
 * becomes NULL. Only the used columns survive the projection, so Spark prunes the rest early. The
 * cost is one small job per CSV table to read its header line. A missing table or column fails with
 * a message naming the table, the column and the input folder.
 */
public final class MimicTableReader {
  private static final String TIME = "yyyy-MM-dd HH:mm:ss";
  private static final String DATE = "yyyy-MM-dd";

  private final SparkSession spark;
  private final Path input;
  private final FileStatus[] entries;

  private MimicTableReader(SparkSession spark, Path input, FileStatus[] entries) {
    this.spark = spark;
    this.input = input;
    this.entries = entries;
  }

  /** Opens an input folder (any Hadoop file system); fails when it is not a readable folder. */
  public static MimicTableReader open(SparkSession spark, String inputFolder) {
    Path input = new Path(inputFolder);
    try {
      FileSystem fs = input.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(input) || !fs.getFileStatus(input).isDirectory()) {
        throw new IllegalArgumentException("MIMIC input folder not found: " + inputFolder);
      }
      return new MimicTableReader(spark, input, fs.listStatus(input));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the MIMIC input folder " + inputFolder, e);
    }
  }

  /** The input folder. */
  public String input() {
    return input.toString();
  }

  /** The table with its declared columns, typed; fails naming the table or column when absent. */
  public Dataset<Row> read(SourceTable table) {
    FileStatus found =
        locate(table)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "MIMIC table "
                            + table.fileStem()
                            + " not found in "
                            + input
                            + " (expected "
                            + table.fileStem()
                            + ".csv.gz, "
                            + table.fileStem()
                            + ".csv or a Parquet folder "
                            + table.fileStem()
                            + "/; names are case-insensitive)"));
    String path = found.getPath().toString();
    Dataset<Row> raw = isCsv(found) ? readCsv(path) : spark.read().parquet(path);
    return typed(table, raw, path);
  }

  /** Whether a table is present in the input folder. */
  public boolean has(SourceTable table) {
    return locate(table).isPresent();
  }

  private Optional<FileStatus> locate(SourceTable table) {
    String stem = table.fileStem().toLowerCase(Locale.ROOT);
    List<String> accepted = List.of(stem + ".csv.gz", stem + ".csv", stem + ".parquet", stem);
    return Arrays.stream(entries)
        .filter(entry -> accepted.contains(entry.getPath().getName().toLowerCase(Locale.ROOT)))
        .filter(entry -> isCsv(entry) ? entry.isFile() : true)
        .min((a, b) -> Integer.compare(rank(accepted, a), rank(accepted, b)));
  }

  private static int rank(List<String> accepted, FileStatus entry) {
    return accepted.indexOf(entry.getPath().getName().toLowerCase(Locale.ROOT));
  }

  private static boolean isCsv(FileStatus entry) {
    String name = entry.getPath().getName().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".csv.gz");
  }

  private Dataset<Row> readCsv(String path) {
    return spark
        .read()
        .option("header", "true")
        .option("inferSchema", "false")
        .option("escape", "\"")
        .option("mode", "PERMISSIVE")
        .csv(path);
  }

  private static Dataset<Row> typed(SourceTable table, Dataset<Row> raw, String path) {
    List<Column> columns = new ArrayList<>();
    for (Map.Entry<String, MimicTable.Type> column : table.columns().entrySet()) {
      String actual = actualName(raw, column.getKey(), table, path);
      DataType source = raw.schema().apply(actual).dataType();
      columns.add(typedColumn(col(actual), source, column.getValue()).as(column.getKey()));
    }
    return raw.select(columns.toArray(Column[]::new));
  }

  private static String actualName(
      Dataset<Row> raw, String wanted, SourceTable table, String path) {
    return Arrays.stream(raw.columns())
        .filter(name -> name.trim().equalsIgnoreCase(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "MIMIC table "
                        + table.fileStem()
                        + " has no column '"
                        + wanted
                        + "' ("
                        + path
                        + " has: "
                        + String.join(", ", raw.columns())
                        + ")"
                        + table.releaseHint(
                            wanted,
                            Arrays.stream(raw.columns())
                                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                                .toList())));
  }

  private static Column typedColumn(Column column, DataType source, MimicTable.Type type) {
    return type == MimicTable.Type.TIME ? time(column, source) : column.cast(type.dataType());
  }

  private static Column time(Column column, DataType source) {
    if (source instanceof TimestampType || source instanceof DateType) {
      return column.cast(DataTypes.TimestampType);
    }
    Column text = trim(column.cast(DataTypes.StringType));
    return coalesce(to_timestamp(text, TIME), to_timestamp(text, DATE));
  }
}
