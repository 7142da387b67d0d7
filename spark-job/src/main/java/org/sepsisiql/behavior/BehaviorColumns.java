package org.sepsisiql.behavior;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Column;

/**
 * Column names and expressions shared by the behavior stage's fit, scoring and report. The label
 * carries MLlib nominal metadata with {@value #ACTIONS} values, so the multinomial model always has
 * nine classes (and nine probabilities) even when an action never occurs in train.
 */
final class BehaviorColumns {
  /** Number of actions: 3 IV-fluid levels x 3 vasopressor levels. */
  static final int ACTIONS = 9;

  static final String FEATURES = "features";
  static final String LABEL = "label";
  static final String PROBABILITY = "probability";
  static final String PI_B = "pi_b";
  static final String PI_B_TAKEN = "pi_b_taken";
  static final String TAKEN_FLOORED = "taken_floored";

  private BehaviorColumns() {}

  /** The state as an MLlib vector. */
  static Column features() {
    return array_to_vector(col(TransitionsInput.STATE)).as(FEATURES);
  }

  /** The taken action as a double label declaring all nine classes. */
  static Column label() {
    return col(TransitionsInput.ACTION)
        .cast("double")
        .as(
            LABEL,
            NominalAttribute.defaultAttr().withName(LABEL).withNumValues(ACTIONS).toMetadata());
  }

  /** Probability of the taken action in an {@code array<double>} column (actions are 0-based). */
  static Column taken(Column probabilities) {
    return element_at(probabilities, col(TransitionsInput.ACTION).plus(1));
  }

  /** The model's own (unfloored) probability of the taken action. */
  static Column rawTaken() {
    return taken(vector_to_array(col(PROBABILITY), "float64"));
  }

  /** Confidence: the probability of the predicted (most probable) action. */
  static Column confidence(Column probabilities) {
    return array_max(probabilities);
  }

  /** Whether the most probable action (first on ties) is the taken one. */
  static Column correct(Column probabilities) {
    return array_position(probabilities, array_max(probabilities))
        .minus(1)
        .equalTo(col(TransitionsInput.ACTION));
  }
}
