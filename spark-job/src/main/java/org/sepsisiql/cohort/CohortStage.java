package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.TrajectorySchema;
import org.sepsisiql.run.PipelineStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.Stage;
import org.sepsisiql.spark.JobGroup;
import org.sepsisiql.udfs.SepsisUdfs;

/**
 * The cohort stage: canonical EHR extracts in, {@code <run>/trajectories/} out (DESIGN.md section
 * 4; every rule in COHORT.md). Reads like the pipeline's table of contents:
 *
 * <ol>
 *   <li>read and validate the extracts ({@link ExtractReader}), before any other work;
 *   <li>clean them by documented, counted rules ({@link ExtractCleaner});
 *   <li>find each stay's sepsis onset ({@link SepsisOnset});
 *   <li>choose the stays and their windows ({@link CohortSelector});
 *   <li>aggregate the events per 4-hour bin ({@link BinAggregator});
 *   <li>featurize each stay on the executors and add rewards ({@link TrajectoryBuilder});
 *   <li>split patients by first admission ({@link PatientSplitter});
 *   <li>fit imputation, normalization and action cut points on train only ({@link
 *       NormalizationFitter});
 *   <li>normalize, discretize actions, link next states ({@link TransitionAssembler});
 *   <li>write transitions, {@code _quality}, {@code fitted/}, summaries and the manifest, and
 *       commit the folder with {@code _SUCCESS} through {@link RunContext#runStage}.
 * </ol>
 *
 * Each phase runs in its own Spark job group. Only small fitted statistics and counts reach the
 * driver.
 */
public final class CohortStage implements Stage<CohortStage.Inputs, CohortResult> {
  /** Where the stage reads from: the folder holding one sub-folder per extract dataset. */
  /**
   * @param extracts the canonical extracts folder
   * @param normalization fitted statistics to apply instead of fitting them on this cohort's train
   *     split (another run's {@code trajectories/fitted/normalization.json}, so that run's model
   *     sees these states as it saw its own); null to fit them here, as the pipeline does
   */
  public record Inputs(String extracts, FeatureNormalization normalization) {
    public Inputs(String extracts) {
      this(extracts, null);
    }
  }

  private final CohortSettings settings;

  public CohortStage(CohortSettings settings) {
    this.settings = settings;
  }

  public static CohortStage from(Config config) {
    return new CohortStage(CohortSettings.from(config));
  }

  public CohortSettings settings() {
    return settings;
  }

  @Override
  public PipelineStage id() {
    return PipelineStage.COHORT;
  }

  /**
   * Validates the extracts, then builds and commits {@code <run>/trajectories/}.
   *
   * @throws InvalidExtractException when the extracts break the contract (nothing is written)
   */
  @Override
  public CohortResult run(RunContext run, Inputs inputs, Consumer<String> progress) {
    String folder = id().folder();
    run.checkCanWrite(folder);
    progress.accept("cohort: reading extracts from " + inputs.extracts());
    SparkSession spark = run.spark();
    SepsisUdfs.register(spark);
    Extracts extracts =
        JobGroup.phase(
            spark.sparkContext(),
            "COHORT-READ-EXTRACTS",
            "Read and validate the extract schemas",
            () -> new ExtractReader(spark, inputs.extracts()).read());
    return run.runStage(
        folder,
        List.of(inputs.extracts()),
        write -> {
          CohortResult result =
              build(spark, extracts, inputs.normalization(), write.temporaryPath());
          carrySimulatorMarker(run, inputs.extracts(), write);
          return result;
        });
  }

