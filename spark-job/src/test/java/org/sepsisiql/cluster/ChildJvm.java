package org.sepsisiql.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A JVM started as a separate process for the cluster tests: its output goes to a log file (and,
 * line by line, to an optional listener), and {@link #close} ends it with its descendants.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Thread pump;

  private ChildJvm(Process process, Thread pump) {
    this.process = process;
    this.pump = pump;
  }

  /** {@code java <jvmArgs>}, with {@code env} added to this JVM's environment. */
  static ChildJvm start(
      List<String> jvmArgs, Map<String, String> env, Path log, Consumer<String> lines)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var out = java.nio.file.Files.newBufferedWriter(log)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  out.write(line);
                  out.newLine();
                  out.flush();
                  lines.accept(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "pump " + log.getFileName());
    pump.setDaemon(true);
    pump.start();
    return new ChildJvm(process, pump);
  }

  /** Waits for the process to end; fails the test when it runs past {@code limit}. */
  int waitFor(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError(
          "still running after " + limit + ": " + process.info().commandLine());
    }
    pump.join(10_000);
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until something listens on the port. */
  static void awaitPort(int port, Duration limit, ChildJvm owner) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!owner.isAlive()) {
          throw new AssertionError("the process ended before listening on " + port);
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("nothing listens on port " + port + " after " + limit);
  }

  static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
