package org.sepsisiql.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.config.ConfigLoader;

/**
 * A committed stage records what it was computed from ({@code _LINEAGE.json}); {@link
 * RunContext#staleness} says when its input or its settings changed since, and nothing otherwise.
 * This is what makes {@code run} rerun an evaluation whose model was retrained.
 */
class StageLineageTest {
  @TempDir Path dir;

  private RunContext context(String overrides) {
    return context("r", overrides);
  }

  private RunContext context(String runId, String overrides) {
    Config config =
        ConfigFactory.parseString(
                "sepsis-iql { output = \""
                    + dir.resolve("out")
                    + "\", run-id = "
                    + runId
                    + " }\n"
                    + overrides)
            .withFallback(ConfigLoader.defaults())
            .resolve();
    return RunContext.open(config, true, Clock.systemUTC());
  }

  private void writeStage(RunContext run, Path input) {
    run.runStage(
        "evaluation",
        List.of(input.toString()),
        write -> {
          write.writeText("summary.txt", "table\n");
          return () -> Map.of("rows", 1);
        });
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @Test
  void aStageIsCurrentUntilItsInputOrSettingsChange() throws IOException {
    Path model = Files.createDirectories(dir.resolve("out/r/model"));
    Files.writeString(model.resolve("model.zip"), "first model");
    RunContext run = context("");
    assertEquals(new CurrentSummary(null, null), CurrentSummary.of(run), "no evaluation yet");
    writeStage(run, model);
    assertTrue(Files.exists(dir.resolve("out/r/evaluation/_LINEAGE.json")), "lineage written");
    assertNull(run.staleness("evaluation"), "nothing changed: current");
    assertEquals(new CurrentSummary("table\n", null), CurrentSummary.of(run), "current: printed");
    assertNull(
        context("sepsis-iql.train.max-epochs = 1").staleness("evaluation"),
        "another stage's setting");

    String settings = context("sepsis-iql.evaluate.advantage-betas = [1]").staleness("evaluation");
    assertNotNull(settings, "own setting changed");
    assertTrue(settings.contains("sepsis-iql.evaluate"), settings);

    Files.writeString(model.resolve("model.zip"), "a retrained model, longer than the first");
    String input = run.staleness("evaluation");
    assertNotNull(input, "input rewritten");
    assertTrue(input.contains(model.toString()) && input.contains("changed"), input);
    CurrentSummary withheld = CurrentSummary.of(run);
    assertNull(withheld.table(), "the old model's summary is not printed");
    assertEquals(input, withheld.withheldBecause());

    writeStage(run, model);
    assertNull(run.staleness("evaluation"), "rerun: current again");

    Path copy = dir.resolve("out/p");
    copyTree(dir.resolve("out/r"), copy);
    RunContext copied = context("p", "");
    assertNull(copied.staleness("evaluation"), "a copied run is current");
    Files.writeString(copy.resolve("model/model.zip"), "the copy's model, retrained");
    String retrained = copied.staleness("evaluation");
    assertNotNull(retrained, "the copy's own model was retrained");
    assertTrue(retrained.contains(copy.resolve("model").toString()), retrained);
    assertNull(run.staleness("evaluation"), "the original run is untouched");

    Files.delete(dir.resolve("out/r/evaluation/_LINEAGE.json"));
    assertTrue(run.staleness("evaluation").contains("no _LINEAGE.json"), "no lineage: rerun");
  }
}
