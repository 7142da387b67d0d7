package org.sepsisiql.agent;

import java.io.Serializable;
import java.util.List;

/**
 * Turns a bin's raw features into the normalized state the network was trained on (imputation, log
 * transforms, z-scores fitted on train by the cohort stage). {@link FittedStateNormalizer} is the
 * real one (the cohort stage's {@code FeatureNormalization}); {@link #identity} is only for input
 * that is already normalized.
 */
public interface StateNormalizer extends Serializable {
  /** Feature names in state order; must equal the trained model's. */
  List<String> featureNames();

  /** The normalized state of one bin's raw features (same length). */
  double[] normalize(double[] rawFeatures);

  /** Passes already-normalized states through unchanged (tests, input normalized elsewhere). */
  static StateNormalizer identity(List<String> featureNames) {
    List<String> names = List.copyOf(featureNames);
    return new StateNormalizer() {
      @Override
      public List<String> featureNames() {
        return names;
      }

      @Override
      public double[] normalize(double[] rawFeatures) {
        return rawFeatures.clone();
      }
    };
  }
}
