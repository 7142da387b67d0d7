package org.sepsisiql.train;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.TrajectorySchema;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.sim.SimulatorSettings;
import org.sepsisiql.sim.SyntheticCohortWriter;

/**
 * Test support: a synthetic cohort (simulator extracts, then the cohort stage) in a run folder, and
 * the train stage on it with either trainer. One local[2] session per test class, with Kryo as in
 * production.
 */
public final class SimulatedCohortTraining {
  private SimulatedCohortTraining() {}

  /** Writes {@code stays} simulated stays and runs the cohort stage into {@code <out>/<runId>}. */
  public static Path cohort(SparkSession spark, Path dir, int stays, String runId) {
    SimulatorSettings settings =
        SimulatorSettings.from(
            ConfigFactory.parseString("sepsis-iql.simulator.stays-per-partition = 150")
                .withFallback(ConfigFactory.defaultReference()));
    SyntheticCohortWriter.write(
        spark, settings, stays, 20261124, dir.resolve("extracts").toString());
    Config config =
        ConfigLoader.load(
            null,
            Map.of(
                "sepsis-iql.output",
                dir.resolve("out").toString(),
                "sepsis-iql.run-id",
                runId,
                "sepsis-iql.spark.conf.\"spark.sql.shuffle.partitions\"",
                "4"));
    RunContext run = RunContext.open(config, false, Clock.systemUTC());
    CohortStage.from(config)
        .run(run, new CohortStage.Inputs(dir.resolve("extracts").toString()), line -> {});
    return dir.resolve("out").resolve(runId).resolve("trajectories");
  }

  /** Runs the train stage into {@code <out>/<runId>/model} with HOCON overrides of the settings. */
  public static TrainStage.Result train(
      Path dir, String runId, Path trajectories, String overrides, List<String> progress) {
    Config config =
        ConfigFactory.parseString(
                "sepsis-iql { output = \""
                    + dir.resolve("out")
                    + "\", run-id = "
                    + runId
                    + ", "
                    + overrides
                    + " }")
            .withFallback(ConfigLoader.defaults())
            .resolve();
    RunContext context = RunContext.open(config, false, Clock.systemUTC());
    return TrainStage.from(context.config())
        .run(context, new TrainStage.Inputs(trajectories.toString(), false), progress::add);
  }

  public static Dataset<Row> transitions(SparkSession spark, Path trajectories) {
    return spark
        .read()
        .schema(TrajectorySchema.TRANSITIONS_WITH_SPLIT)
        .parquet(trajectories.resolve("transitions").toString());
  }

  /** The first {@code limit} test transitions in (stay, step) order, on the driver. */
  public static List<Row> testRows(SparkSession spark, Path trajectories, int limit) {
    return transitions(spark, trajectories)
        .where(col("split").equalTo("test"))
        .orderBy("stay_id", "step")
        .limit(limit)
        .collectAsList();
  }

  /** The raw 41 features of a row (NULL = missing becomes NaN). */
  public static double[] raw(Row row) {
    double[] values = new double[Feature.COUNT];
    for (Feature feature : Feature.ordered()) {
      int i = row.fieldIndex(feature.columnName());
      values[feature.index()] = row.isNullAt(i) ? Double.NaN : row.getDouble(i);
    }
    return values;
  }

  public static double[] state(Row row) {
    List<Double> list = row.getList(row.fieldIndex("state"));
    double[] values = new double[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = list.get(i);
    }
    return values;
  }

  public static List<String> lines() {
    return new ArrayList<>();
  }
}
