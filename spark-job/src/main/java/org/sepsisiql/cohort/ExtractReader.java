package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.ExtractSchemas;
import org.sepsisiql.data.ExtractSchemas.ExtractDataset;

/**
 * Reads the datasets of {@link ExtractSchemas#READ} from {@code <input>/<name>/} and checks them
 * before any work: the folder exists (unless optional), every file is Parquet (all footers are
 * read, with {@code mergeSchema}, so one bad or conflicting file fails here rather than mid-stage),
 * every contract column is present with the contract's type, and {@code stays} holds at least one
 * row. Extra columns are ignored. Each failure is an {@link InvalidExtractException} naming the
 * dataset and the column.
 *
 * <p>Cost: one footer-reading job per dataset and a {@code limit(1)} job on each required dataset;
 * no shuffle.
 */
final class ExtractReader {
  private final SparkSession spark;
  private final String input;

  ExtractReader(SparkSession spark, String input) {
    this.spark = spark;
    this.input = input;
  }

  Extracts read() {
    Map<String, Optional<Dataset<Row>>> read = new HashMap<>();
    for (ExtractDataset dataset : ExtractSchemas.READ) {
      read.put(dataset.name(), readDataset(dataset));
    }
    Dataset<Row> stays = read.get("stays").orElseThrow();
    if (stays.isEmpty()) {
      throw new InvalidExtractException(
          label("stays") + ": the dataset is empty; a cohort needs at least one stay");
    }
    for (ExtractDataset dataset : ExtractSchemas.DATASETS) {
      Optional<Dataset<Row>> frame = read.get(dataset.name());
      if (dataset.required() && frame.isPresent() && frame.get().isEmpty()) {
        throw new InvalidExtractException(
            label(dataset.name())
                + ": the dataset is empty; a cohort needs at least one row of every required"
                + " dataset (an empty fluids or vasopressors dataset would leave 3 actions instead"
                + " of 9)");
      }
    }
    return new Extracts(
        stays,
        read.get("measurements").orElseThrow(),
        read.get("fluids").orElseThrow(),
        read.get("vasopressors").orElseThrow(),
        read.get("urine_output").orElseThrow(),
        read.get("infection"),
        read.get("stay_periods"));
  }

  private Optional<Dataset<Row>> readDataset(ExtractDataset dataset) {
    Path path = new Path(input, dataset.name());
    if (!exists(path)) {
      if (dataset.required()) {
        throw new InvalidExtractException(
            label(dataset.name()) + ": required dataset not found at " + path);
      }
      return Optional.empty();
    }
    Dataset<Row> frame;
    try {
      frame = spark.read().option("mergeSchema", "true").parquet(path.toString());
    } catch (Exception e) {
      String cause = firstLine(e);
      String conflict = cause.contains("MERGE") ? conflictingColumn(path) : null;
      if (conflict != null) {
        throw new InvalidExtractException(
            label(dataset.name())
                + ": "
                + conflict
                + "; every file of a dataset must give a column the same type",
            e);
      }
      throw new InvalidExtractException(
          label(dataset.name())
              + ": cannot read as Parquet at "
              + path
              + ": "
              + cause
              + (cause.contains("COLUMN_ALREADY_EXISTS")
                  ? " (Spark reads column names without case: two columns that differ only in"
                      + " case are the same column; drop or rename one)"
                  : ""),
          e);
    }
    checkColumns(dataset, frame.schema());
    Column[] columns =
        Arrays.stream(dataset.schema().fieldNames()).map(name -> col(name)).toArray(Column[]::new);
    return Optional.of(frame.select(columns));
  }

  private void checkColumns(ExtractDataset dataset, StructType actual) {
    for (StructField expected : dataset.schema().fields()) {
      Optional<StructField> found =
          Arrays.stream(actual.fields()).filter(f -> f.name().equals(expected.name())).findFirst();
      if (found.isEmpty()) {
        throw new InvalidExtractException(
            label(dataset.name())
                + ": missing column "
                + expected.name()
                + " ("
                + expected.dataType().simpleString()
                + ")");
      }
      if (!found.get().dataType().equals(expected.dataType())) {
        throw new InvalidExtractException(
            label(dataset.name())
                + ": column "
                + expected.name()
                + " must be "
                + expected.dataType().simpleString()
                + ", found "
                + found.get().dataType().simpleString()
                + hint(expected.dataType(), found.get().dataType()));
      }
    }
  }

  /**
   * The first column whose type differs between two Parquet files of a dataset, in words (Spark's
   * merge error names the types but not the column), or null when no file pair disagrees.
   */
  private String conflictingColumn(Path dataset) {
    Map<String, String> seen = new HashMap<>();
    Map<String, String> seenIn = new HashMap<>();
    try {
      FileSystem fs = dataset.getFileSystem(spark.sparkContext().hadoopConfiguration());
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(dataset, true);
      while (files.hasNext()) {
        Path file = files.next().getPath();
        if (file.getName().startsWith("_") || file.getName().startsWith(".")) {
          continue;
        }
        StructType schema;
        try {
          schema = spark.read().parquet(file.toString()).schema();
        } catch (RuntimeException unreadable) {
          continue;
        }
        for (StructField field : schema.fields()) {
          String type = field.dataType().simpleString();
          String earlier = seen.putIfAbsent(field.name(), type);
          seenIn.putIfAbsent(field.name(), file.getName());
          if (earlier != null && !earlier.equals(type)) {
            return "column "
                + field.name()
                + " is "
                + earlier
                + " in "
                + seenIn.get(field.name())
                + " but "
                + type
                + " in "
                + file.getName();
          }
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** How to fix the type mismatches that a writer's default produces. */
  private static String hint(DataType expected, DataType found) {
    if (expected.equals(DataTypes.TimestampType) && found.equals(DataTypes.TimestampNTZType)) {
      return " (a timestamp without time zone: write it as a time-zone-aware instant, e.g. Spark"
          + " CAST(col AS TIMESTAMP) or pandas Series.dt.tz_localize('UTC'))";
    }
    if (expected.equals(DataTypes.TimestampType) && found.equals(DataTypes.StringType)) {
      return " (parse it when writing the extract, e.g. Spark to_timestamp(col))";
    }
    return "";
  }

  private boolean exists(Path path) {
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  static String label(String dataset) {
    return "extracts/" + dataset;
  }

  /**
   * The first line of the innermost message: a failed Spark job wraps the reader's own error ("...
   * is not a Parquet file") in "Job aborted due to stage failure" and "awaitResult" layers.
   */
  private static String firstLine(Throwable e) {
    String message = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return message == null ? e.toString() : message.lines().findFirst().orElse("").trim();
  }
}
