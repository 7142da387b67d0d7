package org.sepsisiql.data;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The explicit schema of {@code trajectories/transitions} (DESIGN.md section 4), written by the
 * cohort stage and read by every later stage. One row per 4-hour step of a stay; the {@code split}
 * column ({@code train}, {@code val}, {@code test}) is the Parquet partition column and so is not
 * part of the data files' schema, but Spark adds it back when reading the folder.
 *
 * <p>The raw feature columns are the 43 {@link Feature} values after sample-and-hold and before
 * imputation (NULL where missing); {@code state} and {@code next_state} hold the 43 normalized
 * values (train-median imputation, log transform, train z-score) in {@link Feature} order.
 */
public final class TrajectorySchema {
  private TrajectorySchema() {}

  /** The partition column of the transitions folder. */
  public static final String SPLIT = "split";

  /** The three split names, in temporal order. */
  public static final List<String> SPLITS = List.of("train", "val", "test");

  /** The columns of the transitions data files (without the {@link #SPLIT} partition column). */
  public static final StructType TRANSITIONS = transitions();

  /** The transitions as read back from the folder: {@link #TRANSITIONS} plus {@code split}. */
  public static final StructType TRANSITIONS_WITH_SPLIT =
      TRANSITIONS.add(DataTypes.createStructField(SPLIT, DataTypes.StringType, false));

  private static StructType transitions() {
    List<StructField> fields = new ArrayList<>();
    fields.add(required("stay_id", LongType));
    fields.add(required("patient_id", LongType));
    fields.add(required("step", IntegerType));
    fields.add(required("bin_start", TimestampType));
    for (Feature feature : Feature.ordered()) {
      fields.add(DataTypes.createStructField(feature.columnName(), DoubleType, true));
    }
    fields.add(required("state", DataTypes.createArrayType(DoubleType, false)));
    fields.add(required("iv_dose", DoubleType));
    fields.add(required("vaso_dose", DoubleType));
    fields.add(required("iv_level", IntegerType));
    fields.add(required("vaso_level", IntegerType));
    fields.add(required("action", IntegerType));
    fields.add(required("reward", DoubleType));
    fields.add(required("done", BooleanType));
    fields.add(required("next_state", DataTypes.createArrayType(DoubleType, false)));
    fields.add(required("next_map", DoubleType));
    fields.add(required("next_lactate", DoubleType));
    return DataTypes.createStructType(fields);
  }

  private static StructField required(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, false);
  }
}
