package org.sepsisiql.mimic;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the MIMIC-III demo is: {@code $SEPSIS_IQL_SHARED_DATA/mimic-iii-demo}; skips when absent.
 */
final class MimicDemo {
  private MimicDemo() {}

  static Path folder() {
    String shared = System.getenv("SEPSIS_IQL_SHARED_DATA");
    Path folder = shared == null ? null : Path.of(shared, "mimic-iii-demo");
    Assumptions.assumeTrue(
        folder != null && Files.isDirectory(folder),
        "SEPSIS_IQL_SHARED_DATA not set: skipping the MIMIC-III demo test");
    return folder;
  }
}
