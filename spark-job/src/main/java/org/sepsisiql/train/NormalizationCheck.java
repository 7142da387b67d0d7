package org.sepsisiql.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.data.Feature;

/**
 * Refuses trajectories normalized for other features: every JSON file under {@code fitted/} that
 * lists feature names (a top-level {@code features} or {@code feature_names} array of names, or of
 * objects with a {@code name}) must list exactly the {@link Feature} columns in state order. A
 * missing {@code fitted/} folder is allowed (the model then carries no normalization).
 */
final class NormalizationCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NormalizationCheck() {}

  static void requireMatchingFeatures(FileSystem fs, Path fitted) {
    List<String> expected = Feature.columnNames();
    try {
      if (!fs.exists(fitted)) {
        return;
      }
      for (FileStatus file : fs.listStatus(fitted)) {
        if (!file.getPath().getName().endsWith(".json")) {
          continue;
        }
        List<String> names = featureNames(fs, file.getPath());
        if (names != null && !names.equals(expected)) {
          throw new IllegalArgumentException(
              "normalization "
                  + file.getPath()
                  + " was fitted for other features ("
                  + names.size()
                  + " features, first difference at "
                  + firstDifference(names, expected)
                  + ") than this build's "
                  + expected.size());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + fitted, e);
    }
  }

  private static List<String> featureNames(FileSystem fs, Path file) throws IOException {
    JsonNode root;
    try (InputStream in = fs.open(file)) {
      root = JSON.readTree(in);
    }
    JsonNode list = root.has("features") ? root.get("features") : root.get("feature_names");
    if (list == null || !list.isArray()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (JsonNode item : list) {
      names.add(item.isTextual() ? item.asText() : item.path("name").asText());
    }
    return names;
  }

  private static String firstDifference(List<String> actual, List<String> expected) {
    for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
      if (!actual.get(i).equals(expected.get(i))) {
        return "position " + i + ": " + actual.get(i) + " instead of " + expected.get(i);
      }
    }
    return "position " + Math.min(actual.size(), expected.size());
  }
}
