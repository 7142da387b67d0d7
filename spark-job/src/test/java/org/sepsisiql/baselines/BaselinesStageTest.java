package org.sepsisiql.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.cohort.CohortStage;
import org.sepsisiql.config.InvalidConfigException;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.ObservationPolicy;
import org.sepsisiql.evaluate.CandidatePolicies;
import org.sepsisiql.policy.Policy;
import org.sepsisiql.policy.PolicySources;
import org.sepsisiql.policy.TruthSource;
import org.sepsisiql.run.RunContext;
import org.sepsisiql.run.StagePolicySources;
import org.sepsisiql.sim.SimulatorMarker;
import org.sepsisiql.sim.SimulatorSettings;
import org.sepsisiql.sim.SyntheticCohortWriter;
import org.sepsisiql.testing.SimulatedRun;
import org.sepsisiql.testing.TestSpark;

/**
 * The baselines stage on a small simulated cohort: fitted Q iteration with the linear and the
 * boosted-trees regression, each written with its metrics and provenance, each having learned the
 * value of the clinicians' choices (and its greedy policy's true value measured beside random's),
 * and bad settings refused.
 */
class BaselinesStageTest {
  private static final int STAYS = 500;
  private static final long SEED = 31;
  private static final Consumer<String> QUIET = line -> {};

  /** The network baselines small and short: a [32, 32] trunk, at most 24 epochs. */
  private static final String NETWORKS =
      "agent.hidden-sizes = [32, 32], agent.learning-rate = 1e-3, baselines.q-network {"
          + " min-epochs = 8, max-epochs = 24, patience = 4, fqi-epochs-per-iteration = 1 }";

  @TempDir static Path temp;
  private static SparkSession spark;
  private static Config config;
  private static Path root;
  private static BaselinesStage.Result result;

  @BeforeAll
  static void trainBaselines() throws IOException {
    spark = TestSpark.session();
    Path output = temp.resolve("out");
    root = output.resolve("b");
    config =
        SimulatedRun.config(
            output,
            "b",
            SEED,
            "baselines { models = all }",
            NETWORKS,
            "evaluate.fqe { max-iterations = 24, gbt { max-iter = 10, max-depth = 3 } }");
    RunContext run = RunContext.open(config, false, Clock.systemUTC());
    Path extracts = root.resolve("extracts");
    SyntheticCohortWriter.write(
        spark, SimulatorSettings.from(config), STAYS, SEED, extracts.toString());
    Files.writeString(extracts.resolve(SimulatorMarker.FILE), SimulatorMarker.json(SEED, STAYS));
    CohortStage.from(config).run(run, new CohortStage.Inputs(extracts.toString()), line -> {});
    result =
        BaselinesStage.from(config)
            .run(run, new BaselinesStage.Inputs(root.resolve("trajectories").toString()), QUIET);
  }

  @Test
  void theCohortStageCarriesTheSimulatorsMarkerIntoTheTrajectories() throws IOException {
    assertEquals(
        SimulatorMarker.json(SEED, STAYS),
        Files.readString(root.resolve("trajectories").resolve(SimulatorMarker.FILE)),
        "evaluate finds the truth's seed wherever the extracts came from (run --input)");
  }

  @Test
  void eachModelIsWrittenWithItsMetricsAndProvenance() throws IOException {
    assertEquals(BaselineKind.values().length, result.models().size());
    assertTrue(Files.exists(root.resolve("baselines/_SUCCESS")), "stage committed");
    for (BaselinesStage.Trained trained : result.models()) {
      Path folder = root.resolve("baselines").resolve(trained.kind().key());
      assertTrue(Files.exists(folder.resolve("q-function.json")), folder + " holds its Q");
      JsonNode provenance = new ObjectMapper().readTree(folder.resolve("provenance.json").toFile());
      assertEquals(trained.kind().key(), provenance.path("baseline").asText());
      assertEquals(SEED, provenance.path("seed").asLong());
      if (trained.kind().network()) {
        assertTrue(Files.exists(folder.resolve("q-network.zip")), "the kept network");
        assertTrue(Files.exists(folder.resolve("checkpoint.zip")), "the last epoch's checkpoint");
        assertEquals(List.of(32, 32), mapper(provenance.path("hidden_sizes")), "the agent's trunk");
        assertTrue(provenance.path("loss").asText().length() > 0, provenance.toString());
      }
      if (trained.kind() == BaselineKind.FQI_LINEAR) {
        assertEquals(3, provenance.path("reg_param_grid").size(), "every penalty tried");
        assertTrue(provenance.path("reg_param").isNumber(), "the one chosen on validation");
      }
      assertTrue(provenance.path("trajectories_manifest_sha256").asText().length() == 64);
      int floor = trained.kind().network() && !trained.kind().iterated() ? 8 : 20;
      assertTrue(
          trained.keptIteration() >= floor || trained.stopReason().equals("diverged"),
          trained.kind() + " keeps an iterate after the floor of " + floor + ": " + trained);
      assertEquals(
          trained.iterations(),
          spark.read().parquet(folder.resolve("metrics").toString()).count(),
          "one metrics row per iteration");
    }
    assertTrue(Files.isDirectory(root.resolve("baselines/fqi-gbt/gbt")), "MLlib's own saved trees");
  }

