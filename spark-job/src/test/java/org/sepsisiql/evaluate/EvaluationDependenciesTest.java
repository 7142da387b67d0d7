package org.sepsisiql.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The evaluation reads other stages only through their Parquet outputs, the data schemas and the
 * {@code policy} interfaces (DESIGN.md section 10): no source file of {@code evaluate}, {@code
 * clinical} or {@code ope} imports the classes of the cohort, behavior, agent, train, sim or
 * baselines packages. {@code run.StagePolicySources} is the one place that wires them in.
 */
class EvaluationDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/sepsisiql");
  private static final List<String> OTHER_STAGES =
      List.of("cohort", "behavior", "agent", "train", "sim", "baselines");

  @Test
  void evaluationImportsNoOtherStagesClasses() throws IOException {
    List<String> offending = new ArrayList<>();
    int files = 0;
    for (String evaluationPackage : List.of("evaluate", "clinical", "ope")) {
      try (Stream<Path> sources = Files.list(SOURCES.resolve(evaluationPackage))) {
        for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          for (String line : Files.readAllLines(source)) {
            for (String stage : OTHER_STAGES) {
              if (line.startsWith("import org.sepsisiql." + stage + ".")
                  || line.startsWith("import static org.sepsisiql." + stage + ".")) {
                offending.add(source.getFileName() + ": " + line);
              }
            }
          }
        }
      }
    }
    assertTrue(files > 30, "read the evaluation's sources: " + files);
    assertEquals(List.of(), offending, "imports of other stages' classes");
  }
}
