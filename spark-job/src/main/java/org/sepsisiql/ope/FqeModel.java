package org.sepsisiql.ope;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;

/**
 * A fitted Q function of the evaluated policy: for each of the 9 actions its own linear function of
 * the state, {@code Q(s, a) = beta_a . s + b_a}. The coefficients are the regression's on the block
 * design of {@link FittedQEvaluation}: block a holds {@code (beta_a, b_a)}, {@code stateSize + 1}
 * values.
 *
 * @param stateSize length of the state vector
 * @param coefficients 9 blocks of {@code stateSize + 1} values
 * @param bestIteration the fitted-Q iteration kept (lowest validation TD error), from 1
 * @param validationTdErrors mean squared TD error on validation after each iteration
 */
public record FqeModel(
    int stateSize, double[] coefficients, int bestIteration, List<Double> validationTdErrors)
    implements Serializable {

  /** Q(s, a) for all 9 actions. */
  public double[] q(double[] state) {
    double[] q = new double[OpeInputValidator.ACTIONS];
    int block = stateSize + 1;
    for (int a = 0; a < q.length; a++) {
      double sum = coefficients[a * block + stateSize];
      for (int j = 0; j < stateSize; j++) {
        sum += coefficients[a * block + j] * state[j];
      }
      q[a] = sum;
    }
    return q;
  }

  private double[] qOfRow(Seq<Object> state) {
    if (state.size() != stateSize) {
      throw new InvalidOpeInputException(
          "FQE: a state has " + state.size() + " values, the model expects " + stateSize);
    }
    double[] values = new double[stateSize];
    for (int j = 0; j < stateSize; j++) {
      values[j] = (Double) state.apply(j);
    }
    return q(values);
  }

  /** {@code frame} with {@code q_hat} array&lt;double&gt;(9) computed from {@code stateColumn}. */
  public Dataset<Row> qHat(Dataset<Row> frame, String stateColumn) {
    return frame.withColumn("q_hat", qColumn(col(stateColumn)));
  }

  /** A column of Q(s, .) for a state column. */
  public Column qColumn(Column state) {
    FqeModel model = this;
    UserDefinedFunction function =
        udf(
            (UDF1<Seq<Object>, double[]>) model::qOfRow,
            DataTypes.createArrayType(DataTypes.DoubleType, false));
    return function.apply(state);
  }

  /** The policy's value at a state: {@code sum_a pi(a|s) Q(s, a)}. */
  public Column valueColumn(Column state, Column policy) {
    return org.apache.spark.sql.functions.aggregate(
        org.apache.spark.sql.functions.zip_with(qColumn(state), policy, (q, p) -> q.multiply(p)),
        org.apache.spark.sql.functions.lit(0.0),
        (acc, x) -> acc.plus(x));
  }
}
