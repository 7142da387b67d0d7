package org.sepsisiql.clinical;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.policy.Policy;
import scala.collection.Seq;

/**
 * A dose-response sweep (DESIGN.md section 7): one raw feature (MAP, lactate) is set to each value
 * of a grid spanning its train percentiles while every other feature keeps each test state's raw
 * value; the swept raw vector is normalized with the run's {@link FeatureNormalization} (so
 * lactate's log transform and the imputation of missing values apply as in training), scored by the
 * policy, and the policy's expected treatment level {@code sum_a pi(a|s) level(a)} is averaged over
 * the test states at each grid point. The verdict is Spearman's correlation of the grid with that
 * curve and its one-sided p-value in the required direction; a policy that ignores the feature
 * gives a flat curve, rho = 0 and p = 1: FAIL. A smooth model's mean curve is nearly always
 * monotone, so even a negligible slope gives |rho| = 1 and p = 0; the curve must therefore also
 * move by at least {@code min-level-change} levels between the grid's ends.
 *
 * <p>Cost: one approximate-percentile aggregation over train; the swept states (test states x grid
 * points, a cross join with the broadcast grid, normalized) are built and persisted once ({@link
 * #sweptStates}) and shared by every policy; per policy one map-only pass scores them in batches
 * and sums the expected level per grid point within each partition, so the driver receives one
 * small array per partition and no shuffle runs.
 */
public final class DoseResponseSweep {
  /** Which treatment the sweep watches, and the direction the clinical rule requires. */
  public enum Kind {
    /** MAP rises: the expected vasopressor level must fall. */
    BP(Feature.MAP, false),
    /** Lactate rises: the expected IV fluid level must rise. */
    LACTATE(Feature.LACTATE, true);

    private final Feature feature;
    private final boolean rising;

    Kind(Feature feature, boolean rising) {
      this.feature = feature;
      this.rising = rising;
    }

    /** The watched treatment's level (0..2) of action {@code a = 3 * iv + vaso}. */
    int level(int action) {
      return this == BP ? action % 3 : action / 3;
    }

    public Feature feature() {
      return feature;
    }
  }

  /**
   * The curve and its verdict; {@code grid} holds raw feature values, {@code levelChange} the
   * expected level at the grid's last point minus its first (negative when it falls).
   */
  public record Result(
      Kind kind,
      double[] grid,
      double[] expectedLevel,
      Spearman.Result spearman,
      double levelChange,
      boolean pass) {
    /** The one-sided p-value in the required direction. */
    public double pValue() {
      return kind.rising ? spearman.pGreater() : spearman.pLess();
    }
  }

  private final ClinicalSettings settings;
  private final FeatureNormalization normalization;
  private final int batchSize;

  public DoseResponseSweep(
      ClinicalSettings settings, FeatureNormalization normalization, int batchSize) {
    this.settings = settings;
    this.normalization = normalization;
    this.batchSize = batchSize;
  }

