package org.sepsisiql.baselines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.sepsisiql.agent.QNetworkValues;
import org.sepsisiql.ope.QFunction;
import org.sepsisiql.policy.Policy;

/**
 * One trained baseline's Q function in its folder, {@code <run>/baselines/<key>/}: {@code
 * q-function.json} (kind, state size, horizon, and the linear model's coefficients) and, for the
 * boosted trees, MLlib's own saved model in {@code gbt/}; for the networks, {@code q-function.json}
 * (kind {@code network}) beside DL4J's model files: {@code q-network.zip} (the kept network) and
 * {@code checkpoint.zip} (the last epoch's, with its optimizer state). Written by the baselines
 * stage, read by the evaluate stage through {@code policy.PolicySources}.
 */
public final class BaselineFolder {
  static final String Q_FUNCTION = "q-function.json";
  static final String GBT = "gbt";
  static final String NETWORK = "q-network.zip";
  static final String CHECKPOINT = "checkpoint.zip";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BaselineFolder() {}

  /** Writes {@code q} into {@code folder}. */
  static void save(QFunction q, Path folder, FileSystem fs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("state_size", q.stateSize());
    if (q instanceof QFunction.Linear linear) {
      root.put("kind", "linear");
      root.put("horizon", linear.horizon());
      ArrayNode coefficients = root.putArray("coefficients");
      for (double c : linear.coefficients()) {
        coefficients.add(c);
      }
    } else if (q instanceof QFunction.Boosted boosted) {
      root.put("kind", "gbt");
      root.put("horizon", boosted.horizon());
      try {
        boosted.model().write().overwrite().save(new Path(folder, GBT).toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the boosted trees in " + folder, e);
      }
    }
    write(fs, new Path(folder, Q_FUNCTION), root);
  }

  /** Writes {@code q-function.json} for a network saved as {@link #NETWORK} in {@code folder}. */
  static void saveNetworkEntry(int stateSize, Path folder, FileSystem fs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("state_size", stateSize);
    root.put("kind", "network");
    root.put("network", NETWORK);
    write(fs, new Path(folder, Q_FUNCTION), root);
  }

  /** Writes a DL4J network into {@code file}, with its optimizer state. */
  static void saveNetwork(ComputationGraph network, Path file, FileSystem fs) {
    try (OutputStream out = fs.create(file, true)) {
      ModelSerializer.writeModel(network, out, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The baseline in {@code folder} as {@code Q(s, .)} for batches of normalized states (the step
   * feature as in the state): the regressions through {@link #load}, the networks through {@link
   * QNetworkValues}.
   */
  public static Policy qValues(String folder, Configuration hadoop) {
    Path path = new Path(folder, Q_FUNCTION);
    JsonNode root = readJsonIfExists(path, hadoop);
    if (root != null && "network".equals(root.path("kind").asText())) {
      return QNetworkValues.load(
          new Path(folder, required(root, "network", path).asText()), hadoop);
    }
    QFunction q = load(folder, hadoop);
    return states -> {
      double[][] out = new double[states.length][];
      for (int i = 0; i < states.length; i++) {
        out[i] = q.q(states[i], 0);
      }
      return out;
    };
  }

  /**
   * The regression's Q function saved in {@code folder}; the boosted trees need an active Spark
   * session.
   */
  public static QFunction load(String folder, Configuration hadoop) {
    Path path = new Path(folder, Q_FUNCTION);
    JsonNode root = readJsonIfExists(path, hadoop);
    if (root == null) {
      throw new IllegalArgumentException("the baseline's " + path + " does not exist");
    }
    int stateSize = required(root, "state_size", path).asInt();
    int horizon = required(root, "horizon", path).asInt();
    String kind = required(root, "kind", path).asText();
    return switch (kind) {
      case "linear" -> {
        JsonNode values = required(root, "coefficients", path);
        double[] coefficients = new double[values.size()];
        for (int i = 0; i < coefficients.length; i++) {
          coefficients[i] = values.get(i).asDouble();
        }
        yield new QFunction.Linear(stateSize, horizon, coefficients);
      }
      case "gbt" ->
          new QFunction.Boosted(
              stateSize, horizon, GBTRegressionModel.load(new Path(folder, GBT).toString()));
      default -> throw new IllegalArgumentException(path + ": unknown kind \"" + kind + "\"");
    };
  }

  /** A field of a baseline's JSON file; fails naming the file and the field when absent. */
  static JsonNode required(JsonNode root, String field, Path path) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(path + " lacks the field " + field);
    }
    return value;
  }

  /** A JSON file's content, or null when it does not exist. */
  static JsonNode readJsonIfExists(Path path, Configuration hadoop) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        return JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e, e);
    }
  }

  static void write(FileSystem fs, Path path, JsonNode json) {
    try (OutputStream out = fs.create(path, true)) {
      out.write((JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
