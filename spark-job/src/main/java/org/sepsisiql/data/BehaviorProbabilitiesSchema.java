package org.sepsisiql.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The explicit schema of {@code behavior/probabilities} (DESIGN.md section 5): pi_b for all 9
 * actions of every transition of every split, floored, with the taken action's probability and
 * whether the floor raised it. Written by the behavior stage, read by the evaluate stage; {@code
 * split} is the Parquet partition column.
 */
public final class BehaviorProbabilitiesSchema {
  private BehaviorProbabilitiesSchema() {}

  public static final StructType SCHEMA =
      new StructType()
          .add("stay_id", DataTypes.LongType, false)
          .add("step", DataTypes.IntegerType, false)
          .add("action", DataTypes.IntegerType, false)
          .add("pi_b", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("pi_b_taken", DataTypes.DoubleType, false)
          .add("taken_floored", DataTypes.BooleanType, false)
          .add(TrajectorySchema.SPLIT, DataTypes.StringType, false);
}
