package org.sepsisiql.agent;

import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend this JVM computes on, in words for {@code run.json}: the CPU build ({@code
 * nd4j-native}, OpenBLAS) or the CUDA build ({@code mvn -Pcuda}), with its BLAS and thread count.
 */
public final class Nd4jBackend {
  public static final String KEY = "nd4j_backend";

  private Nd4jBackend() {}

  /**
   * For example {@code CPU (org.nd4j.linalg.cpu.nativecpu.CpuBackend, BLAS OPENBLAS, 2 threads)}.
   */
  public static String describe() {
    Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
    String backend = Nd4j.getBackend().getClass().getName();
    return String.format(
        "%s (%s, BLAS %s, %s OpenMP threads)",
        info.getProperty("backend", backend),
        backend,
        info.getProperty("blas.vendor", "unknown"),
        info.getOrDefault("omp.threads", "unknown"));
  }

  /** The entry a stage that trains or scores networks adds to its {@code run.json} record. */
  public static Map<String, String> environment() {
    return Map.of(KEY, describe());
  }
}
