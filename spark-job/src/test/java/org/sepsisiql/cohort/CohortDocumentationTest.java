package org.sepsisiql.cohort;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sepsisiql.data.ClinicalVariable;

/** COHORT.md documents every quality rule and every variable's range and hold time. */
class CohortDocumentationTest {
  private static final Path DOC = Path.of("src/main/java/org/sepsisiql/cohort/COHORT.md");

  @Test
  void everyRuleIsDocumented() throws IOException {
    String doc = Files.readString(DOC);
    for (QualityRule rule : QualityRule.values()) {
      String row = "| `" + rule.dataset() + "` | `" + rule.rule() + "` | " + rule.action() + " |";
      assertTrue(doc.contains(row), "COHORT.md lacks the rule row: " + row);
    }
  }

  @Test
  void everyRangeAndHoldTimeIsDocumented() throws IOException {
    String doc = Files.readString(DOC);
    for (ClinicalVariable variable : ClinicalVariable.values()) {
      String name = "| `" + variable.columnName() + "` |";
      int at = doc.indexOf(name);
      assertTrue(at >= 0, "COHORT.md lacks " + variable);
      String line = doc.substring(at, doc.indexOf('\n', at));
      assertTrue(line.endsWith("| " + variable.holdHours() + " |"), "hold time of " + line);
    }
  }
}
