package org.sepsisiql.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sepsisiql.testing.TestSpark;

/** A nested phase restores its caller's job group, also when it fails; the outermost clears it. */
class JobGroupTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  private static String group(SparkContext context) {
    return context.getLocalProperty("spark.jobGroup.id");
  }

  @Test
  void nestedPhasesRestoreTheCallersGroup() {
    SparkContext context = spark.sparkContext();
    try (JobGroup outer = JobGroup.open(context, "OUTER", "the caller")) {
      assertEquals(1L, spark.range(1).count());
      JobGroup.phase(
          context,
          "INNER",
          "a nested phase",
          () -> {
            assertEquals("INNER", group(context));
            try (JobGroup inner = JobGroup.open(context, "INNER-A", "first")) {
              inner.next("INNER-B", "second");
              assertEquals("INNER-B", group(context));
            }
            assertEquals("INNER", group(context));
          });
      assertEquals("OUTER", group(context), "the caller's group is back");
      assertThrows(
          IllegalStateException.class,
          () ->
              JobGroup.phase(
                  context,
                  "FAILING",
                  "a phase that throws",
                  () -> {
                    throw new IllegalStateException("boom");
                  }));
      assertEquals("OUTER", group(context), "restored after a failure too");
      assertEquals("the caller", context.getLocalProperty("spark.job.description"));
    }
    assertNull(group(context), "the outermost phase leaves no group behind");
  }
}
