package org.sepsisiql.agent;

import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS's thread count, shared by everything in one JVM. Spark runs one task per core, so tasks
 * that multiply at the same time must not each spread every product over all cores: while at least
 * one holder is active ({@link #holdSingle}), OpenBLAS runs on one thread, and the last {@link
 * #release} restores the count it found, so the driver's own work in local mode keeps every core.
 * On {@code local[2]} two fused Spark workers ran 31,000 transitions/s with OpenBLAS on two threads
 * each and 59,000/s on one (AGENT.md, "Spark trainer").
 */
public final class BlasThreads {
  private static int holders;
  private static int found;

  private BlasThreads() {}

  /** Sets OpenBLAS to one thread until every holder has released it. */
  public static synchronized void holdSingle() {
    if (holders++ == 0) {
      found = openblas_nolapack.blas_get_num_threads();
      openblas_nolapack.blas_set_num_threads(1);
    }
  }

  /** Releases one hold; the last restores the thread count found by the first. */
  public static synchronized void release() {
    if (holders == 0) {
      throw new IllegalStateException("OpenBLAS thread count released more often than held");
    }
    if (--holders == 0) {
      openblas_nolapack.blas_set_num_threads(found);
    }
  }

  /** OpenBLAS's current thread count. */
  public static int current() {
    return openblas_nolapack.blas_get_num_threads();
  }
}
