package org.sepsisiql.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.config.ConfigLoader;

/**
 * The run folder's file system gets the Hadoop settings the Spark session gets: what spark-submit
 * passes ({@code --conf spark.hadoop.*}, system properties in the driver), {@code
 * sepsis-iql.spark.conf} and {@code sepsis-iql.hadoop.conf}. The first version opened it with a
 * bare {@code new Configuration()} plus the last only, so an S3A endpoint or credentials provider
 * given to Spark never reached the folder, and the cached S3A instance without them was then shared
 * with Spark's own writes. (The S3A keys are only keys here: the folder is local, opened uncached
 * so that it gets this configuration.)
 */
class RunHadoopConfigurationTest {
  private static final String SUBMITTED = "spark.hadoop.fs.s3a.connection.maximum";

  @AfterEach
  void clearSubmitted() {
    System.clearProperty(SUBMITTED);
  }

  @TempDir Path dir;

  @Test
  void everySourceOfHadoopSettingsReachesTheRunFolder() {
    System.setProperty(SUBMITTED, "7");
    Config config =
        ConfigFactory.parseString(
                String.join(
                    "\n",
                    "sepsis-iql {",
                    "  output = \"" + dir + "\", run-id = r",
                    "  spark.conf {",
                    "    \"spark.hadoop.fs.s3a.endpoint\" = \"http://127.0.0.1:9\"",
                    "    \"spark.hadoop.fs.s3a.connection.maximum\" = \"99\"",
                    "  }",
                    "  hadoop.conf {",
                    "    \"fs.s3a.path.style.access\" = \"true\"",
                    "    \"fs.file.impl.disable.cache\" = \"true\"",
                    "  }",
                    "}"))
            .withFallback(ConfigLoader.defaults())
            .resolve();
    RunFolder opened = RunContext.open(config, false, Clock.systemUTC()).folder();
    Configuration folder = opened.fileSystem().getConf();
    assertEquals("http://127.0.0.1:9", folder.get("fs.s3a.endpoint"), "sepsis-iql.spark.conf");
    assertEquals("true", folder.get("fs.s3a.path.style.access"), "sepsis-iql.hadoop.conf");
    assertEquals("7", folder.get("fs.s3a.connection.maximum"), "spark-submit's value wins");
  }
}
