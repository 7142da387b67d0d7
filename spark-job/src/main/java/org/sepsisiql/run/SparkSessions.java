package org.sepsisiql.run;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import org.sepsisiql.config.SparkSettings;

/**
 * Builds the driver's Spark session from {@link SparkSettings}. What spark-submit set wins: the
 * master and any property already in the {@link SparkConf} are left alone, so one jar runs on YARN,
 * Kubernetes, a standalone cluster or in local mode.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession start(SparkSettings settings, Map<String, String> hadoop) {
    return SparkSession.builder().config(sparkConf(settings, hadoop)).getOrCreate();
  }

  /**
   * The Hadoop configuration the run's Spark session will have, without starting it: what
   * spark-submit and spark-defaults set ({@code spark.hadoop.*} as system properties), then {@code
   * sepsis-iql.spark.conf} and {@code sepsis-iql.hadoop.conf}, through Spark's own {@code
   * SparkHadoopUtil} (which also reads the AWS credential variables). The run folder's file system
   * is opened with it, so an S3A endpoint or credentials provider given to Spark reaches it too.
   */
  public static Configuration hadoopConfiguration(
      SparkSettings settings, Map<String, String> hadoop) {
    return SparkHadoopUtil.get().newConfiguration(sparkConf(settings, hadoop));
  }

  private static SparkConf sparkConf(SparkSettings settings, Map<String, String> hadoop) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(settings.master() != null ? settings.master() : "local[*]");
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName(settings.appName());
    }
    settings.conf().forEach((key, value) -> setIfAbsent(conf, key, value));
    hadoop.forEach((key, value) -> setIfAbsent(conf, "spark.hadoop." + key, value));
    setIfAbsent(conf, "spark.kryo.registrator", SepsisKryoRegistrator.class.getName());
    return conf;
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
