package org.sepsisiql.cli;

import java.util.Map;
import org.sepsisiql.run.RunFolder;

/** Human progress lines on standard output; counts only, never patient-level values. */
final class Console {
  private Console() {}

  static void step(String format, Object... args) {
    System.out.println("==> " + String.format(format, args));
  }

  static void done(RunFolder run, String stage, Map<String, Object> counts) {
    System.out.println("==> " + stage + " written to " + run.stagePath(stage));
    counts.forEach((name, value) -> System.out.printf("    %-28s %s%n", name, format(value)));
    System.out.println("    run manifest                 " + run.root() + "/run.json");
  }

  private static String format(Object value) {
    return value instanceof Number number && !(value instanceof Double)
        ? String.format("%,d", number.longValue())
        : String.valueOf(value);
  }
}
