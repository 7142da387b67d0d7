package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_micros;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.BinObservation;
import org.sepsisiql.data.ClinicalVariable;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.StayFeaturizer;
import org.sepsisiql.data.StayStatics;

/**
 * Turns each stay's bins into raw trajectory steps on the executors: {@code groupByKey(stay_id)}
 * (one shuffle) and, per stay, the shared {@link StayFeaturizer} bin by bin ({@code observe} then
 * {@code recordTreatment} with the bin's fluid total and maximum vasopressor dose), so the state
 * carries the previous bin's doses only and the action of a bin never leaks into its state. The
 * {@link RewardFunction} adds rewards; {@code done} marks the last step. Memory: one stay (at most
 * {@code max-steps} rows) at a time per task.
 */
final class TrajectoryBuilder {
  /**
   * Schema of the raw steps: ids, bin start, the 43 raw features (NULL = missing), doses, reward.
   */
  static final StructType RAW_STEPS = rawSteps();

  private static final String[] INPUT_STATICS = {
    "stay_id",
    "patient_id",
    "step",
    "bin_start",
    "age_years",
    "sex",
    "weight_kg",
    "readmission",
    "elixhauser",
    "died",
    "hours_since_onset"
  };

  private final CohortSettings settings;

  TrajectoryBuilder(CohortSettings settings) {
    this.settings = settings;
  }

  /** Raw steps of the stays of {@code windows} from their bin aggregates. */
  Dataset<Row> build(Dataset<Row> windows, Dataset<Row> bins, BinAggregator aggregator) {
    List<Column> input = new ArrayList<>();
    for (String name : INPUT_STATICS) {
      input.add(col(name));
    }
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      input.add(col(variable.columnName()));
    }
    input.add(col(BinAggregator.URINE));
    input.add(col(BinAggregator.FLUID));
    input.add(col(BinAggregator.VASO));
    Dataset<Row> joined =
        bins.join(windows, "stay_id")
            .withColumn("bin_start", aggregator.binStart(col("window_start"), col("step")))
            .withColumn(
                "hours_since_onset",
                unix_micros(col("bin_start"))
                    .minus(unix_micros(col("onset_time")))
                    .divide(3_600_000_000.0))
            .select(input.toArray(Column[]::new));
    return joined
        .groupByKey((MapFunction<Row, Long>) row -> row.getLong(0), Encoders.LONG())
        .flatMapGroups(
            new StaySteps(settings.binHours(), new RewardFunction(settings)),
            Encoders.row(RAW_STEPS));
  }

  /** The per-stay function; reads the input columns by position (see {@link #build}). */
  static final class StaySteps implements FlatMapGroupsFunction<Long, Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int VARIABLES_AT = INPUT_STATICS.length;
    private static final int URINE_AT = VARIABLES_AT + ClinicalVariable.values().length;

    private final int binHours;
    private final RewardFunction reward;

    StaySteps(int binHours, RewardFunction reward) {
      this.binHours = binHours;
      this.reward = reward;
    }

    @Override
    public Iterator<Row> call(Long stayId, Iterator<Row> rows) {
      List<Row> bins = new ArrayList<>();
      rows.forEachRemaining(bins::add);
      bins.sort(Comparator.comparingInt(row -> row.getInt(2)));
      Row first = bins.get(0);
      StayFeaturizer featurizer = new StayFeaturizer(statics(first), binHours);
      List<double[]> features = new ArrayList<>();
      for (Row bin : bins) {
        features.add(featurizer.observe(observation(bin), bin.getDouble(10)));
        featurizer.recordTreatment(number(bin, URINE_AT + 1), number(bin, URINE_AT + 2));
      }
      double[] rewards = reward.rewards(features, first.getBoolean(9));
      List<Row> steps = new ArrayList<>(bins.size());
      for (int t = 0; t < bins.size(); t++) {
        steps.add(step(bins.get(t), features.get(t), rewards[t], t == bins.size() - 1));
      }
      return steps.iterator();
    }

    private static StayStatics statics(Row row) {
      return new StayStatics(
          row.getDouble(4),
          "F".equalsIgnoreCase(row.getString(5).trim()),
          number(row, 6),
          row.getBoolean(7),
          number(row, 8));
    }

    private static BinObservation observation(Row bin) {
      double[] means = new double[ClinicalVariable.values().length];
      for (int i = 0; i < means.length; i++) {
        means[i] = number(bin, VARIABLES_AT + i);
      }
      return new BinObservation(means, number(bin, URINE_AT));
    }

    private static Row step(Row bin, double[] features, double reward, boolean done) {
      Object[] values = new Object[RAW_STEPS.size()];
      values[0] = bin.getLong(0);
      values[1] = bin.getLong(1);
      values[2] = bin.getInt(2);
      values[3] = bin.get(3);
      for (int i = 0; i < Feature.COUNT; i++) {
        values[4 + i] = Double.isFinite(features[i]) ? features[i] : null;
      }
      values[4 + Feature.COUNT] = number(bin, URINE_AT + 1);
      values[5 + Feature.COUNT] = number(bin, URINE_AT + 2);
      values[6 + Feature.COUNT] = reward;
      values[7 + Feature.COUNT] = done;
      return RowFactory.create(values);
    }

    private static double number(Row row, int i) {
      return row.isNullAt(i) ? Double.NaN : row.getDouble(i);
    }
  }

  private static StructType rawSteps() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("stay_id", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("patient_id", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("step", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("bin_start", DataTypes.TimestampType, false));
    for (Feature feature : Feature.ordered()) {
      fields.add(DataTypes.createStructField(feature.columnName(), DataTypes.DoubleType, true));
    }
    fields.add(DataTypes.createStructField("iv_dose", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("vaso_dose", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("reward", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("done", DataTypes.BooleanType, false));
    return DataTypes.createStructType(fields);
  }
}
