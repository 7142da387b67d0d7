package org.sepsisiql.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.behavior.BehaviorStage;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.config.ConfigLoader;
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

  /**
   * The configuration of a small, fast run in {@code output/runId}: a tiny network, two epochs, a
   * short FQE and bootstrap, a small ground truth; {@code extra} is HOCON under {@code sepsis-iql}.
   */
  public static Config config(Path output, String runId, long seed, String... extra) {
    List<String> lines = new ArrayList<>();
    lines.add("sepsis-iql {");
    lines.add("  output = \"" + output + "\", run-id = " + runId + ", seed = " + seed);
    lines.add("  spark.conf { \"spark.sql.shuffle.partitions\" = 4 }");
    lines.add("  simulator.stays-per-partition = 100");
    lines.add("  behavior { reg-params = [0.01], max-iter = 30 }");
    lines.add("  agent.hidden-sizes = [16, 16, 8]");
    lines.add("  train { batch-size = 64, max-epochs = 2 }");
    lines.add(
        "  evaluate { bootstrap-resamples = 100, fqe.max-iterations = 3,"
            + " ground-truth { stays = 100, max-stays = 300 } }");
    lines.addAll(List.of(extra));
    lines.add("}");
    return ConfigFactory.parseString(String.join("\n", lines))
        .withFallback(ConfigLoader.defaults())
        .resolve();
  }

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
    CohortStage.from(run.config())
        .run(run, new CohortStage.Inputs(extracts.toString()), line -> {});
    String trajectories = root.resolve("trajectories").toString();
    BehaviorStage.from(run.config()).run(run, new BehaviorStage.Inputs(trajectories), progress);
    TrainStage.from(run.config()).run(run, new TrainStage.Inputs(trajectories, false), progress);
  }
}
