package org.sepsisiql.cohort;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.config.ConfigLoader;
import org.sepsisiql.data.TrajectorySchema;
import org.sepsisiql.run.RunContext;

/** One local[2] session per test class and a helper that runs the stage into a run folder. */
final class CohortTestSupport {
  private CohortTestSupport() {}

  static Config config(Path output, String runId) {
    return ConfigLoader.load(
        null,
        Map.of(
            "sepsis-iql.output",
            output.toString(),
            "sepsis-iql.run-id",
            runId,
            "sepsis-iql.spark.conf.\"spark.sql.shuffle.partitions\"",
            "4"));
  }

  /** Runs the stage; the context is not closed, so the class's session survives. */
  static CohortResult runStage(Path extracts, Path output, String runId) {
    Config config = config(output, runId);
    RunContext run = RunContext.open(config, false, Clock.systemUTC());
    return CohortStage.from(config)
        .run(run, new CohortStage.Inputs(extracts.toString()), line -> {});
  }

  static Dataset<Row> transitions(SparkSession spark, Path output, String runId) {
    return spark
        .read()
        .schema(TrajectorySchema.TRANSITIONS_WITH_SPLIT)
        .parquet(output.resolve(runId).resolve("trajectories/transitions").toString());
  }
}
