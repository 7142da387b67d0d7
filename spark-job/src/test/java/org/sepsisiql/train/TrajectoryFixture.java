package org.sepsisiql.train;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.Feature;

/**
 * Writes a small {@code trajectories/transitions} folder in the cohort stage's contract (explicit
 * schema, partitioned by split). The task is the one of {@link SyntheticTransitions} over 41
 * features: feature 0's sign decides whether action 2 or 6 earns +1. Knobs let tests break it.
 */
final class TrajectoryFixture {
  int rowsPerSplit = 120;
  int stateLength = Feature.COUNT;
  boolean singleAction;
  int nanStatesInTrain;
  boolean emptyTrain;

  static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(field("split", DataTypes.StringType));
    fields.add(field("stay_id", DataTypes.LongType));
    fields.add(field("patient_id", DataTypes.LongType));
    fields.add(field("step", DataTypes.IntegerType));
    fields.add(field("bin_start", DataTypes.TimestampType));
    for (String name : Feature.columnNames()) {
      fields.add(field(name, DataTypes.DoubleType));
    }
    fields.add(field("state", DataTypes.createArrayType(DataTypes.DoubleType, false)));
    fields.add(field("iv_dose", DataTypes.DoubleType));
    fields.add(field("vaso_dose", DataTypes.DoubleType));
    fields.add(field("iv_level", DataTypes.IntegerType));
    fields.add(field("vaso_level", DataTypes.IntegerType));
    fields.add(field("action", DataTypes.IntegerType));
    fields.add(field("reward", DataTypes.DoubleType));
    fields.add(field("done", DataTypes.BooleanType));
    fields.add(field("next_state", DataTypes.createArrayType(DataTypes.DoubleType, false)));
    fields.add(field("next_map", DataTypes.DoubleType));
    fields.add(field("next_lactate", DataTypes.DoubleType));
    return new StructType(fields.toArray(new StructField[0]));
  }

  void write(SparkSession spark, String trajectories) {
    List<Row> rows = new ArrayList<>();
    Random random = new Random(5);
    for (String split : new String[] {"train", "val", "test"}) {
      int n = emptyTrain && split.equals("train") ? 0 : rowsPerSplit;
      for (int i = 0; i < n; i++) {
        boolean nan = split.equals("train") && i < nanStatesInTrain;
        rows.add(row(split, i, random, nan));
      }
    }
    spark
        .createDataFrame(rows, schema())
        .write()
        .partitionBy("split")
        .parquet(trajectories + "/transitions");
  }

  private Row row(String split, int i, Random random, boolean nan) {
    boolean positive = random.nextBoolean();
    List<Double> state = new ArrayList<>();
    List<Double> next = new ArrayList<>();
    for (int j = 0; j < stateLength; j++) {
      state.add(j == 0 ? (positive ? 1.0 : -1.0) : random.nextGaussian());
      next.add(random.nextGaussian());
    }
    if (nan) {
      state.set(3, Double.NaN);
    }
    int action = singleAction ? 4 : random.nextInt(9);
    double reward = action == (positive ? 2 : 6) ? 15.0 : -15.0;
    List<Object> values = new ArrayList<>();
    values.add(split);
    values.add((long) i);
    values.add((long) i);
    values.add(0);
    values.add(new Timestamp(1_700_000_000_000L));
    for (int j = 0; j < Feature.COUNT; j++) {
      values.add(random.nextGaussian());
    }
    values.add(state);
    values.add(0.0);
    values.add(0.0);
    values.add(action / 3);
    values.add(action % 3);
    values.add(action);
    values.add(reward);
    values.add(true);
    values.add(next);
    values.add(75 + 10 * random.nextGaussian());
    values.add(i % 7 == 0 ? Double.NaN : 2.0 + random.nextGaussian());
    return RowFactory.create(values.toArray());
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }
}
