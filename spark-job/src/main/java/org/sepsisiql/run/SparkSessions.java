package org.sepsisiql.run;

import java.util.Map;
import org.apache.spark.SparkConf;
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
    return SparkSession.builder().config(conf).getOrCreate();
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
