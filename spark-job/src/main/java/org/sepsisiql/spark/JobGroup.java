package org.sepsisiql.spark;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the pipeline names its Spark jobs: a phase runs in a job group ({@code COHORT-CLEAN},
 * {@code FQE-ITERATION-3}, ...), so the Spark UI and the history server read like a log of the
 * pipeline, and when the phase ends the caller's own group comes back (a nested phase never leaves
 * its caller's jobs unnamed). Each phase logs how long it took (durations only, never patient
 * values).
 */
public final class JobGroup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobGroup.class);
  private static final String ID = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT = "spark.job.interruptOnCancel";

  private final SparkContext context;
  private final String callerId;
  private final String callerDescription;
  private final boolean callerInterrupt;
  private String id;
  private String description;
  private long started;

  private JobGroup(SparkContext context) {
    this.context = context;
    this.callerId = context.getLocalProperty(ID);
    this.callerDescription = context.getLocalProperty(DESCRIPTION);
    this.callerInterrupt = Boolean.parseBoolean(context.getLocalProperty(INTERRUPT));
  }

  /**
   * Starts a phase in the group {@code id}; close it (try-with-resources) to restore the caller's.
   */
  public static JobGroup open(SparkContext context, String id, String description) {
    JobGroup group = new JobGroup(context);
    group.next(id, description);
    return group;
  }

  /** Runs {@code body} as one phase in the group {@code id}. */
  public static <T> T phase(SparkContext context, String id, String description, Supplier<T> body) {
    try (JobGroup group = open(context, id, description)) {
      return body.get();
    }
  }

  /** Runs {@code body} as one phase in the group {@code id}. */
  public static void phase(SparkContext context, String id, String description, Runnable body) {
    try (JobGroup group = open(context, id, description)) {
      body.run();
    }
  }

  /** Ends the current phase and starts the next in the group {@code id}, within the same scope. */
  public void next(String nextId, String nextDescription) {
    logDuration();
    this.id = nextId;
    this.description = nextDescription;
    this.started = System.nanoTime();
    context.setJobGroup(nextId, nextDescription, false);
  }

  /** Ends the phase and restores the caller's group, or none when the caller had none. */
  @Override
  public void close() {
    logDuration();
    id = null;
    if (callerId == null) {
      context.clearJobGroup();
    } else {
      context.setJobGroup(callerId, callerDescription, callerInterrupt);
    }
  }

  private void logDuration() {
    if (id != null) {
      LOG.info(
          "{} ({}) took {} s",
          id,
          description,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }
  }
}
