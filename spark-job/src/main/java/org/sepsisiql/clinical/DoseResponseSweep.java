package org.sepsisiql.clinical;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 * <p>Cost: one approximate-percentile aggregation over train; test states x grid points rows (cross
 * join with the broadcast grid), scored map-side in batches; one groupBy(grid point) of at most
 * {@code gridPoints} groups; the driver receives the curve only.
 */
public final class DoseResponseSweep {
  /** Which treatment the sweep watches, and the direction the clinical rule requires. */
  public enum Kind {
    /** MAP rises: the expected vasopressor level must fall. */
    BP(Feature.MAP, "a % 3", false),
    /** Lactate rises: the expected IV fluid level must rise. */
    LACTATE(Feature.LACTATE, "a div 3", true);

    private final Feature feature;
    private final String level;
    private final boolean rising;

    Kind(Feature feature, String level, boolean rising) {
      this.feature = feature;
      this.level = level;
      this.rising = rising;
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
   * @param states test states with {@code raw} array&lt;double&gt;(43), NaN where missing
   */
  public Result run(Dataset<Row> states, double[] grid, Kind kind, Policy policy) {
    StructType schema =
        new StructType()
            .add("grid_index", DataTypes.IntegerType, false)
            .add("grid_value", DataTypes.DoubleType, false);
    List<Row> points = new ArrayList<>();
    for (int i = 0; i < grid.length; i++) {
      points.add(RowFactory.create(i, grid[i]));
    }
    Dataset<Row> gridFrame = states.sparkSession().createDataFrame(points, schema);
    Dataset<Row> swept =
        states
            .select(col("raw"))
            .crossJoin(broadcast(gridFrame))
            .withColumn(
                "swept",
                expr(
                    "transform(raw, (x, i) -> if(i = "
                        + kind.feature.index()
                        + ", grid_value, x))"))
            .select(col("grid_index"), normalizer().apply(col("swept")).as("swept_state"));
    Dataset<Row> scored =
        PolicyScoring.withProbabilities(swept, "swept_state", policy, "p", batchSize);
    List<Row> curve =
        scored
            .withColumn(
                "level",
                expr(
                    "aggregate(sequence(0, 8), 0D, (acc, a) -> acc + p[a] * (" + kind.level + "))"))
            .groupBy("grid_index")
            .agg(avg("level"))
            .orderBy("grid_index")
            .collectAsList();
    double[] levels = new double[grid.length];
    for (Row row : curve) {
      levels[row.getInt(0)] = row.getDouble(1);
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
