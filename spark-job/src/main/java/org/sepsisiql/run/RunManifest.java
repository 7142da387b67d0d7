package org.sepsisiql.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.time.Instant;
import java.util.Map;
import org.sepsisiql.config.SecretKeys;

/**
 * The run's provenance, {@code <run>/run.json}: effective configuration (secrets redacted), code
 * and library versions, seed, and per stage its inputs, outputs, counts and timings. Every command
 * rewrites it, keeping the entries of the other stages.
 */
public final class RunManifest {
  static final String FILE = "run.json";
  private static final String REDACTED = "***redacted***";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunManifest() {}

  /** Records one stage in the run's manifest, creating the manifest when needed. */
  public static void record(RunFolder run, Config config, long seed, StageRecord stage) {
    ObjectNode root = read(run);
    BuildInfo build = BuildInfo.load();
    root.put("run_id", run.runId());
    root.put("run_folder", run.root().toString());
    root.put("sepsis_iql_version", build.version());
    root.put("code_version", build.codeVersion());
    root.set("libraries", JSON.valueToTree(build.libraries()));
    root.put("seed", seed);
    root.put("updated_at", Instant.now().toString());
    root.set("configuration", redacted(config));
    stage.environment().forEach(root::put);
    ObjectNode stages =
        root.has("stages") ? (ObjectNode) root.get("stages") : JSON.createObjectNode();
    stages.set(stage.name(), JSON.valueToTree(stage.asMap()));
    root.set("stages", stages);
    try {
      run.writeText(FILE, JSON.writeValueAsString(root) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + FILE, e);
    }
  }

  /** The manifest as JSON, or an empty object when the run has none yet. */
  public static ObjectNode read(RunFolder run) {
    String text = run.readText(FILE);
    if (text == null) {
      return JSON.createObjectNode();
    }
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException(run.root() + "/" + FILE + " is not a JSON object", e);
    }
  }

  /** The configuration under the namespace as JSON, with secret-looking values replaced. */
  static ObjectNode redacted(Config config) {
    String rendered = config.getConfig("sepsis-iql").root().render(ConfigRenderOptions.concise());
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(rendered);
      redact(tree);
      return tree;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the configuration", e);
    }
  }

  private static void redact(ObjectNode node) {
    for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field : node.properties()) {
      if (SecretKeys.isSecret(field.getKey())) {
        node.put(field.getKey(), REDACTED);
      } else if (field.getValue() instanceof ObjectNode child) {
        redact(child);
      }
    }
  }
}
