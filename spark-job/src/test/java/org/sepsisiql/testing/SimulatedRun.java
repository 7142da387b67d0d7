package org.sepsisiql.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.behavior.BehaviorSettings;
import org.sepsisiql.behavior.BehaviorStage;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.sim.SimulatorSettings;
import org.sepsisiql.sim.SyntheticCohortWriter;
import org.sepsisiql.train.TrainStage;

/**
 * The first stages of a small simulated run for end-to-end tests: a synthetic cohort in the run's
 * {@code extracts/} (with its simulator marker), then cohort, behavior and train with the run's
 * settings, each committed like the pipeline does. The caller evaluates (after changing whatever
 * its test needs).
 */
public final class SimulatedRun {
  private SimulatedRun() {}

  /** Builds extracts, trajectories, behavior and model in {@code run}'s local folder. */
  public static void trainThrough(
      SparkSession spark,
      RunContext run,
      Path root,
      int stays,
      long seed,
      Consumer<String> progress)
      throws IOException {
    Path extracts = root.resolve("extracts");
    SyntheticCohortWriter.write(
        spark, SimulatorSettings.from(run.config()), stays, seed, extracts.toString());
    Files.writeString(
        extracts.resolve("simulator.json"), "{\"seed\": " + seed + ", \"stays\": " + stays + "}");
    CohortStage.from(run.config()).run(run, new CohortStage.Inputs(extracts.toString()));
    String trajectories = root.resolve("trajectories").toString();
    run.runStage(
        "behavior",
        List.of(trajectories),
        write ->
            new BehaviorStage(spark, BehaviorSettings.from(run.config()), progress)
                .run(trajectories, write.temporaryPath()));
    TrainStage.run(run, new TrainStage.Options(trajectories, false), progress);
  }
}
