package org.sepsisiql.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What a stage's output was computed from, written beside it as {@code <stage>/_LINEAGE.json} when
 * it commits: the SHA-256 of each input's file listing (every file's relative path, length and
 * modification time: a rewritten stage has new files, so a new fingerprint) and the SHA-256 of the
 * settings the stage reads ({@link #SETTINGS}, plus the run's seed). {@code run} compares a
 * complete stage's recorded lineage with its inputs and settings as they are now and reruns it when
 * they differ, saying which ({@link #changesSince}); so a retrained model is never reported with
 * the previous model's evaluation.
 */
public record StageLineage(Map<String, String> inputs, String settings) {
  public static final String FILE = "_LINEAGE.json";

  /** The configuration subtrees each stage reads; any other stage: all of {@code sepsis-iql}. */
  static final Map<String, List<String>> SETTINGS =
      Map.of(
          "extracts", List.of("sepsis-iql.synthesize", "sepsis-iql.simulator", "sepsis-iql.mimic"),
          "trajectories", List.of("sepsis-iql.cohort"),
          "behavior", List.of("sepsis-iql.behavior"),
          "model", List.of("sepsis-iql.agent", "sepsis-iql.train"),
          "evaluation", List.of("sepsis-iql.evaluate", "sepsis-iql.simulator"),
          "report", List.of("sepsis-iql.report"));

  private static final String ABSENT = "absent";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public StageLineage {
    inputs = new LinkedHashMap<>(inputs);
  }

  /**
   * The lineage a stage with these inputs would have now. An input inside the run folder is keyed
   * by its path relative to the run ({@code model}), so a copied run checks its own inputs.
   */
  static StageLineage now(
      String stage, List<String> inputs, Config config, Configuration hadoop, Path run) {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (String input : inputs) {
      String key = relativeTo(run, input, hadoop);
      fingerprints.put(key, fingerprint(resolve(run, key), hadoop));
    }
    return new StageLineage(fingerprints, settingsHash(stage, config));
  }

  private static final String IN_RUN = "<run>/";

  private static String relativeTo(Path run, String input, Configuration hadoop) {
    try {
      FileSystem fs = run.getFileSystem(hadoop);
      String root = fs.makeQualified(run).toString() + "/";
      String qualified = fs.makeQualified(new Path(input)).toString();
      return qualified.startsWith(root) ? IN_RUN + qualified.substring(root.length()) : input;
    } catch (IOException | IllegalArgumentException e) {
      return input;
    }
  }

  private static String resolve(Path run, String key) {
    return key.startsWith(IN_RUN) ? new Path(run, key.substring(IN_RUN.length())).toString() : key;
  }

  /**
   * What changed between this recorded lineage and the stage's inputs and settings now, in words,
   * or null when nothing did.
   */
  String changesSince(String stage, Config config, Configuration hadoop, Path run) {
    List<String> paths = new ArrayList<>();
    for (String key : inputs.keySet()) {
      paths.add(resolve(run, key));
    }
    StageLineage current = now(stage, paths, config, hadoop, run);
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      if (!input.getValue().equals(current.inputs.get(input.getKey()))) {
        changes.add("its input " + resolve(run, input.getKey()) + " changed since it was written");
      }
    }
    if (!settings.equals(current.settings)) {
      changes.add(
          "its settings ("
              + String.join(", ", SETTINGS.getOrDefault(stage, List.of("sepsis-iql")))
              + " or the seed) changed");
    }
    return changes.isEmpty() ? null : String.join("; ", changes);
  }

  /** SHA-256 of every file under {@code input} (path relative to it, length, modification time). */
  public static String fingerprint(String input, Configuration hadoop) {
    Path root = new Path(input);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        return ABSENT;
      }
      Path qualified = fs.makeQualified(root);
      List<String> entries = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(qualified, true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        String relative =
            file.getPath().toUri().getPath().substring(qualified.toUri().getPath().length());
        entries.add(relative + "\t" + file.getLen() + "\t" + file.getModificationTime());
      }
      entries.sort(null);
      return DigestUtils.sha256Hex(String.join("\n", entries));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + input + " to fingerprint it", e);
    }
  }

  private static String settingsHash(String stage, Config config) {
    StringBuilder rendered = new StringBuilder();
    for (String path : SETTINGS.getOrDefault(stage, List.of("sepsis-iql"))) {
      rendered.append(path).append('=');
      if (config.hasPath(path)) {
        rendered.append(config.getValue(path).render(ConfigRenderOptions.concise()));
      }
      rendered.append('\n');
    }
    String seed = "sepsis-iql.seed";
    rendered.append("seed=").append(config.hasPath(seed) ? config.getValue(seed).render() : "null");
    return DigestUtils.sha256Hex(rendered.toString());
  }

  String toJson() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("inputs", inputs);
    map.put("settings_sha256", settings);
    try {
      return JSON.writeValueAsString(map) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + FILE, e);
    }
  }

  /** The lineage recorded in a stage's {@link #FILE}, or null when the file is absent. */
  static StageLineage parse(String text, String where) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(text);
      Map<String, String> inputs = new LinkedHashMap<>();
      root.path("inputs")
          .fields()
          .forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().asText()));
      return new StageLineage(inputs, root.path("settings_sha256").asText());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          where + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
