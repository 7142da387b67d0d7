package org.sepsisiql.testing;

import org.apache.spark.sql.SparkSession;
import org.sepsisiql.run.SepsisKryoRegistrator;

/**
 * The tests' Spark session: one local[2] session per test JVM, shared by every test class, with the
 * settings every test needs ({@link #builder}, plus Kryo, 4 shuffle partitions, parallelism 2) and
 * code generation off (on tiny data, interpreting beats compiling the wide generated code on a
 * shared CPU). Test classes take it in {@code @BeforeAll} and never stop it; commands run in a test
 * use it and leave it running (a run stops only a session it started, {@code RunContext#close}).
 * Benchmarks build theirs from {@link #builder} with their own memory and partitions.
 */
public final class TestSpark {
  private TestSpark() {}

  /** The shared session, started on first use. */
  public static synchronized SparkSession session() {
    return builder("sepsis-iql tests")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", SepsisKryoRegistrator.class.getName())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .getOrCreate();
  }

  /**
   * The shared session with nothing cached (every cached query and persisted RDD of earlier tests
   * released), for tests that check what an operation leaves cached.
   */
  public static synchronized SparkSession withNothingCached() {
    SparkSession spark = session();
    spark.catalog().clearCache();
    org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
        .getPersistentRDDs()
        .values()
        .forEach(rdd -> rdd.unpersist(true));
    return spark;
  }

  /**
   * What every local session of the tests and benchmarks has: local[2], no UI, UTC. The tests'
   * session adds Kryo with the product's registrator (as in production, reference.conf); the
   * benchmarks keep the settings their README figures were measured with.
   */
  public static SparkSession.Builder builder(String appName) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC");
  }
}
