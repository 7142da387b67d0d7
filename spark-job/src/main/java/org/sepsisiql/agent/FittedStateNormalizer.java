package org.sepsisiql.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;

/**
 * The cohort stage's {@link FeatureNormalization} as the agent's {@link StateNormalizer}: a raw
 * observation of the 43 {@link Feature}s (NaN = missing) becomes exactly the {@code state} the
 * network was trained on (train-median imputation, {@code log(1 + max(x, 0))} of skewed features,
 * train z-score). Cost: O(43) per observation. Loaded from {@code normalization.json}, which the
 * cohort stage writes to {@code trajectories/fitted/} and the train stage copies to {@code
 * model/normalization/}.
 */
public final class FittedStateNormalizer implements StateNormalizer {
  private static final long serialVersionUID = 1L;

  /** The file name of the normalization inside {@code fitted/} and {@code normalization/}. */
  public static final String FILE = "normalization.json";

  private final FeatureNormalization normalization;

  public FittedStateNormalizer(FeatureNormalization normalization) {
    this.normalization = normalization;
  }

  /**
   * Reads {@code <folder>/normalization.json}; a missing file or one fitted for other features is
   * refused with a message naming the file and the mismatch.
   */
  public static FittedStateNormalizer load(Path folder, Configuration hadoop) {
    Path file = new Path(folder, FILE);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        throw new IllegalArgumentException(
            "no state normalization at " + file + ": the model cannot map raw observations");
      }
      String text;
      try (InputStream in = fs.open(file)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new FittedStateNormalizer(FeatureNormalization.fromJson(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public FeatureNormalization normalization() {
    return normalization;
  }

  @Override
  public List<String> featureNames() {
    return Feature.columnNames();
  }

  @Override
  public double[] normalize(double[] rawFeatures) {
    return normalization.normalize(rawFeatures);
  }
}