  /**
   * Each baseline learned the value of the clinicians' choices: its Q of the taken action ranks the
   * validation stays' outcomes (survived or died) with an AUC above 0.6. Its greedy policy is then
   * rolled out with the random policy on the same simulated patients and both true values printed;
   * greedy extraction may lose to random (the seed's "action collapse": argmax picks actions the
   * clinicians rarely took in such states, where a regression's Q is extrapolated), which is what
   * the evaluation is there to show, so it is not asserted.
   */
  @Test
  void eachBaselineLearnsTheValueOfTheCliniciansChoices() throws IOException {
    FeatureNormalization normalization =
        FeatureNormalization.fromJson(
            Files.readString(root.resolve("trajectories/fitted/normalization.json")));
    List<PolicySources.Baseline> baselines =
        StagePolicySources.INSTANCE.baselines(
            root.resolve("baselines").toString(), new Configuration());
    assertEquals(
        List.of("fqi_linear", "fqi_gbt", "fqi_neural", "double_dqn", "dueling_dqn_cql"),
        baselines.stream().map(b -> b.name()).toList());
    List<ObservationPolicy> policies = new ArrayList<>();
    policies.add(observed(CandidatePolicies.uniform(), normalization));
    baselines.forEach(b -> policies.add(observed(b.policy(), normalization)));
    TruthSource.Comparison truth =
        StagePolicySources.INSTANCE
            .truth(
                config,
                config.getDouble("sepsis-iql.evaluate.gamma"),
                SEED + 1000,
                new PolicySources.TruthSettings(600, 150, 256, 100, 600))
            .compare(spark, policies, 0, 0L);
    for (int k = 0; k < baselines.size(); k++) {
      Path folder = root.resolve("baselines").resolve(result.models().get(k).kind().key());
      ValueRanking ranking = ValueRanking.of(folder);
      List<Double> alive = ranking.alive();
      List<Double> dead = ranking.dead();
      double auc = auc(alive, dead);
      System.out.printf(
          "BaselinesStageTest: %s validation Bellman residuals %s; mean Q %.2f (survivors) %.2f"
              + " (deaths)%n",
          baselines.get(k).name(),
          spark
              .read()
              .parquet(
                  root.resolve("baselines")
                      .resolve(result.models().get(k).kind().key())
                      .resolve("metrics")
                      .toString())
              .orderBy("iteration")
              .select("validation_bellman_residual")
              .collectAsList()
              .stream()
              .map(r -> String.format("%.2f", r.getDouble(0)))
              .toList(),
          alive.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
          dead.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
      System.out.printf(
          "BaselinesStageTest: %s Q(s, a) ranks validation outcomes with AUC %.3f; greedy true"
              + " value %.3f vs random %.3f (difference %.3f ± %.3f)%n",
          baselines.get(k).name(),
          auc,
          truth.values().get(k + 1).mean(),
          truth.values().get(0).mean(),
          truth.differences().get(k + 1).mean(),
          truth.differences().get(k + 1).standardError());
      assertTrue(auc > 0.6, baselines.get(k).name() + " learned the value: AUC " + auc);
      assertTrue(Double.isFinite(truth.values().get(k + 1).mean()), "a true value");
    }
  }

  /**
   * The Spark trainer: Double DQN in rounds of DL4J parameter averaging on local[2], from the same
   * trajectories, written like the local trainer's and having learned the value of the clinicians'
   * choices.
   */
  @Test
  void theSparkTrainerTrainsADqnWithParameterAveraging() throws IOException {
    Config sparkConfig =
        SimulatedRun.config(
            temp.resolve("out"),
            "s",
            SEED,
            "baselines { models = [double-dqn] }",
            NETWORKS,
            "train.trainer = spark",
            "baselines.q-network { min-epochs = 16, max-epochs = 20 }");
    List<String> lines = new ArrayList<>();
    BaselinesStage.Result spark =
        BaselinesStage.from(sparkConfig)
            .run(
                RunContext.open(sparkConfig, false, Clock.systemUTC()),
                new BaselinesStage.Inputs(root.resolve("trajectories").toString()),
                lines::add);
    Path folder = temp.resolve("out/s/baselines/double-dqn");
    JsonNode provenance = new ObjectMapper().readTree(folder.resolve("provenance.json").toFile());
    assertEquals("spark", provenance.path("trainer").asText());
    BaselinesStage.Trained trained = spark.models().get(0);
    assertTrue(trained.iterations() >= 16, "at least min-epochs rounds: " + trained);
    assertTrue(
        lines.stream().anyMatch(line -> line.contains("double-dqn epoch 1:")),
        "a progress line per round: " + lines);
    ValueRanking ranking = ValueRanking.of(folder);
    double auc = auc(ranking.alive(), ranking.dead());
    System.out.printf("BaselinesStageTest: double_dqn (spark) value AUC %.3f, %s%n", auc, trained);
    assertTrue(auc > 0.6, "the Spark-trained Double DQN learned the value: AUC " + auc);
  }

  /** A baseline's Q of the taken action on the validation split, by the stay's outcome. */
  private record ValueRanking(List<Double> alive, List<Double> dead) {
    static ValueRanking of(Path folder) {
      List<Row> validation =
          spark
              .read()
              .parquet(root.resolve("trajectories/transitions").toString())
              .where("split = 'val'")
              .select("stay_id", "state", "action", "done", "reward")
              .collectAsList();
      java.util.Map<Object, Boolean> survived = new java.util.HashMap<>();
      for (Row row : validation) {
        if (row.getBoolean(3)) {
          survived.put(row.get(0), row.getDouble(4) > 0);
        }
      }
      double[][] states = new double[validation.size()][];
      for (int i = 0; i < states.length; i++) {
        states[i] = doubles(validation.get(i).getList(1));
      }
      double[][] values =
          BaselineFolder.qValues(folder.toString(), new Configuration()).probabilities(states);
      List<Double> alive = new ArrayList<>();
      List<Double> dead = new ArrayList<>();
      for (int i = 0; i < states.length; i++) {
        Row row = validation.get(i);
        (survived.get(row.get(0)) ? alive : dead).add(values[i][row.getInt(2)]);
      }
      return new ValueRanking(alive, dead);
    }
  }

  private static List<Integer> mapper(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asInt()));
    return values;
  }

  private static double[] doubles(List<Object> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).doubleValue();
    }
    return out;
  }

  /** P(a survivor's Q > a non-survivor's Q), ties counting half (Mann-Whitney). */
  private static double auc(List<Double> alive, List<Double> dead) {
    double wins = 0;
    for (double a : alive) {
      for (double d : dead) {
        wins += a > d ? 1 : a == d ? 0.5 : 0;
      }
    }
    return wins / ((double) alive.size() * dead.size());
  }

  private static ObservationPolicy observed(Policy policy, FeatureNormalization normalization) {
    return raw -> policy.probabilities(new double[][] {normalization.normalize(raw)})[0];
  }

  @Test
  void extractionsAreGreedyOrSoftmax() {
    assertArrayEquals(
        new double[] {0, 1, 0}, BaselinePolicies.greedy(new double[] {1, 3, 3}), "first on ties");
    double[] soft = BaselinePolicies.softmax(new double[] {0, Math.log(3)}, 1.0);
    assertArrayEquals(new double[] {0.25, 0.75}, soft, 1e-12);
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    for (String[] bad :
        new String[][] {
          {
            "baselines.models = [fqi-lin]",
            "may hold fqi-linear, fqi-gbt, fqi-neural, double-dqn, dueling-dqn-cql, all or none"
          },
          {"baselines.models = [fqi-linear, fqi-linear]", "lists a baseline twice"},
          {"baselines.extraction = argmax", "sepsis-iql.baselines.extraction"},
          {"baselines.temperature = 0", "sepsis-iql.baselines.temperature"},
          {"baselines.min-iterations = 0", "sepsis-iql.baselines.min-iterations"}
        }) {
      Config c = SimulatedRun.config(temp, "x", SEED, bad[0]);
      InvalidConfigException e =
          assertThrows(InvalidConfigException.class, () -> BaselineSettings.from(c), bad[0]);
      assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
    }
    for (String[] bad :
        new String[][] {
          {"baselines.q-network.cql-alpha = -1", "sepsis-iql.baselines.q-network.cql-alpha"},
          {"baselines.q-network.huber-delta = 0", "sepsis-iql.baselines.q-network.huber-delta"},
          {
            "baselines.q-network { min-epochs = 10, max-epochs = 5 }",
            "sepsis-iql.baselines.q-network.max-epochs"
          },
          {
            "baselines.q-network.target-update-rate = 1.5",
            "sepsis-iql.baselines.q-network.target-update-rate"
          },
          {
            "baselines.q-network.fqi-epochs-per-iteration = 0",
            "sepsis-iql.baselines.q-network.fqi-epochs-per-iteration"
          }
        }) {
      Config c = SimulatedRun.config(temp, "x", SEED, bad[0]);
      InvalidConfigException e =
          assertThrows(InvalidConfigException.class, () -> QLearningSettings.from(c), bad[0]);
      assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
    }
    Config all = SimulatedRun.config(temp, "x", SEED, "baselines.models = \"all\"");
    assertEquals(List.of(BaselineKind.values()), BaselineSettings.from(all).models());
    Config none = SimulatedRun.config(temp, "x", SEED, "baselines.models = none");
    assertEquals(List.of(), BaselineSettings.from(none).models());
  }
}
