package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;

/**
 * A fitted Q function of the evaluated policy, Q(s, t, a) for the 9 actions, with the record of how
 * fitted Q evaluation arrived at it.
 *
 * <p>Scoring is map-side: the function (linear coefficients or boosted trees) is broadcast once per
 * column built and evaluated in a UDF for all 9 actions of each row; no shuffle, nothing collected.
 *
 * @param function the kept iterate's Q
 * @param horizon H = max(step) + 1 over train; steps at or beyond it are valued as at H - 1
 * @param bestIteration the kept iterate (lowest validation Bellman residual among iterations >=
 *     max(H, min-iterations)), from 1
 * @param stopReason why the iterations stopped
 * @param validationTdErrors the validation Bellman residual (mean squared TD error) of every
 *     iteration run, in order
 */
public record FqeModel(
    QFunction function,
    int horizon,
    int bestIteration,
    StopReason stopReason,
    List<Double> validationTdErrors)
    implements Serializable {

  /** Why fitted Q evaluation stopped iterating. */
  public enum StopReason {
    /** At least max(H, min-iterations) run, then patience iterations without improvement. */
    CONVERGED,
    /** max-iterations reached (or the floor of H iterations, when that is higher). */
    MAX_ITERATIONS
  }

  /** Iterations run. */
  public int iterations() {
    return validationTdErrors.size();
  }

  /** Q(s, t, .) for all 9 actions. */
  public double[] q(double[] state, int step) {
    return function.q(state, step);
  }

  /**
   * {@code frame} with {@code q_hat} array&lt;double&gt;(9) computed from {@code stateColumn} and
   * the step in the stay, {@code stepColumn}.
   */
  public Dataset<Row> qHat(Dataset<Row> frame, String stateColumn, String stepColumn) {
    return frame.withColumn("q_hat", qColumn(col(stateColumn), col(stepColumn)));
  }

  /** A column of Q(s, t, .) for a state column and a step column. */
  public Column qColumn(Column state, Column step) {
    JavaSparkContext context =
        JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
    Broadcast<QFunction> shared = context.broadcast(function);
    UserDefinedFunction q =
        udf(
            (UDF2<Seq<Object>, Integer, double[]>)
                (s, t) -> shared.value().q(values(s, shared.value().stateSize()), t),
            DataTypes.createArrayType(DataTypes.DoubleType, false));
    return q.apply(state, step.cast("int"));
  }

  /** The policy's value at a state and step: {@code sum_a pi(a|s) Q(s, t, a)}. */
  public Column valueColumn(Column state, Column step, Column policy) {
    return org.apache.spark.sql.functions.aggregate(
        org.apache.spark.sql.functions.zip_with(
            qColumn(state, step), policy, (q, p) -> q.multiply(p)),
        org.apache.spark.sql.functions.lit(0.0),
        (acc, x) -> acc.plus(x));
  }

  static double[] values(Seq<Object> state, int stateSize) {
    if (state.size() != stateSize) {
      throw new InvalidOpeInputException(
          "FQE: a state has " + state.size() + " values, the model expects " + stateSize);
    }
    double[] values = new double[stateSize];
    for (int j = 0; j < stateSize; j++) {
      values[j] = (Double) state.apply(j);
    }
    return values;
  }
}
