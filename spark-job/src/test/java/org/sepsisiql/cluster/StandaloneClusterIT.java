package org.sepsisiql.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline on a real standalone cluster ({@code mvn -Pcluster verify}): a master, two workers
 * and their executors as separate JVMs, the shaded jar submitted with spark-submit, extracts read
 * from and every stage written to {@code s3a://} (s3proxy) through the magic committer and the
 * in-place stage commit. Its counts must equal a local-mode run's of the same jar and settings; a
 * second case kills an executor JVM while the Spark trainer runs and still completes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final String BUCKET = "sepsis-iql-it";
  private static final Duration STAGE_LIMIT = Duration.ofMinutes(15);
  private static final List<String> STAGES =
      List.of("trajectories", "behavior", "model", "evaluation", "report");

  private static Path dir;
  private static LocalS3 s3;
  private static StandaloneCluster cluster;
  private static Path conf;
  private static Path jar;

  @BeforeAll
  static void startCluster() throws Exception {
    Path clusterDir = Path.of(System.getProperty("cluster.dir"));
    dir = Files.createDirectories(clusterDir.resolve("work-" + System.currentTimeMillis()));
    jar = Path.of(System.getProperty("cluster.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built before this test: " + jar);
    List<Path> sparkJars = new ArrayList<>();
    for (String entry :
        Files.readString(clusterDir.resolve("spark-classpath.txt")).trim().split(":")) {
      sparkJars.add(Path.of(entry));
    }
    s3 = LocalS3.start(clusterDir.resolve("s3proxy.jar"), dir.resolve("s3"));
    s3.createBucket(BUCKET);
    cluster =
        StandaloneCluster.start(
            dir, sparkJars, ChildJvm.split(System.getProperty("cluster.java17-flags")), 2, "2g");
    conf = dir.resolve("it.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "sepsis-iql {",
            "  spark { master = null, conf { \"spark.sql.shuffle.partitions\" = 4 } }",
            "  simulator.stays-per-partition = 100",
            "  behavior { reg-params = [0.01], max-iter = 30 }",
            "  agent.hidden-sizes = [16, 16, 8]",
            "  train { trainer = spark, batch-size = 64, spark { max-rounds = 4, workers = 2 } }",
            "  evaluate { bootstrap-resamples = 100, fqe.max-iterations = 3,",
            "    ground-truth { stays = 100, max-stays = 300 } }",
            "}",
            ""));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** spark-submit settings: the S3A endpoint and test keys, and the magic committer. */
  private static Map<String, String> submitConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    s3.hadoopConf().forEach((key, value) -> conf.put("spark.hadoop." + key, value));
    conf.put("spark.hadoop.fs.s3a.committer.name", "magic");
    conf.put("spark.hadoop.fs.s3a.committer.magic.enabled", "true");
    conf.put(
        "spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a",
        "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
    conf.put(
        "spark.sql.sources.commitProtocolClass",
        "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol");
    conf.put(
        "spark.sql.parquet.output.committer.class",
        "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");
    return conf;
  }

  private static SparkSubmitRun submit(
      String master, String logName, java.util.function.Consumer<String> listener, String... args)
      throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", conf.toString()));
    SparkSubmitRun run =
        SparkSubmitRun.submit(
            cluster, master, jar, submitConf(), all, dir.resolve(logName), listener, STAGE_LIMIT);
    assertEquals(0, run.exitCode(), logName + " failed:\n" + run.tail());
    return run;
  }

  private static FileSystem s3a() throws IOException {
    Configuration hadoop = new Configuration();
    s3.hadoopConf().forEach(hadoop::set);
    return FileSystem.get(java.net.URI.create("s3a://" + BUCKET + "/"), hadoop);
  }

  private static JsonNode manifest(FileSystem fs, String runFolder) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(runFolder, "run.json"))) {
      return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * The counts of the data each stage read and wrote (learned figures may differ in the last bits).
   */
  private static Map<String, String> dataCounts(JsonNode manifest) {
    Map<String, String> counts = new LinkedHashMap<>();
    for (String stage : STAGES) {
      JsonNode stageCounts = manifest.path("stages").path(stage).path("counts");
      stageCounts
          .fields()
          .forEachRemaining(
              field -> {
                String name = field.getKey();
                boolean data =
                    (stage.equals("trajectories") && !name.contains("sha256"))
                        || name.contains("transitions")
                        || name.contains("trajectories")
                        || name.contains("stays");
                if (data) {
                  counts.put(stage + "." + name, field.getValue().asText());
                }
              });
    }
    return counts;
  }

  @Test
  @Order(1)
  void thePipelineRunsOnSeparateExecutorJvmsOnS3aWithLocalModesCounts() throws Exception {
    String in = "s3a://" + BUCKET + "/in";
    String out = "s3a://" + BUCKET + "/out";
    submit(
        cluster.masterUrl(),
        "synthesize.log",
        line -> {},
        "synthesize",
        "--stays",
        "300",
        "--output",
        in,
        "--run-id",
        "extracts");
    String extracts = in + "/extracts/extracts";
    SparkSubmitRun onCluster =
        submit(
            cluster.masterUrl(),
            "cluster-run.log",
            line -> {},
            "run",
            "--input",
            extracts,
            "--output",
            out,
            "--run-id",
            "cluster");
    assertTrue(
        onCluster.lines().stream().anyMatch(l -> l.contains("summary (test split)")),
        "the run printed its summary:\n" + onCluster.tail());
    assertTrue(
        onCluster.lines().stream().anyMatch(l -> l.startsWith("clinicians") && l.contains(" ± ")),
        "extracts from another run still get their ground truth:\n" + onCluster.tail());
    submit(
        "local[2]",
        "local-run.log",
        line -> {},
        "run",
        "--input",
        extracts,
        "--output",
        dir.resolve("local-out").toString(),
        "--run-id",
        "local");

    FileSystem fs = s3a();
    for (String stage : STAGES) {
      assertTrue(
          fs.exists(new org.apache.hadoop.fs.Path(out + "/cluster/" + stage + "/_SUCCESS")),
          stage + " complete on s3a");
    }
    assertFalse(
        fs.exists(new org.apache.hadoop.fs.Path(out + "/cluster/_temporary-stages")),
        "object stores commit in place: no temporary stage folders");
    JsonNode cluster = manifest(fs, out + "/cluster");
    assertTrue(cluster.path("nd4j_backend").asText().startsWith("CPU"), cluster.toString());
    JsonNode local;
    try (InputStream stream =
        Files.newInputStream(dir.resolve("local-out").resolve("local").resolve("run.json"))) {
      local = new ObjectMapper().readTree(stream);
    }
    Map<String, String> clusterCounts = dataCounts(cluster);
    assertTrue(clusterCounts.size() >= 6, "data counts found: " + clusterCounts);
    assertEquals(dataCounts(local), clusterCounts, "the cluster's counts equal local mode's");
  }

  @Test
  @Order(2)
  void trainingCompletesWhenAnExecutorJvmIsKilled() throws Exception {
    String out = "s3a://" + BUCKET + "/out";
    AtomicReference<String> killed = new AtomicReference<>();
    SparkSubmitRun train =
        submit(
            cluster.masterUrl(),
            "kill-train.log",
            line -> {
              if (killed.get() == null && line.contains("round 1:")) {
                List<ProcessHandle> executors = cluster.executors();
                if (!executors.isEmpty()) {
                  ProcessHandle victim = executors.get(0);
                  victim.destroyForcibly();
                  killed.set("pid " + victim.pid());
                }
              }
            },
            "train",
            "--input",
            out + "/cluster/trajectories",
            "--output",
            out,
            "--run-id",
            "killed-executor");
    assertTrue(killed.get() != null, "an executor JVM was killed during round 2:\n" + train.tail());
    assertTrue(
        s3a().exists(new org.apache.hadoop.fs.Path(out + "/killed-executor/model/_SUCCESS")),
        "training completed after losing " + killed.get());
    assertTrue(
        train.lines().stream().anyMatch(l -> l.contains("Lost executor") || l.contains("lost")),
        "the driver saw the executor go:\n" + train.tail());
  }
}
