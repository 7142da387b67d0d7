package org.sepsisiql.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What code made a run: the project version and git commit (written into the jar at build time) and
 * the versions of the libraries that shape the results.
 */
public final class BuildInfo {
  private final Properties build;
  private final Properties git;

  private BuildInfo(Properties build, Properties git) {
    this.build = build;
    this.git = git;
  }

  public static BuildInfo load() {
    return new BuildInfo(
        resource("sepsis-iql-build.properties"), resource("sepsis-iql-git.properties"));
  }

  public String version() {
    return build.getProperty("version", "unknown");
  }

  /** The commit id with a {@code -dirty} suffix for uncommitted changes, or "unknown". */
  public String codeVersion() {
    String commit = git.getProperty("git.commit.id", "unknown");
    boolean dirty = Boolean.parseBoolean(git.getProperty("git.dirty", "false"));
    return dirty ? commit + "-dirty" : commit;
  }

  /** Library versions, including the running Java. */
  public Map<String, String> libraries() {
    Map<String, String> libraries = new LinkedHashMap<>();
    libraries.put("java", System.getProperty("java.version"));
    for (String name : new String[] {"spark", "scala", "dl4j", "nd4j", "typesafe-config"}) {
      libraries.put(name, build.getProperty(name, "unknown"));
    }
    return libraries;
  }

  private static Properties resource(String name) {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(name)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
    return properties;
  }
}
