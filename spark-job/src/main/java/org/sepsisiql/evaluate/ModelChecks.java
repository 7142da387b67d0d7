package org.sepsisiql.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.sepsisiql.data.Feature;

/**
 * Refuses a model trained for another feature list than this build's (its {@code provenance.json}
 * lists the features it was trained on), before any work.
 */
final class ModelChecks {
  private ModelChecks() {}

  static void requireFeatures(String provenanceText, Path model) {
    JsonNode provenance = EvaluateStage.readJson(provenanceText);
    if (provenance == null || !provenance.path("features").isArray()) {
      return;
    }
    List<String> names = new ArrayList<>();
    provenance.path("features").forEach(node -> names.add(node.asText()));
    if (!names.equals(Feature.columnNames())) {
      throw new IllegalArgumentException(
          "the model at "
              + model
              + " was trained on "
              + names.size()
              + " features, the trajectories have "
              + Feature.COUNT
              + (names.size() == Feature.COUNT ? " with other names or order" : "")
              + "; evaluate it on the trajectories it was trained on");
    }
  }
}
