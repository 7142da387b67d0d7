package org.sepsisiql.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.agent.FittedStateNormalizer;
import org.sepsisiql.data.Feature;

/**
 * Refuses trajectories normalized for other features before any training: {@code
 * fitted/normalization.json} must read as a {@link org.sepsisiql.data.FeatureNormalization} whose
 * feature names equal this build's {@link Feature} list in state order (the message names the first
 * mismatch). A missing {@code fitted/} folder is allowed (trajectories from elsewhere); the model
 * then carries no normalization and its policy needs already-normalized states.
 */
final class NormalizationCheck {
  private NormalizationCheck() {}

  /** Returns whether a normalization exists (and matches); throws when it does not match. */
  static boolean requireMatchingFeatures(FileSystem fs, Path fitted) {
    Path file = new Path(fitted, FittedStateNormalizer.FILE);
    try {
      if (!fs.exists(file)) {
        return false;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + fitted, e);
    }
    Configuration hadoop = fs.getConf();
    try {
      FittedStateNormalizer.load(fitted, hadoop);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the trajectories' normalization does not fit this build's "
              + Feature.COUNT
              + " features: "
              + e.getMessage(),
          e);
    }
    return true;
  }
}
