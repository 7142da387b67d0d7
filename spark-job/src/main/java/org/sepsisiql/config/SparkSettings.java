package org.sepsisiql.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the driver builds its Spark session: {@code sepsis-iql.spark.master} (null: whatever
 * spark-submit set, else {@code local[*]}), the application name, and free-form Spark properties
 * under {@code sepsis-iql.spark.conf} (quoted keys, e.g. {@code "spark.sql.shuffle.partitions" =
 * 8}), applied unless spark-submit already set them.
 */
public record SparkSettings(String master, String appName, Map<String, String> conf)
    implements Serializable {
  public SparkSettings {
    conf = Map.copyOf(conf);
  }

  public static SparkSettings from(Config config) {
    Map<String, String> conf = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry :
        config.getObject("sepsis-iql.spark.conf").entrySet()) {
      conf.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
    }
    return new SparkSettings(
        Checks.optionalString(config, "sepsis-iql.spark.master"),
        config.getString("sepsis-iql.spark.app-name"),
        conf);
  }
}
