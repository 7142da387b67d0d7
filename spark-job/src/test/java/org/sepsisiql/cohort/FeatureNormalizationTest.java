package org.sepsisiql.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sepsisiql.data.Feature;
import org.sepsisiql.data.FeatureNormalization;

/** Imputation, log transform, z-score, action levels and the JSON round trip with its checks. */
class FeatureNormalizationTest {
  private static FeatureNormalization sample() {
    double[] medians = new double[Feature.COUNT];
    double[] means = new double[Feature.COUNT];
    double[] stds = new double[Feature.COUNT];
    long[] observed = new long[Feature.COUNT];
    for (int i = 0; i < Feature.COUNT; i++) {
      medians[i] = i + 0.5;
      means[i] = i / 10.0;
      stds[i] = i == 3 ? 0.0 : 2.0;
      observed[i] = 100 - i;
    }
    return new FeatureNormalization(medians, means, stds, observed, 100, 250.0, 0.2);
  }

  @Test
  void normalizesWithImputationLogAndZScore() {
    FeatureNormalization n = sample();
    double[] raw = new double[Feature.COUNT];
    Arrays.fill(raw, Double.NaN);
    raw[Feature.MAP.index()] = 70.0;
    raw[Feature.LACTATE.index()] = -1.0;
    double[] state = n.normalize(raw);
    int map = Feature.MAP.index();
    assertEquals((70.0 - map / 10.0) / 2.0, state[map], 1e-12, "MAP z-score");
    int lactate = Feature.LACTATE.index();
    assertEquals((0.0 - lactate / 10.0) / 2.0, state[lactate], 1e-12, "log(1 + max(-1, 0)) = 0");
    int glucose = Feature.GLUCOSE.index();
    assertEquals(
        (Math.log1p(glucose + 0.5) - glucose / 10.0) / 2.0,
        state[glucose],
        1e-12,
        "missing glucose imputed with its median, then logged");
    assertEquals(1.0, n.std(Feature.READMISSION), "std 0 stored as 1");
  }

  @Test
  void actionLevelsUseTheCutPoints() {
    FeatureNormalization n = sample();
    assertEquals(0, n.ivLevel(0.0), "no fluid");
    assertEquals(1, n.ivLevel(250.0), "at the median");
    assertEquals(2, n.ivLevel(250.1), "above");
    assertEquals(1, n.vasoLevel(0.05), "low vaso");
  }

  @Test
  void jsonRoundTripKeepsEveryValue() {
    FeatureNormalization n = sample();
    FeatureNormalization back = FeatureNormalization.fromJson(n.toJson());
    double[] raw = new double[Feature.COUNT];
    Arrays.fill(raw, 3.0);
    assertArrayEquals(n.normalize(raw), back.normalize(raw), 0.0, "same states after reload");
    assertEquals(n.vasoCut(), back.vasoCut(), 0.0, "vaso cut");
    assertEquals(n.trainObserved(Feature.SOFA), back.trainObserved(Feature.SOFA), "observed");
  }

  @Test
  void aFileForOtherFeaturesIsRejectedByName() {
    String json = sample().toJson().replace("\"name\" : \"map\"", "\"name\" : \"mean_bp\"");
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> FeatureNormalization.fromJson(json));
    assertTrue(error.getMessage().contains("'mean_bp', expected 'map'"), error.getMessage());
    String version = sample().toJson().replace("\"format_version\" : 1", "\"format_version\" : 9");
    assertThrows(
        IllegalArgumentException.class, () -> FeatureNormalization.fromJson(version), "version");
  }

  @Test
  void aFileWithAnotherFeatureCountIsRejected() {
    String json = sample().toJson();
    int last = json.lastIndexOf("}, {");
    int end = json.indexOf("} ]", last);
    String shorter = json.substring(0, last) + json.substring(end);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> FeatureNormalization.fromJson(shorter));
    assertTrue(
        error.getMessage().contains("42 features, this code expects 43"), error.getMessage());
  }
}
