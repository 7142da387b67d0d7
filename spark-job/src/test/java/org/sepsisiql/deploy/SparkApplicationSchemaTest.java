package org.sepsisiql.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sepsisiql.cli.Main;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/kubernetes/sparkapplication.yaml} against the Kubeflow Spark operator's v1beta2 CRD
 * schema (test resource {@code deploy/}, source in its README): no unknown or mistyped field, the
 * Spark trainer with Spark 3.5's GPU scheduling, arguments the CLI parses, and the discovery script
 * the image installs.
 */
class SparkApplicationSchemaTest {
  private static final Path MANIFEST =
      Path.of("..", "deploy", "kubernetes", "sparkapplication.yaml");

  @SuppressWarnings("unchecked")
  private static OpenApiSchema schema() throws IOException {
    try (InputStream in =
        SparkApplicationSchemaTest.class.getResourceAsStream(
            "/deploy/sparkoperator.k8s.io_sparkapplications.yaml")) {
      Map<String, Object> crd = new Yaml().load(in);
      List<Map<String, Object>> versions =
          (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions");
      Map<String, Object> v1beta2 =
          versions.stream().filter(v -> "v1beta2".equals(v.get("name"))).findFirst().orElseThrow();
      return new OpenApiSchema(
          (Map<String, Object>)
              ((Map<String, Object>) v1beta2.get("schema")).get("openAPIV3Schema"));
    }
  }

  private static Map<String, Object> manifest() throws IOException {
    return new Yaml().load(Files.readString(MANIFEST));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> app) {
    return (Map<String, Object>) app.get("spec");
  }

  @Test
  void theManifestIsValidAgainstTheOperatorsSchema() throws IOException {
    Map<String, Object> app = manifest();
    assertEquals("sparkoperator.k8s.io/v1beta2", app.get("apiVersion"));
    assertEquals("SparkApplication", app.get("kind"));
    assertEquals(List.of(), schema().validate(app), "schema violations");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theValidatorCatchesMisspelledAndMistypedFields() throws IOException {
    Map<String, Object> app = manifest();
    Map<String, Object> executor = (Map<String, Object>) spec(app).get("executor");
    executor.put("gpus", executor.remove("gpu"));
    executor.put("instances", "four");
    List<String> errors = schema().validate(app);
    assertTrue(
        errors.contains("spec.executor.gpus: unknown field (the API server would drop it)"),
        errors.toString());
    assertTrue(
        errors.stream().anyMatch(e -> e.startsWith("spec.executor.instances: expected integer")),
        errors.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void trainsWithTheSparkTrainerOnOneGpuPerExecutor() throws IOException {
    Map<String, Object> spec = spec(manifest());
    assertEquals(Main.class.getName(), spec.get("mainClass"));
    List<String> arguments = new ArrayList<>((List<String>) spec.get("arguments"));
    assertEquals("train", AirflowDagTest.parse(arguments), "the CLI parses the arguments");
    assertEquals("spark", arguments.get(arguments.indexOf("--trainer") + 1), "Spark trainer");
    Map<String, Object> conf = (Map<String, Object>) spec.get("sparkConf");
    assertEquals("1", conf.get("spark.executor.resource.gpu.amount"));
    assertEquals("1", conf.get("spark.task.resource.gpu.amount"));
    String script = (String) conf.get("spark.executor.resource.gpu.discoveryScript");
    assertTrue(
        Files.readString(Path.of("..", "deploy", "docker", "Dockerfile.cuda"))
            .contains("COPY deploy/gpu/discover-gpus.sh " + script),
        "the CUDA image installs the discovery script at " + script);
    assertTrue(Files.isExecutable(Path.of("..", "deploy", "gpu", "discover-gpus.sh")));
    Map<String, Object> executor = (Map<String, Object>) spec.get("executor");
    assertEquals(Map.of("name", "nvidia.com/gpu", "quantity", 1), executor.get("gpu"));
  }
}
