package org.sepsisiql.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An S3-compatible server for the cluster tests: s3proxy with an in-memory store, as its own JVM on
 * 127.0.0.1 (PLATFORM.md), and the S3A settings that reach it with test keys.
 */
final class LocalS3 implements AutoCloseable {
  static final String ACCESS_KEY = "sepsis-iql-test";
  static final String SECRET_KEY = "sepsis-iql-test-secret";

  private final ChildJvm server;
  private final String endpoint;

  private LocalS3(ChildJvm server, String endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  static LocalS3 start(Path jar, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = ChildJvm.freePort();
    String endpoint = "http://127.0.0.1:" + port;
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=transient",
            "jclouds.identity=unused",
            "jclouds.credential=unused",
            ""));
    Path logback = dir.resolve("logback.xml");
    Files.writeString(
        logback,
        "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%d %level %logger - %msg%n</pattern></encoder></appender>"
            + "<root level=\"WARN\"><appender-ref ref=\"out\"/></root></configuration>\n");
    ChildJvm server =
        ChildJvm.start(
            List.of(
                "-Xmx512m",
                "-Dlogback.configurationFile=" + logback,
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString()),
            Map.of(),
            dir.resolve("s3proxy.log"),
            line -> {});
    ChildJvm.awaitPort(port, Duration.ofSeconds(60), server);
    return new LocalS3(server, endpoint);
  }

  /** The S3A settings for this server (test keys; real runs use the default provider chain). */
  Map<String, String> hadoopConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", endpoint);
    conf.put("fs.s3a.endpoint.region", "us-east-1");
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    conf.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("fs.s3a.access.key", ACCESS_KEY);
    conf.put("fs.s3a.secret.key", SECRET_KEY);
    return conf;
  }

  /**
   * Creates a bucket with one signed {@code PUT /bucket} (AWS signature version 2, which the server
   * accepts): S3A never creates buckets, and this keeps an AWS SDK out of the test classpath.
   */
  void createBucket(String name) throws IOException, InterruptedException {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    String toSign = "PUT\n\n\n" + date + "\n/" + name;
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      signature =
          Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the request", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint + "/" + name))
            .header("Date", date)
            .header("Authorization", "AWS " + ACCESS_KEY + ":" + signature)
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "creating bucket " + name + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
