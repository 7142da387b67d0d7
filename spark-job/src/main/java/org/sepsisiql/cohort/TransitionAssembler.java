package org.sepsisiql.cohort;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;
import org.sepsisiql.data.TrajectorySchema;

/**
 * From raw steps with their split to the rows of {@link TrajectorySchema#TRANSITIONS}: the
 * normalized {@code state} (a map over rows with the fitted {@link FeatureNormalization}, no
 * shuffle), the action levels ({@code dose_level} udf with the train cut points) and {@code action
 * = 3 * iv_level + vaso_level}, then {@code next_state} as the next step's state within the stay (a
 * window over {@code stay_id} ordered by {@code step}: one shuffle); at the last step it is the
 * state itself (unused, since {@code done}). {@code next_map} and {@code next_lactate} are the MAP
 * and lactate entries of {@code next_state}.
 */
final class TransitionAssembler {
  private final FeatureNormalization normalization;

  TransitionAssembler(FeatureNormalization normalization) {
    this.normalization = normalization;
  }

  /** Transition rows plus the {@code split} column, in the schema's column order. */
  Dataset<Row> assemble(Dataset<Row> rawSteps) {
    StructType withState =
        rawSteps
            .schema()
            .add(
                DataTypes.createStructField(
                    "state", DataTypes.createArrayType(DataTypes.DoubleType, false), false));
    int firstFeature = rawSteps.schema().fieldIndex(Feature.AGE_YEARS.columnName());
    Dataset<Row> states =
        rawSteps.map(new AppendState(normalization, firstFeature), Encoders.row(withState));
    Column next = lead(col("state"), 1).over(Window.partitionBy("stay_id").orderBy("step"));
    Dataset<Row> transitions =
        states
            .withColumn("iv_level", level("iv_dose", normalization.ivFluidCut()))
            .withColumn("vaso_level", level("vaso_dose", normalization.vasoCut()))
            .withColumn("action", col("iv_level").multiply(3).plus(col("vaso_level")))
            .withColumn("next_state", coalesce(next, col("state")))
            .withColumn("next_map", element_at(col("next_state"), Feature.MAP.index() + 1))
            .withColumn("next_lactate", element_at(col("next_state"), Feature.LACTATE.index() + 1));
    List<Column> columns = new ArrayList<>();
    for (StructField field : TrajectorySchema.TRANSITIONS_WITH_SPLIT.fields()) {
      columns.add(col(field.name()).cast(field.dataType()).as(field.name()));
    }
    return transitions.select(columns.toArray(Column[]::new));
  }

  private static Column level(String dose, double cut) {
    return coalesce(call_udf("dose_level", col(dose), lit(cut)), lit(0));
  }

  /** Appends the normalized state to a raw step row; the features start at a known position. */
  static final class AppendState implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final FeatureNormalization normalization;
    private final int firstFeature;

    AppendState(FeatureNormalization normalization, int firstFeature) {
      this.normalization = normalization;
      this.firstFeature = firstFeature;
    }

    @Override
    public Row call(Row row) {
      double[] raw = new double[Feature.COUNT];
      for (int i = 0; i < raw.length; i++) {
        int at = firstFeature + i;
        raw[i] = row.isNullAt(at) ? Double.NaN : row.getDouble(at);
      }
      Object[] values = new Object[row.size() + 1];
      for (int i = 0; i < row.size(); i++) {
        values[i] = row.get(i);
      }
      values[row.size()] = normalization.normalize(raw);
      return RowFactory.create(values);
    }
  }
}
