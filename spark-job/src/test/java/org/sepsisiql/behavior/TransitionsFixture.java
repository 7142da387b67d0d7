package org.sepsisiql.behavior;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sepsisiql.data.Feature;

/**
 * Writes a small {@code trajectories/} folder in the cohort stage's contract: {@code transitions/}
 * partitioned by split, plus {@code _SUCCESS}. States are standard normal; the action follows a
 * softmax policy whose logit for action {@code a} is {@code strength * state[a]}, so a multinomial
 * logistic regression can recover it. Rows are built on the driver (test data only).
 */
final class TransitionsFixture {
  static final StructType SCHEMA =
      new StructType()
          .add("stay_id", DataTypes.LongType, false)
          .add("patient_id", DataTypes.LongType, false)
          .add("step", DataTypes.IntegerType, false)
          .add("state", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
          .add("action", DataTypes.IntegerType, true)
          .add("reward", DataTypes.DoubleType, false)
          .add("done", DataTypes.BooleanType, false)
          .add("next_state", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
          .add("split", DataTypes.StringType, false);

  private static final int STEPS = 10;

  private final SparkSession spark;
  private long seed = 7;
  private double strength = 3.0;
  private Set<Integer> allowedActions = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8);
  private List<String> splits = List.of("train", "val", "test");
  private int trainStays = 200;
  private int otherStays = 60;
  private UnaryOperator<Row> mutation = UnaryOperator.identity();

  TransitionsFixture(SparkSession spark) {
    this.spark = spark;
  }

  TransitionsFixture onlyActions(Set<Integer> actions) {
    this.allowedActions = Set.copyOf(actions);
    return this;
  }

  TransitionsFixture splits(String... names) {
    this.splits = List.of(names);
    return this;
  }

  TransitionsFixture trainStays(int stays) {
    this.trainStays = stays;
    return this;
  }

  /** Rewrites every row of the val split's first stay (to plant bad values). */
  TransitionsFixture corruptFirstValStay(UnaryOperator<Row> mutation) {
    this.mutation = mutation;
    return this;
  }

  /** Writes {@code <dir>/transitions} and {@code <dir>/_SUCCESS}; returns {@code dir}. */
  String write(Path dir) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    long stayId = 0;
    for (String split : splits) {
      int stays = split.equals("train") ? trainStays : otherStays;
      for (int s = 0; s < stays; s++) {
        stayId++;
        for (int step = 0; step < STEPS; step++) {
          Row row = row(random, stayId, step, split);
          boolean corrupt = split.equals("val") && s == 0;
          rows.add(corrupt ? mutation.apply(row) : row);
        }
      }
    }
    spark
        .createDataFrame(rows, SCHEMA)
        .repartition(2)
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("split")
        .parquet(dir.resolve("transitions").toString());
    try {
      Files.createFile(dir.resolve("_SUCCESS"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toString();
  }

  private Row row(Random random, long stayId, int step, String split) {
    double[] state = gaussian(random);
    double[] next = gaussian(random);
    return RowFactory.create(
        stayId,
        stayId / 2,
        step,
        boxed(state),
        sampleAction(random, state),
        step == STEPS - 1 ? 15.0 : 0.0,
        step == STEPS - 1,
        boxed(next),
        split);
  }

  private int sampleAction(Random random, double[] state) {
    double[] weights = new double[BehaviorColumns.ACTIONS];
    double total = 0;
    for (int a = 0; a < weights.length; a++) {
      weights[a] = allowedActions.contains(a) ? Math.exp(strength * state[a]) : 0;
      total += weights[a];
    }
    double u = random.nextDouble() * total;
    for (int a = 0; a < weights.length; a++) {
      u -= weights[a];
      if (u <= 0 && weights[a] > 0) {
        return a;
      }
    }
    return allowedActions.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  private static double[] gaussian(Random random) {
    double[] values = new double[Feature.COUNT];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }

  static List<Double> boxed(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add(value);
    }
    return list;
  }

  /** A copy of a fixture row with one column replaced. */
  static Row with(Row row, String column, Object value) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    values[SCHEMA.fieldIndex(column)] = value;
    return RowFactory.create(values);
  }
}
