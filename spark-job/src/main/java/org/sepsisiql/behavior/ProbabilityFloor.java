package org.sepsisiql.behavior;

import static org.apache.spark.sql.functions.udf;

import java.io.Serializable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Floors a probability distribution at {@code epsilon} and renormalizes it, so importance ratios
 * {@code pi_e / pi_b} stay bounded by {@code 1 / epsilon}.
 *
 * <p>Algorithm (water-filling, at most one pass per action): every action whose probability would
 * fall below {@code epsilon} gets exactly {@code epsilon}; the remaining mass {@code 1 - m *
 * epsilon} ({@code m} floored actions) is shared among the other actions in proportion to the
 * model's probabilities. Sharing can push another action below the floor, so the step repeats until
 * none does. The result sums to 1, every entry is at least {@code epsilon} (which needs {@code k *
 * epsilon < 1}), and the order of the unfloored actions, hence the argmax, is unchanged. Runs per
 * row inside a Spark UDF: no shuffle.
 */
public final class ProbabilityFloor implements Serializable {
  private final double epsilon;

  public ProbabilityFloor(double epsilon) {
    if (!(epsilon > 0 && epsilon < 1)) {
      throw new IllegalArgumentException("the probability floor must be in (0, 1): " + epsilon);
    }
    this.epsilon = epsilon;
  }

  public double epsilon() {
    return epsilon;
  }

  /** The floored, renormalized copy of {@code p} (non-negative entries, any positive sum). */
  public double[] apply(double[] p) {
    int k = p.length;
    if (k * epsilon >= 1) {
      throw new IllegalArgumentException(k + " actions cannot each have at least " + epsilon);
    }
    boolean[] floored = new boolean[k];
    double[] q = new double[k];
    int flooredCount = 0;
    boolean changed = true;
    while (changed) {
      changed = false;
      double freeMass = 1.0 - flooredCount * epsilon;
      double freeSum = 0;
      for (int a = 0; a < k; a++) {
        freeSum += floored[a] ? 0 : Math.max(p[a], 0);
      }
      int free = k - flooredCount;
      for (int a = 0; a < k; a++) {
        if (floored[a]) {
          continue;
        }
        q[a] = freeSum > 0 ? Math.max(p[a], 0) * freeMass / freeSum : freeMass / free;
        if (q[a] < epsilon) {
          floored[a] = true;
          flooredCount++;
          changed = true;
        }
      }
    }
    for (int a = 0; a < k; a++) {
      if (floored[a]) {
        q[a] = epsilon;
      }
    }
    return q;
  }

  /** A column of {@code array<double>}: this floor applied to an MLlib probability vector. */
  public Column column(Column probabilityVector) {
    ProbabilityFloor floor = this;
    UserDefinedFunction function =
        udf(
                (UDF1<Vector, double[]>) vector -> floor.apply(vector.toArray()),
                DataTypes.createArrayType(DataTypes.DoubleType, false))
            .asNonNullable();
    return function.apply(probabilityVector);
  }
}