  /**
   * Copies the simulator's marker of simulated extracts ({@code simulator.json}) into the
   * trajectories, so the evaluate stage finds the ground truth's seed wherever the extracts came
   * from ({@code run --input}, another run's or an object store's extracts).
   */
  private static void carrySimulatorMarker(
      RunContext run, String extracts, org.sepsisiql.run.StageWrite write) {
    org.apache.hadoop.fs.Path marker =
        new org.apache.hadoop.fs.Path(extracts, org.sepsisiql.sim.SimulatorMarker.FILE);
    try {
      org.apache.hadoop.fs.FileSystem fs =
          marker.getFileSystem(run.folder().fileSystem().getConf());
      if (!fs.exists(marker)) {
        return;
      }
      try (var in = fs.open(marker)) {
        write.writeText(
            org.sepsisiql.sim.SimulatorMarker.FILE,
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + marker, e);
    }
  }

  private CohortResult build(
      SparkSession spark, Extracts extracts, FeatureNormalization given, String output) {
    QualityLog log = new QualityLog();
    long staysRead = extracts.stays().count();
    CleanExtracts clean =
        JobGroup.phase(
            spark.sparkContext(),
            "COHORT-CLEAN",
            "Drop and count bad rows of every extract",
            () -> new ExtractCleaner(log).clean(extracts));
    Dataset<Row> windows =
        JobGroup.phase(
            spark.sparkContext(),
            "COHORT-SELECT-STAYS",
            "Sepsis onset, windows and exclusions per stay",
            () ->
                new CohortSelector(settings, log)
                    .select(
                        clean.stays(),
                        new SepsisOnset(settings.sepsis3()).onsets(clean),
                        clean.measurements()));
    if (windows.isEmpty()) {
      throw new InvalidExtractException(
          "extracts/stays: no stay is left in the cohort; the stays were removed by "
              + largestCountsFirst(log)
              + " (COHORT.md explains each rule)");
    }
    BinAggregator aggregator = new BinAggregator(settings);
    Dataset<Row> steps =
        JobGroup.phase(
            spark.sparkContext(),
            "COHORT-BIN-MEASUREMENTS",
            "Aggregate events per bin, featurize each stay, split by patient",
            () -> featurizeAndSplit(windows, clean, aggregator, extracts.stayPeriods()));
    FeatureNormalization normalization =
        given != null
            ? given
            : JobGroup.phase(
                spark.sparkContext(),
                "COHORT-FIT-NORMALIZATION",
                "Fit medians, z-scores and action cut points on train",
                () ->
                    new NormalizationFitter(settings)
                        .fit(steps.filter(col(TrajectorySchema.SPLIT).equalTo("train"))));
    CohortResult result =
        JobGroup.phase(
            spark.sparkContext(),
            "COHORT-WRITE",
            "Write transitions, quality counts, fitted statistics and summaries",
            () -> write(spark, output, steps, normalization, log, staysRead));
    steps.unpersist();
    windows.unpersist();
    clean.unpersist();
    return result;
  }

  private Dataset<Row> featurizeAndSplit(
      Dataset<Row> windows,
      CleanExtracts clean,
      BinAggregator aggregator,
      java.util.Optional<Dataset<Row>> stayPeriods) {
    Dataset<Row> bins = aggregator.aggregate(windows, clean);
    Dataset<Row> raw = new TrajectoryBuilder(settings).build(windows, bins, aggregator);
    Dataset<Row> splits = new PatientSplitter(settings).split(windows, stayPeriods);
    Dataset<Row> steps =
        raw.join(broadcast(splits), "patient_id").select(columnsOf(raw, TrajectorySchema.SPLIT));
    return truncated(steps);
  }

  private CohortResult write(
      SparkSession spark,
      String output,
      Dataset<Row> steps,
      FeatureNormalization normalization,
      QualityLog log,
      long staysRead) {
    OutputFiles files = new OutputFiles(output, spark.sparkContext().hadoopConfiguration());
    new TransitionAssembler(normalization)
        .assemble(steps)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(TrajectorySchema.SPLIT)
        .parquet(output + "/transitions");
    log.toDataFrame(spark).write().mode(SaveMode.ErrorIfExists).parquet(output + "/_quality");
    files.writeText("fitted/normalization.json", normalization.toJson());
    Dataset<Row> written =
        spark
            .read()
            .schema(TrajectorySchema.TRANSITIONS_WITH_SPLIT)
            .parquet(output + "/transitions");
    CohortSummary summary = CohortSummary.of(staysRead, log, written);
    files.writeText("summary.txt", summary.toText());
    files.writeText("summary.json", summary.toJson(settings));
    String sha256 = Manifest.write(files);
    return new CohortResult(
        staysRead,
        summary.cohortStays(),
        summary.staysOut(),
        summary.staysBySplit(),
        summary.transitionsBySplit(),
        sha256);
  }

  /**
   * Materializes a dataset that several later phases read and cuts its lineage (a local checkpoint
   * on the executors, memory and disk), so each later query plans against a leaf instead of
   * re-analyzing the whole pipeline; on a tiny cohort that planning dominated the time. Like a
   * cache, a lost executor loses these blocks: the stage then fails and is rerun whole.
   */
  static Dataset<Row> truncated(Dataset<Row> rows) {
    return rows.localCheckpoint(true);
  }

  private static org.apache.spark.sql.Column[] columnsOf(Dataset<Row> frame, String extra) {
    String[] names = frame.columns();
    org.apache.spark.sql.Column[] columns = new org.apache.spark.sql.Column[names.length + 1];
    for (int i = 0; i < names.length; i++) {
      columns[i] = col(names[i]);
    }
    columns[names.length] = col(extra);
    return columns;
  }

  /** The non-zero rule counts, largest first: the cause leads a message that may be cut. */
  private static String largestCountsFirst(QualityLog log) {
    return log.counts().entrySet().stream()
        .filter(e -> e.getValue() > 0 && !e.getKey().keepsRows())
        .sorted(Map.Entry.<QualityRule, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
