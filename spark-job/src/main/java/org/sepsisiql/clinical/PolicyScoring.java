package org.sepsisiql.clinical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.policy.Policy;

/**
 * Adds a policy's action probabilities to every row of a frame, on the executors (or to states on
 * the driver, {@link #probabilities(Policy, double[][], int)}): each partition is cut into batches
 * of {@code batchSize} rows and each batch is one call of {@link Policy#probabilities} (one forward
 * pass of a network). Map-only: no shuffle, nothing collected. The policy object is serialized into
 * the task closure.
 */
public final class PolicyScoring {
  private PolicyScoring() {}

  /**
   * @param frame any frame with an {@code array<double>} state column
   * @param stateColumn the normalized states
   * @param output name of the added {@code array<double>(9)} column
   */
  public static Dataset<Row> withProbabilities(
      Dataset<Row> frame, String stateColumn, Policy policy, String output, int batchSize) {
    StructType schema =
        frame.schema().add(output, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    int state = frame.schema().fieldIndex(stateColumn);
    return frame.mapPartitions(
        (MapPartitionsFunction<Row, Row>) rows -> new Batches(rows, policy, state, batchSize),
        Encoders.row(schema));
  }

  /**
   * The same scoring for states already on the driver: one call of {@link Policy#probabilities} per
   * block of {@code batchSize} states, in order.
   */
  public static double[][] probabilities(Policy policy, double[][] states, int batchSize) {
    double[][] out = new double[states.length][];
    for (int start = 0; start < states.length; start += batchSize) {
      int end = Math.min(states.length, start + batchSize);
      double[][] block = policy.probabilities(Arrays.copyOfRange(states, start, end));
      System.arraycopy(block, 0, out, start, end - start);
    }
    return out;
  }

  /** Reads a batch, scores it, hands out its rows with the probabilities appended. */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Policy policy;
    private final int state;
    private final int batchSize;
    private final List<Row> pending = new ArrayList<>();
    private double[][] scored = new double[0][];
    private int next;

    Batches(Iterator<Row> rows, Policy policy, int state, int batchSize) {
      this.rows = rows;
      this.policy = policy;
      this.state = state;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      if (next < pending.size()) {
        return true;
      }
      pending.clear();
      next = 0;
      while (pending.size() < batchSize && rows.hasNext()) {
        pending.add(rows.next());
      }
      if (pending.isEmpty()) {
        return false;
      }
      double[][] states = new double[pending.size()][];
      for (int i = 0; i < states.length; i++) {
        List<Double> values = pending.get(i).getList(state);
        states[i] = values.stream().mapToDouble(Double::doubleValue).toArray();
      }
      scored = policy.probabilities(states);
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = pending.get(next);
      Object[] values = new Object[row.length() + 1];
      for (int i = 0; i < row.length(); i++) {
        values[i] = row.get(i);
      }
      double[] p = scored[next++];
      Double[] probabilities = new Double[p.length];
      for (int a = 0; a < p.length; a++) {
        probabilities[a] = p[a];
      }
      values[row.length()] = probabilities;
      return RowFactory.create(values);
    }
  }
}
