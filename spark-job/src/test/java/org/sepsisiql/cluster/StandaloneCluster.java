package org.sepsisiql.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Spark cluster from the Maven classpath (PLATFORM.md): a master and {@code workers}
 * workers, each its own JVM, whose executors are further JVMs started by the workers. Its {@code
 * SPARK_HOME} is a folder of links to the provided-scope jars (Spark, Hadoop, the S3A connector),
 * as a Spark distribution would hold them; the application jar travels with {@code spark-submit}.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path sparkHome;
  private final String masterUrl;
  private final List<ChildJvm> processes;
  private final List<String> java17Flags;

  private StandaloneCluster(
      Path sparkHome, String masterUrl, List<ChildJvm> processes, List<String> java17Flags) {
    this.sparkHome = sparkHome;
    this.masterUrl = masterUrl;
    this.processes = processes;
    this.java17Flags = java17Flags;
  }

  static StandaloneCluster start(
      Path dir, List<Path> sparkJars, List<String> java17Flags, int workers, String workerMemory)
      throws IOException, InterruptedException {
    Path home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    for (Path jar : sparkJars) {
      Path link = home.resolve("jars").resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    Files.writeString(
        home.resolve("conf").resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level = warn",
            "rootLogger.appenderRef.stderr.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
            ""));
    List<ChildJvm> started = new ArrayList<>();
    int port = ChildJvm.freePort();
    int ui = ChildJvm.freePort();
    String url = "spark://127.0.0.1:" + port;
    try {
      List<String> master = new ArrayList<>(daemon(home, java17Flags));
      master.addAll(
          List.of(
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--webui-port",
              String.valueOf(ui)));
      started.add(ChildJvm.start(master, env(home), dir.resolve("master.log"), line -> {}));
      ChildJvm.awaitPort(port, Duration.ofSeconds(60), started.get(0));
      for (int i = 0; i < workers; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        List<String> worker = new ArrayList<>(daemon(home, java17Flags));
        worker.addAll(
            List.of(
                "org.apache.spark.deploy.worker.Worker",
                url,
                "--host",
                "127.0.0.1",
                "--cores",
                "1",
                "--memory",
                workerMemory,
                "--work-dir",
                work.toString(),
                "--webui-port",
                String.valueOf(ChildJvm.freePort())));
        started.add(
            ChildJvm.start(worker, env(home), dir.resolve("worker-" + i + ".log"), line -> {}));
      }
      awaitWorkers(ui, workers);
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      started.forEach(ChildJvm::close);
      throw e;
    }
    return new StandaloneCluster(home, url, started, java17Flags);
  }

  private static List<String> daemon(Path home, List<String> java17Flags) {
    List<String> args = new ArrayList<>(List.of("-Xmx256m", "-cp", classpath(home)));
    args.addAll(java17Flags);
    return args;
  }

  static String classpath(Path home) {
    return home.resolve("conf") + "/:" + home.resolve("jars") + "/*";
  }

  static Map<String, String> env(Path home) {
    return Map.of(
        "SPARK_HOME", home.toString(),
        "SPARK_CONF_DIR", home.resolve("conf").toString(),
        "SPARK_SCALA_VERSION", "2.12",
        "SPARK_LOCAL_IP", "127.0.0.1",
        "OMP_NUM_THREADS", "1");
  }

  private static void awaitWorkers(int ui, int workers) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/")).build();
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      try {
        last = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = ALIVE.matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) >= workers) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(workers + " workers did not register with the master: " + last);
  }

  String masterUrl() {
    return masterUrl;
  }

  Path sparkHome() {
    return sparkHome;
  }

  List<String> java17Flags() {
    return java17Flags;
  }

  /** The executor JVMs the workers started (any application), newest last. */
  List<ProcessHandle> executors() {
    String marker = sparkHome.toString();
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String line = p.info().commandLine().orElse("");
              return line.contains("CoarseGrainedExecutorBackend") && line.contains(marker);
            })
        .sorted(
            java.util.Comparator.comparing(
                p -> p.info().startInstant().orElse(java.time.Instant.EPOCH)))
        .toList();
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
