package org.sepsisiql.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepsisiql.config.ConfigLoader;

class RunFolderTest {
  @TempDir Path dir;

  private RunFolder folder(String runId) {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);
    return RunFolder.open(dir.toString(), runId, new Configuration(), clock);
  }

  @Test
  void runIdComesFromTheClockWhenNotGiven() {
    assertEquals("run-20261124-101530", folder(null).runId(), "run id from the clock");
    assertEquals("mine", folder("mine").runId(), "explicit run id");
  }

  @Test
  void commitMovesTheOutputIntoPlaceWithSuccess() throws IOException {
    RunFolder run = folder("r");
    try (StageWrite write = run.beginStage("extracts")) {
      Files.createDirectories(Path.of(write.temporaryPath("stays").replace("file:", "")));
      assertFalse(run.isComplete("extracts"), "not complete before commit");
      write.commit();
    }
    assertTrue(run.isComplete("extracts"), "complete after commit");
    assertTrue(Files.isDirectory(dir.resolve("r/extracts/stays")), "content moved");
    assertFalse(
        Files.exists(dir.resolve("r/_temporary-stages")), "temporary folder removed after commit");
  }

  @Test
  void inPlaceCommitWritesAtTheFinalPathAndMarksItLast() throws IOException {
    RunFolder run = folder("r").withStageCommit("in-place");
    Files.createDirectories(dir.resolve("r/extracts/old-output"));
    try (StageWrite write = run.beginStage("extracts")) {
      assertEquals(run.stagePath("extracts").toString(), write.temporaryPath(), "no temporary");
      assertFalse(Files.exists(dir.resolve("r/extracts/old-output")), "earlier output removed");
      Files.createDirectories(Path.of(write.temporaryPath("stays").replace("file:", "")));
      assertTrue(run.exists("extracts"), "visible while written");
      assertFalse(run.isComplete("extracts"), "but not complete before commit");
      write.commit();
    }
    assertTrue(run.isComplete("extracts"), "complete after commit");
    assertTrue(Files.isDirectory(dir.resolve("r/extracts/stays")), "content where it was written");
    assertFalse(Files.exists(dir.resolve("r/_temporary-stages")), "no temporary folder at all");

    try (StageWrite write = run.beginStage("trajectories")) {
      Files.createDirectories(Path.of(write.temporaryPath("transitions").replace("file:", "")));
    }
    assertFalse(run.exists("trajectories"), "a failed in-place stage leaves nothing");
  }

  @Test
  void autoCommitsInPlaceOnObjectStoresOnly() {
    for (String store : List.of("s3a", "gs", "abfss", "S3A")) {
      assertEquals(StageCommit.IN_PLACE, StageCommit.of("auto", store), store);
    }
    for (String fs : List.of("file", "hdfs", "viewfs")) {
      assertEquals(StageCommit.RENAME, StageCommit.of("auto", fs), fs);
    }
    assertEquals(StageCommit.RENAME, StageCommit.of("rename", "s3a"), "the setting wins");
    assertEquals(StageCommit.RENAME, folder("r").stageCommit(), "local disk: rename");
  }

  @Test
  void anInterruptedAttemptsTemporaryFolderIsRemovedByTheNextAttempt() throws IOException {
    RunFolder run = folder("r");
    Path killed = dir.resolve("r/_temporary-stages/extracts-killed-attempt/stays");
    Files.createDirectories(killed);
    Path other = Files.createDirectories(dir.resolve("r/_temporary-stages/trajectories-running"));
    try (StageWrite write = run.beginStage("extracts")) {
      assertFalse(Files.exists(killed.getParent()), "the killed attempt's folder is removed");
      assertTrue(Files.exists(other), "another stage's folder is kept");
      Files.createDirectories(Path.of(write.temporaryPath("stays").replace("file:", "")));
      write.commit();
    }
  }

  @Test
  void checkingANewRunLeavesNoEmptyRunFolder() {
    RunFolder run = folder("new-run");
    run.checkWritable();
    assertFalse(Files.exists(dir.resolve("new-run")), "no run folder before a stage writes");
  }

  @Test
  void failureLeavesNothingBehind() {
    RunFolder run = folder("r");
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (StageWrite write = run.beginStage("extracts")) {
            Files.createDirectories(Path.of(write.temporaryPath("stays").replace("file:", "")));
            throw new IllegalStateException("boom");
          }
        });
    assertFalse(run.exists("extracts"), "no stage folder after a failure");
    assertFalse(Files.exists(dir.resolve("r/_temporary-stages")), "no temporary leftovers");
  }

  @Test
  void unwritableOutputFailsEarly() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    RunFolder run = RunFolder.open(file.toString(), "r", new Configuration(), Clock.systemUTC());
    OutputNotWritableException e =
        assertThrows(OutputNotWritableException.class, run::checkWritable);
    assertTrue(e.getMessage().startsWith("output is not writable"), e.getMessage());
  }

  @Test
  void manifestKeepsEveryStageAndRedactsSecrets() throws IOException {
    Config config =
        ConfigLoader.load(null, Map.of("sepsis-iql.hadoop.conf.\"fs.s3a.secret.key\"", "hunter2"));
    RunFolder run = folder("r");
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    RunManifest.record(
        run,
        config,
        7,
        new StageRecord("extracts", t0, t0.plusSeconds(3), List.of(), "x", Map.of()));
    RunManifest.record(
        run,
        config,
        7,
        new StageRecord(
            "trajectories", t0, t0.plusSeconds(5), List.of("x"), "y", Map.of("stays", 3L)));
    ObjectNode manifest = RunManifest.read(run);
    assertEquals(7, manifest.get("seed").asLong(), "seed recorded");
    assertEquals(3.0, manifest.at("/stages/extracts/seconds").asDouble(), "first stage kept");
    assertEquals(3, manifest.at("/stages/trajectories/counts/stays").asLong(), "counts recorded");
    assertTrue(manifest.at("/libraries/spark").isTextual(), "library versions recorded");
    try (Stream<Path> files = Files.walk(dir)) {
      String all =
          files.filter(Files::isRegularFile).map(RunFolderTest::read).reduce("", String::concat);
      assertFalse(all.contains("hunter2"), "secret must not be written anywhere");
    }
    assertEquals(
        "***redacted***",
        manifest.at("/configuration/hadoop/conf/fs.s3a.secret.key").asText(),
        "secret redacted");
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return "";
    }
  }
}
