package org.sepsisiql.cohort;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code manifest.json}: every data file of the output with its size, and the sha256 over that
 * listing (see {@link OutputFiles#sha256}). Written last, just before the commit.
 */
final class Manifest {
  private Manifest() {}

  /** Writes the manifest and returns its sha256. */
  static String write(OutputFiles files) {
    List<OutputFiles.DataFile> data = files.dataFiles();
    String sha256 = OutputFiles.sha256(data);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("sha256", sha256);
    root.put("sha256_of", "one 'path<TAB>bytes<LF>' line per file below, in this order");
    ArrayNode list = root.putArray("files");
    for (OutputFiles.DataFile file : data) {
      list.addObject().put("path", file.path()).put("bytes", file.bytes());
    }
    try {
      files.writeText("manifest.json", json.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the manifest", e);
    }
    return sha256;
  }
}
