package org.sepsisiql.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.config.RunSettings;
import org.sepsisiql.config.SparkSettings;

/**
 * Everything one command needs to run stages: the resolved configuration, the run folder, the Spark
 * session (started on first use), and the rules for existing outputs.
 *
 * <p>{@link #runStage} is the one way a stage writes: it refuses an existing output unless asked to
 * overwrite, writes into a temporary folder, commits it with {@code _SUCCESS}, and records the
 * stage in {@code run.json} and what it was computed from in {@code <stage>/_LINEAGE.json} ({@link
 * StageLineage}). A failed stage leaves no output behind.
 */
public final class RunContext implements AutoCloseable {
  private final Config config;
  private final RunSettings runSettings;
  private final SparkSettings sparkSettings;
  private final Map<String, String> hadoopConf;
  private final RunFolder folder;
  private final boolean overwrite;
  private SparkSession spark;
  private boolean ownsSpark;

  private RunContext(
      Config config,
      RunSettings runSettings,
      SparkSettings sparkSettings,
      Map<String, String> hadoopConf,
      RunFolder folder,
      boolean overwrite) {
    this.config = config;
    this.runSettings = runSettings;
    this.sparkSettings = sparkSettings;
    this.hadoopConf = hadoopConf;
    this.folder = folder;
    this.overwrite = overwrite;
  }

  /** Validates the run's settings and opens its folder; starts nothing yet. */
  public static RunContext open(Config config, boolean overwrite, Clock clock) {
    RunSettings run = RunSettings.from(config);
    SparkSettings spark = SparkSettings.from(config);
    Map<String, String> hadoop = hadoopConf(config);
    Configuration hadoopConfiguration = SparkSessions.hadoopConfiguration(spark, hadoop);
    RunFolder folder =
        RunFolder.open(run.output(), run.runId(), hadoopConfiguration, clock)
            .withStageCommit(run.stageCommit());
    return new RunContext(config, run, spark, hadoop, folder, overwrite);
  }

  public Config config() {
    return config;
  }

  public long seed() {
    return runSettings.seed();
  }

  public RunFolder folder() {
    return folder;
  }

  /**
   * The Spark session, started on first use with the run's Hadoop settings; an application's
   * session that is already running (a notebook's, a test's, a sweep's parent run) is used as it
   * is.
   */
  public SparkSession spark() {
    if (spark == null) {
      ownsSpark = SparkSession.getDefaultSession().isEmpty();
      spark = SparkSessions.start(sparkSettings, hadoopConf);
    }
    return spark;
  }

  /** Fails, before any work, when a stage's output exists and overwriting was not asked for. */
  public void checkCanWrite(String stage) {
    if (folder.exists(stage) && !overwrite) {
      throw new OutputExistsException(
          "output exists: "
              + folder.stagePath(stage)
              + " (use --overwrite to replace it, or another --run-id)");
    }
    folder.checkWritable();
  }

  /**
   * Runs one stage: {@code body} writes into the temporary folder it is given and returns the
   * stage's counts; the output is then committed and recorded in {@code run.json}.
   */
  public <R extends StageResult> R runStage(
      String stage, List<String> inputs, Function<StageWrite, R> body) {
    checkCanWrite(stage);
    Instant started = Instant.now();
    StageLineage lineage =
        StageLineage.now(stage, inputs, config, folder.fileSystem().getConf(), folder.root());
    R result;
    try (StageWrite write = folder.beginStage(stage)) {
      result = body.apply(write);
      write.writeText(StageLineage.FILE, lineage.toJson());
      write.commit();
    }
    StageRecord record =
        new StageRecord(
            stage,
            started,
            Instant.now(),
            inputs,
            folder.stagePath(stage).toString(),
            result.counts(),
            result.environment());
    RunManifest.record(folder, config, runSettings.seed(), record);
    return result;
  }

  /**
   * Why a complete stage must run again, in words: its inputs or settings changed since it was
   * written ({@link StageLineage}), or it has no recorded lineage; null when it is current.
   */
  public String staleness(String stage) {
    String where = folder.stagePath(stage) + "/" + StageLineage.FILE;
    StageLineage recorded =
        StageLineage.parse(folder.readText(stage + "/" + StageLineage.FILE), where);
    if (recorded == null) {
      return "it has no " + StageLineage.FILE + " (written by an earlier version)";
    }
    return recorded.changesSince(stage, config, folder.fileSystem().getConf(), folder.root());
  }

  private static Map<String, String> hadoopConf(Config config) {
    Map<String, String> conf = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry :
        config.getObject("sepsis-iql.hadoop.conf").entrySet()) {
      conf.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
    }
    return conf;
  }

  /** Stops the Spark session if this run started it; a session it found keeps running. */
  @Override
  public void close() {
    if (spark != null && ownsSpark) {
      spark.stop();
    }
    spark = null;
  }
}
