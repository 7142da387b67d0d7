package org.sepsisiql.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.agent.TrainedPolicy;
import org.sepsisiql.testing.TestSpark;

/**
 * Both trainers on one synthetic cohort (300 simulated stays through the cohort stage): the policy
 * maps raw observations exactly as training did, and the two trainers agree. The clinical direction
 * of a trained policy is {@code evaluate.LearnedPolicyDirectionTest}.
 */
class TrainersOnSimulatedCohortTest {
  private static final String NETWORK =
      "agent.hidden-sizes = [64, 64, 32], train { batch-size = 256, patience = 1000";
  private static final int EPOCHS = 25;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path trajectories;
  private static TrainStage.Result local;
  private static TrainStage.Result distributed;
  private static TrainedPolicy localPolicy;
  private static TrainedPolicy sparkPolicy;
  private static List<Row> testRows;

  @BeforeAll
  static void trainBoth() {
    spark = TestSpark.session();
    trajectories = SimulatedCohortTraining.cohort(spark, dir, 300, "sim");
    List<String> localLines = SimulatedCohortTraining.lines();
    local =
        SimulatedCohortTraining.train(
            dir, "local", trajectories, NETWORK + ", max-epochs = " + EPOCHS + " }", localLines);
    List<String> sparkLines = SimulatedCohortTraining.lines();
    distributed =
        SimulatedCohortTraining.train(
            dir,
            "spark",
            trajectories,
            NETWORK
                + ", trainer = spark, spark { max-rounds = "
                + EPOCHS
                + ", workers = 2, averaging-frequency = 2 } }",
            sparkLines);
    localLines.forEach(line -> System.out.println("local " + line));
    sparkLines.forEach(line -> System.out.println("spark " + line));
    localPolicy = TrainedPolicy.load(model("local"), new Configuration(), null);
    sparkPolicy = TrainedPolicy.load(model("spark"), new Configuration(), null);
    testRows = SimulatedCohortTraining.testRows(spark, trajectories, 600);
  }

  private static String model(String runId) {
    return dir.resolve("out").resolve(runId).resolve("model").toString();
  }

  @Test
  void policyOnARawObservationEqualsTheNetworkOnTheStoredState() {
    for (Row row : testRows.subList(0, 50)) {
      double[] fromRaw = localPolicy.actionProbabilities(SimulatedCohortTraining.raw(row));
      double[] fromState =
          localPolicy.probabilities(new double[][] {SimulatedCohortTraining.state(row)}, null)[0];
      assertArrayEquals(
          fromState, fromRaw, 1e-5, "stay " + row.getAs("stay_id") + " step " + row.getAs("step"));
    }
  }

  /**
   * Tolerances: parameter averaging is not per-minibatch IQL (each worker takes its own Adam steps
   * between averagings, and the targets are refreshed once per round, not per step), so the two
   * runs follow different paths to similar solutions. The Spark run's best validation criterion (TD
   * + V loss) must be within a factor 1.5 of the local one's, and the argmax actions of the two
   * policies must agree on at least half of the test states (chance is 1/9; measured: see the
   * printed figures).
   */
  @Test
  void bothTrainersReachComparableValidationLossAndActions() {
    double ratio = distributed.bestCriterion() / local.bestCriterion();
    int agree = 0;
    for (Row row : testRows) {
      double[] raw = SimulatedCohortTraining.raw(row);
      agree +=
          argmax(localPolicy.actionProbabilities(raw))
                  == argmax(sparkPolicy.actionProbabilities(raw))
              ? 1
              : 0;
    }
    double agreement = (double) agree / testRows.size();
    System.out.printf(
        "best val criterion local %.4f (epoch %d), spark %.4f (round %d), ratio %.3f;"
            + " argmax agreement %.3f%n",
        local.bestCriterion(),
        local.bestEpoch(),
        distributed.bestCriterion(),
        distributed.bestEpoch(),
        ratio,
        agreement);
    assertTrue(ratio < 1.5 && ratio > 1 / 1.5, "val criterion spark / local: " + ratio);
    assertTrue(agreement >= 0.5, "argmax agreement of the two policies: " + agreement);
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int a = 1; a < p.length; a++) {
      if (p[a] > p[best]) {
        best = a;
      }
    }
    return best;
  }
}
