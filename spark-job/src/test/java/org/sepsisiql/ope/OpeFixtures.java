package org.sepsisiql.ope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.ope.ReferenceOpe.Step;
import org.sepsisiql.ope.ReferenceOpe.Trajectory;

/** Synthetic test trajectories and their DataFrame form (the evaluate stage's input contract). */
final class OpeFixtures {
  private OpeFixtures() {}

  static OpeSettings settings(int resamples) {
    return new OpeSettings(0.99, resamples, 0.95, 42L, 0.9, 15, 1e-6, 0);
  }

  /**
   * n trajectories with lengths uniform in 1..maxLength, random policies (pi_b floored at 0.02),
   * actions drawn from pi_b, small intermediate rewards, a terminal +-15 reward, Qhat in [-15, 15].
   */
  static List<Trajectory> random(int n, int maxLength, long seed) {
    Random random = new Random(seed);
    List<Trajectory> data = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int length = 1 + random.nextInt(maxLength);
      List<Step> steps = new ArrayList<>();
      for (int t = 0; t < length; t++) {
        double[] piB = probabilities(random, 0.02);
        double[] piE = probabilities(random, 0);
        int action = draw(random, piB);
        double reward = random.nextGaussian() * 0.1;
        if (t == length - 1) {
          reward += random.nextDouble() < 0.7 ? 15 : -15;
        }
        double[] qHat = new double[9];
        for (int a = 0; a < 9; a++) {
          qHat[a] = 30 * random.nextDouble() - 15;
        }
        steps.add(new Step(action, reward, piE, piB, qHat));
      }
      data.add(new Trajectory(1000L + 7L * i, steps));
    }
    return data;
  }

  static double[] probabilities(Random random, double floor) {
    double[] p = new double[9];
    double total = 0;
    for (int a = 0; a < 9; a++) {
      p[a] = -Math.log(1 - random.nextDouble());
      total += p[a];
    }
    double rest = 1 - 9 * floor;
    for (int a = 0; a < 9; a++) {
      p[a] = floor + rest * p[a] / total;
    }
    return p;
  }

  private static int draw(Random random, double[] p) {
    double u = random.nextDouble();
    double cumulative = 0;
    for (int a = 0; a < 8; a++) {
      cumulative += p[a];
      if (u < cumulative) {
        return a;
      }
    }
    return 8;
  }

  static Dataset<Row> frame(SparkSession spark, List<Trajectory> data) {
    List<Row> rows = new ArrayList<>();
    for (Trajectory trajectory : data) {
      for (int t = 0; t < trajectory.length(); t++) {
        Step s = trajectory.steps().get(t);
        rows.add(row(trajectory.stayId(), t, s.action(), s.reward(), s.piE(), s.piB(), s.qHat()));
      }
    }
    return spark.createDataFrame(rows, OpeInputValidator.schema());
  }

  static Row row(
      long stayId, int step, int action, double reward, double[] piE, double[] piB, double[] q) {
    return RowFactory.create(stayId, step, action, reward, list(piE), list(piB), list(q));
  }

  static List<Double> list(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  /** Nine entries: the given leading values, then zeros. */
  static double[] nine(double... leading) {
    return Arrays.copyOf(leading, 9);
  }

  static double[] constant(double value) {
    double[] array = new double[9];
    Arrays.fill(array, value);
    return array;
  }
}
