package org.sepsisiql.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One {@code spark-submit} of the shaded jar ({@code org.apache.spark.deploy.SparkSubmit} on the
 * cluster's {@code SPARK_HOME}, client mode), its output kept line by line.
 */
final class SparkSubmitRun {
  private final int exitCode;
  private final List<String> lines;

  private SparkSubmitRun(int exitCode, List<String> lines) {
    this.exitCode = exitCode;
    this.lines = lines;
  }

  static SparkSubmitRun submit(
      StandaloneCluster cluster,
      String master,
      Path jar,
      Map<String, String> conf,
      List<String> applicationArgs,
      Path log,
      Consumer<String> listener,
      Duration limit)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(List.of("-Xmx2g", "-cp", StandaloneCluster.classpath(cluster.sparkHome())));
    args.addAll(cluster.java17Flags());
    args.addAll(
        List.of(
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            master,
            "--deploy-mode",
            "client",
            "--class",
            "org.sepsisiql.cli.Main",
            "--conf",
            "spark.executor.extraJavaOptions=" + String.join(" ", cluster.java17Flags()),
            "--conf",
            "spark.executor.memory=1500m",
            "--conf",
            "spark.executor.cores=1",
            "--conf",
            "spark.executorEnv.OMP_NUM_THREADS=1"));
    conf.forEach((key, value) -> args.addAll(List.of("--conf", key + "=" + value)));
    args.add(jar.toString());
    args.addAll(applicationArgs);
    List<String> lines = new CopyOnWriteArrayList<>();
    Files.createDirectories(log.getParent());
    try (ChildJvm submit =
        ChildJvm.start(
            args,
            StandaloneCluster.env(cluster.sparkHome()),
            log,
            line -> {
              lines.add(line);
              listener.accept(line);
            })) {
      return new SparkSubmitRun(submit.waitFor(limit), lines);
    }
  }

  int exitCode() {
    return exitCode;
  }

  List<String> lines() {
    return lines;
  }

  String tail() {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
