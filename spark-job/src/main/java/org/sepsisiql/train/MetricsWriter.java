package org.sepsisiql.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.sepsisiql.data.ObservationPolicy;

/**
 * Writes each epoch's {@link EpochMetrics} as one small Parquet file, {@code
 * metrics/epoch-00007.parquet}, directly with parquet-hadoop (no Spark job per epoch). The folder
 * reads as one table in Spark, pandas or DuckDB. Columns: epoch, step, train_loss, val_td_loss,
 * val_v_loss, val_next_map_loss, val_next_lactate_loss, val_entropy, val_mean_q, val_mean_v,
 * action_0 .. action_8 (the policy's mean probability of each action on validation),
 * examples_per_second, val_criterion, best; the Spark trainer adds round (one file per round). A
 * resumed run rewrites the files of the epochs or rounds it repeats.
 */
public final class MetricsWriter {
  private final Path folder;
  private final Configuration hadoop;
  private final MessageType schema;
  private final boolean withRound;

  /** The local trainer's metrics (one row per epoch). */
  public MetricsWriter(Path folder, Configuration hadoop) {
    this(folder, hadoop, false);
  }

  /**
   * @param withRound add the Spark trainer's {@code round} column (files named {@code
   *     round-00007.parquet})
   */
  public MetricsWriter(Path folder, Configuration hadoop, boolean withRound) {
    this.folder = folder;
    this.hadoop = hadoop;
    this.withRound = withRound;
    this.schema = schema(withRound);
  }

  public void write(EpochMetrics row) {
    Path file =
        new Path(
            folder,
            withRound
                ? String.format("round-%05d.parquet", row.round())
                : String.format("epoch-%05d.parquet", row.epoch()));
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(file)
            .withConf(hadoop)
            .withType(schema)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      writer.write(group(row));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private Group group(EpochMetrics row) {
    var v = row.validation();
    Group group =
        new SimpleGroupFactory(schema)
            .newGroup()
            .append("epoch", row.epoch())
            .append("step", row.step())
            .append("train_loss", row.trainLoss())
            .append("val_td_loss", v.tdLoss())
            .append("val_v_loss", v.vLoss())
            .append("val_next_map_loss", v.mapLoss())
            .append("val_next_lactate_loss", v.lactateLoss())
            .append("val_entropy", v.entropy())
            .append("val_mean_q", v.meanQ())
            .append("val_mean_v", v.meanV());
    for (int a = 0; a < ObservationPolicy.ACTIONS; a++) {
      group.append("action_" + a, v.actionProbability()[a]);
    }
    group
        .append("examples_per_second", row.examplesPerSecond())
        .append("val_criterion", v.criterion())
        .append("best", row.best());
    return withRound ? group.append("round", row.round()) : group;
  }

  private static MessageType schema(boolean withRound) {
    StringBuilder text = new StringBuilder("message epoch_metrics {\n");
    text.append("required int32 epoch;\nrequired int64 step;\n");
    for (String name :
        new String[] {
          "train_loss",
          "val_td_loss",
          "val_v_loss",
          "val_next_map_loss",
          "val_next_lactate_loss",
          "val_entropy",
          "val_mean_q",
          "val_mean_v"
        }) {
      text.append("required double ").append(name).append(";\n");
    }
    for (int a = 0; a < ObservationPolicy.ACTIONS; a++) {
      text.append("required double action_").append(a).append(";\n");
    }
    text.append("required double examples_per_second;\nrequired double val_criterion;\n");
    text.append("required boolean best;\n");
    text.append(withRound ? "required int32 round;\n}" : "}");
    return MessageTypeParser.parseMessageType(text.toString());
  }
}
