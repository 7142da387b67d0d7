package org.sepsisiql.agent;

import java.io.Serializable;
import java.util.List;

/**
 * Turns a bin's raw features into the normalized state the network was trained on (imputation, log
 * transforms, z-scores fitted on train by the cohort stage). The cohort stage's {@code
 * FeatureNormalization} plugs in here; the agent only needs the mapping and the feature names.
 */
public interface StateNormalizer extends Serializable {
  /** Feature names in state order; must equal the trained model's. */
  List<String> featureNames();

  /** The normalized state of one bin's raw features (same length). */
  double[] normalize(double[] rawFeatures);

  /** A normalizer that passes states through unchanged (for already-normalized input, tests). */
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
