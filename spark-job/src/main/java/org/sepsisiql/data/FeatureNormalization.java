package org.sepsisiql.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;

/**
 * The normalization fitted on the train split (DESIGN.md section 4), saved with the run as {@code
 * trajectories/fitted/normalization.json} and applied the same way by every later stage and by the
 * simulator's rollouts.
 *
 * <p>Per feature, in {@link Feature} order: a missing value (NaN after sample-and-hold) is imputed
 * with the train median; a {@link Feature#logTransformed()} feature then becomes {@code log(1 +
 * max(x, 0))}; the result is z-scored with the train mean and standard deviation of the imputed,
 * transformed values (a standard deviation of 0 is stored as 1). The action cut points are the
 * train medians of the non-zero IV fluid totals and non-zero vasopressor doses per step: level 0 =
 * none, 1 = {@code 0 < dose <= cut}, 2 = above.
 *
 * <p>The JSON carries a format version and the feature names in order, so loading a file fitted for
 * another feature list fails with a message naming the first mismatch. Immutable.
 */
public final class FeatureNormalization implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Version of the JSON layout; bumped on any incompatible change. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final double[] medians;
  private final double[] means;
  private final double[] stds;
  private final long[] trainObserved;
  private final long trainRows;
  private final double ivFluidCut;
  private final double vasoCut;

  /**
   * @param medians train medians of the raw features (imputation values)
   * @param means train means after imputation and log transform
   * @param stds train standard deviations after imputation and log transform (0 becomes 1)
   * @param trainObserved train rows where each feature was present before imputation
   * @param trainRows train rows the statistics were fitted on
   * @param ivFluidCut median of the non-zero IV fluid totals per step, mL
   * @param vasoCut median of the non-zero vasopressor doses per step, mcg/kg/min NE-equivalent
   */
  public FeatureNormalization(
      double[] medians,
      double[] means,
      double[] stds,
      long[] trainObserved,
      long trainRows,
      double ivFluidCut,
      double vasoCut) {
    checkLength("medians", medians.length);
    checkLength("means", means.length);
    checkLength("stds", stds.length);
    checkLength("trainObserved", trainObserved.length);
    checkCut("ivFluidCut", ivFluidCut);
    checkCut("vasoCut", vasoCut);
    this.medians = medians.clone();
    this.means = means.clone();
    this.stds = stds.clone();
    for (int i = 0; i < this.stds.length; i++) {
      if (!(this.stds[i] > 0) || !Double.isFinite(this.stds[i])) {
        this.stds[i] = 1.0;
      }
    }
    this.trainObserved = trainObserved.clone();
    this.trainRows = trainRows;
    this.ivFluidCut = ivFluidCut;
    this.vasoCut = vasoCut;
  }

  /** The normalized state vector of one step's raw features (NaN = missing). */
  public double[] normalize(double[] raw) {
    checkLength("raw features", raw.length);
    double[] state = new double[Feature.COUNT];
    for (Feature feature : Feature.ordered()) {
      int i = feature.index();
      state[i] = (transform(feature, impute(i, raw[i])) - means[i]) / stds[i];
    }
    return state;
  }

  /** The raw value with a missing (NaN or infinite) value replaced by the train median. */
  public double impute(int index, double raw) {
    return Double.isFinite(raw) ? raw : medians[index];
  }

  /** {@code log(1 + max(x, 0))} for a log-transformed feature, else x itself. */
  public static double transform(Feature feature, double imputed) {
    return feature.logTransformed() ? Math.log1p(Math.max(imputed, 0.0)) : imputed;
  }

  /** IV fluid action level 0, 1 or 2 of a step's total in mL. */
  public int ivLevel(double fluidMl) {
    return level(fluidMl, ivFluidCut);
  }

  /** Vasopressor action level 0, 1 or 2 of a step's maximum NE-equivalent dose. */
  public int vasoLevel(double dose) {
    return level(dose, vasoCut);
  }

  private static int level(double dose, double cut) {
    if (!(dose > 0) || Double.isNaN(dose)) {
      return 0;
    }
    return dose <= cut ? 1 : 2;
  }

  public double median(Feature feature) {
    return medians[feature.index()];
  }

  public double mean(Feature feature) {
    return means[feature.index()];
  }

  public double std(Feature feature) {
    return stds[feature.index()];
  }

  public long trainObserved(Feature feature) {
    return trainObserved[feature.index()];
  }

  public long trainRows() {
    return trainRows;
  }

  public double ivFluidCut() {
    return ivFluidCut;
  }

  public double vasoCut() {
    return vasoCut;
  }

  /** Pretty-printed JSON: the format version, one object per feature in order, the cut points. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("fitted_on", "train split only");
    root.put("train_rows", trainRows);
    root.put(
        "transform",
        "impute NaN with median; log(1 + max(x, 0)) where log_transformed; z = (x - mean) / std");
    ArrayNode features = root.putArray("features");
    for (Feature feature : Feature.ordered()) {
      int i = feature.index();
      ObjectNode node = features.addObject();
      node.put("index", i);
      node.put("name", feature.columnName());
      node.put("log_transformed", feature.logTransformed());
      node.put("train_observed", trainObserved[i]);
      node.put("median", medians[i]);
      node.put("mean", means[i]);
      node.put("std", stds[i]);
    }
    ObjectNode levels = root.putObject("action_levels");
    levels.put("rule", "0 = none, 1 = 0 < dose <= cut, 2 = dose > cut; action = 3 * iv + vaso");
    levels.put("iv_fluid_ml_cut", ivFluidCut);
    levels.put("vaso_dose_cut", vasoCut);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the normalization as JSON", e);
    }
  }

  /**
   * Reads {@link #toJson()} output.
   *
   * @throws IllegalArgumentException on another format version, or when the feature count or a
   *     feature name differs from this code's {@link Feature} list (the message names it)
   */
  public static FeatureNormalization fromJson(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("normalization is not valid JSON: " + e.getMessage(), e);
    }
    int version = root.path("format_version").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "normalization format_version must be " + FORMAT_VERSION + ", cannot be: " + version);
    }
    JsonNode features = root.path("features");
    checkFeatureNames(features);
    int n = Feature.COUNT;
    double[] medians = new double[n];
    double[] means = new double[n];
    double[] stds = new double[n];
    long[] observed = new long[n];
    for (int i = 0; i < n; i++) {
      JsonNode node = features.get(i);
      medians[i] = number(node, "median");
      means[i] = number(node, "mean");
      stds[i] = number(node, "std");
      observed[i] = node.path("train_observed").asLong();
    }
    JsonNode levels = root.path("action_levels");
    return new FeatureNormalization(
        medians,
        means,
        stds,
        observed,
        root.path("train_rows").asLong(),
        number(levels, "iv_fluid_ml_cut"),
        number(levels, "vaso_dose_cut"));
  }

  private static void checkFeatureNames(JsonNode features) {
    List<String> expected = Feature.columnNames();
    if (!features.isArray() || features.size() != expected.size()) {
      throw new IllegalArgumentException(
          "normalization has "
              + (features.isArray() ? features.size() : 0)
              + " features, this code expects "
              + expected.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      String name = features.get(i).path("name").asText();
      if (!expected.get(i).equals(name)) {
        throw new IllegalArgumentException(
            "normalization feature "
                + i
                + " is '"
                + name
                + "', expected '"
                + expected.get(i)
                + "'");
      }
    }
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException("normalization field " + field + " must be a number");
    }
    return value.asDouble();
  }

  private static void checkLength(String name, int length) {
    if (length != Feature.COUNT) {
      throw new IllegalArgumentException(
          name + " must have " + Feature.COUNT + " values, cannot have: " + length);
    }
  }

  private static void checkCut(String name, double cut) {
    if (!(cut > 0) || !Double.isFinite(cut)) {
      throw new IllegalArgumentException(name + " must be positive and finite, cannot be: " + cut);
    }
  }
}