  /** The grid: {@code gridPoints} values evenly spaced between the train percentiles. */
  public double[] grid(Dataset<Row> train, Kind kind) {
    String name = kind.feature.columnName();
    Row row =
        train
            .select(
                expr(
                    "percentile_approx("
                        + name
                        + ", array("
                        + settings.lowPercentile()
                        + ", "
                        + settings.highPercentile()
                        + "), 10000)"))
            .first();
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException(
          "clinical sweep: the train split has no value of " + name + " to build a grid from");
    }
    List<Double> ends = row.getList(0);
    double[] grid = new double[settings.gridPoints()];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = ends.get(0) + (ends.get(1) - ends.get(0)) * i / (grid.length - 1);
    }
    return grid;
  }

  /**
   * The swept states of one sweep, persisted: {@code grid_index} int and {@code swept_state}
   * array&lt;double&gt; (normalized) for every test state and grid point. The caller unpersists it.
   *
   * @param states test states with {@code raw} array&lt;double&gt;(43), NaN where missing
   */
  public Dataset<Row> sweptStates(Dataset<Row> states, double[] grid, Kind kind) {
    StructType schema =
        new StructType()
            .add("grid_index", DataTypes.IntegerType, false)
            .add("grid_value", DataTypes.DoubleType, false);
    List<Row> points = new ArrayList<>();
    for (int i = 0; i < grid.length; i++) {
      points.add(RowFactory.create(i, grid[i]));
    }
    Dataset<Row> gridFrame = states.sparkSession().createDataFrame(points, schema);
    return states
        .select(col("raw"))
        .crossJoin(broadcast(gridFrame))
        .withColumn(
            "swept",
            expr("transform(raw, (x, i) -> if(i = " + kind.feature.index() + ", grid_value, x))"))
        .select(col("grid_index"), normalizer().apply(col("swept")).as("swept_state"))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * @param swept this sweep's {@link #sweptStates}
   */
  public Result run(Dataset<Row> swept, double[] grid, Kind kind, Policy policy) {
    int points = grid.length;
    int batch = batchSize;
    Kind watched = kind;
    List<double[]> partials =
        swept
            .toJavaRDD()
            .mapPartitions(
                (FlatMapFunction<Iterator<Row>, double[]>)
                    rows -> List.of(levelSums(rows, policy, watched, points, batch)).iterator())
            .collect();
    double[] sums = new double[2 * points];
    for (double[] partial : partials) {
      for (int i = 0; i < sums.length; i++) {
        sums[i] += partial[i];
      }
    }
    double[] levels = new double[points];
    for (int i = 0; i < points; i++) {
      levels[i] = sums[points + i] > 0 ? sums[i] / sums[points + i] : Double.NaN;
    }
    Spearman.Result spearman = Spearman.of(grid, levels);
    double p = kind.rising ? spearman.pGreater() : spearman.pLess();
    boolean directionOk = kind.rising ? spearman.rho() > 0 : spearman.rho() < 0;
    double change = levels[levels.length - 1] - levels[0];
    boolean large = (kind.rising ? change : -change) >= settings.minLevelChange();
    return new Result(
        kind,
        grid,
        levels,
        spearman,
        change,
        spearman.defined() && directionOk && p < settings.maxPValue() && large);
  }

  /**
   * One partition's sums: {@code [0, points)} the expected level per grid point, {@code [points, 2
   * points)} the number of states.
   */
  private static double[] levelSums(
      Iterator<Row> rows, Policy policy, Kind kind, int points, int batchSize) {
    double[] sums = new double[2 * points];
    List<Row> pending = new ArrayList<>(batchSize);
    while (rows.hasNext()) {
      pending.add(rows.next());
      if (pending.size() == batchSize || !rows.hasNext()) {
        double[][] states = new double[pending.size()][];
        for (int i = 0; i < states.length; i++) {
          states[i] = doubles(pending.get(i).getSeq(1));
        }
        double[][] probabilities = policy.probabilities(states);
        for (int i = 0; i < states.length; i++) {
          int point = pending.get(i).getInt(0);
          double level = 0;
          for (int a = 0; a < probabilities[i].length; a++) {
            level += probabilities[i][a] * kind.level(a);
          }
          sums[point] += level;
          sums[points + point] += 1;
        }
        pending.clear();
      }
    }
    return sums;
  }

  private static double[] doubles(Seq<Object> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Double) values.apply(i);
    }
    return out;
  }

  private UserDefinedFunction normalizer() {
    FeatureNormalization fitted = normalization;
    return udf(
        (UDF1<Seq<Object>, double[]>)
            raw -> {
              double[] values = new double[raw.size()];
              for (int i = 0; i < values.length; i++) {
                values[i] = (Double) raw.apply(i);
              }
              return fitted.normalize(values);
            },
        DataTypes.createArrayType(DataTypes.DoubleType, false));
  }
}
