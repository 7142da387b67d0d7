package org.sepsisiql.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run's folder, {@code <output>/<run_id>/}, on any Hadoop file system (local, HDFS, S3A).
 *
 * <p>A stage writes into a temporary folder under {@code _temporary-stages/} and {@link
 * StageWrite#commit() commits} by renaming it to {@code <run>/<stage>} and writing a {@code
 * _SUCCESS} marker, so a stage folder without the marker is never mistaken for a complete one. On
 * S3A the rename is a copy; the marker is written last, so readers still see all or nothing.
 */
public final class RunFolder {
  static final String SUCCESS = "_SUCCESS";
  private static final String TEMPORARY = "_temporary-stages";
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("'run-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Path root;
  private final String runId;
  private final FileSystem fs;
  private final StageCommit commit;

  private RunFolder(Path root, String runId, FileSystem fs, StageCommit commit) {
    this.root = root;
    this.runId = runId;
    this.fs = fs;
    this.commit = commit;
  }

  /** The run folder for an explicit run id, or a new id from the clock when it is null. */
  public static RunFolder open(String output, String runId, Configuration hadoop, Clock clock) {
    String id = runId != null ? runId : RUN_ID.format(clock.instant());
    Path root = new Path(new Path(output), id);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      return new RunFolder(root, id, fs, StageCommit.of("auto", fs));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + root, e);
    }
  }

  /** This folder with stages committed as {@code setting} says ({@link StageCommit}). */
  public RunFolder withStageCommit(String setting) {
    return new RunFolder(root, runId, fs, StageCommit.of(setting, fs));
  }

  /** How this folder's stages are committed. */
  public StageCommit stageCommit() {
    return commit;
  }

  public String runId() {
    return runId;
  }

  public Path root() {
    return root;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  /** Where a stage's committed output lives. */
  public Path stagePath(String stage) {
    return new Path(root, stage);
  }

  /** Whether a stage committed its output (its folder holds {@code _SUCCESS}). */
  public boolean isComplete(String stage) {
    try {
      return fs.exists(new Path(stagePath(stage), SUCCESS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stagePath(stage), e);
    }
  }

  /** Removes a stage's output that was never committed (no {@code _SUCCESS}); a no-op otherwise. */
  public void removePartial(String stage) {
    if (isComplete(stage)) {
      throw new IllegalStateException(stagePath(stage) + " is complete, not partial");
    }
    try {
      if (fs.exists(stagePath(stage)) && !fs.delete(stagePath(stage), true)) {
        throw new IOException("delete returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the partial output " + stagePath(stage), e);
    }
  }

  /** Whether anything exists at a stage's path, complete or not. */
  public boolean exists(String stage) {
    try {
      return fs.exists(stagePath(stage));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stagePath(stage), e);
    }
  }

  /**
   * Fails early, before any work, when the run folder cannot be created or written: writes and
   * deletes a probe file in it, or in the output folder while the run folder does not exist yet (a
   * command that fails before its stage writes leaves no empty run folder).
   */
  public void checkWritable() {
    try {
      Path probeFolder = fs.exists(root) ? root : root.getParent();
      Path probe = new Path(probeFolder, ".write-probe-" + UUID.randomUUID());
      fs.mkdirs(probeFolder);
      try (OutputStream out = fs.create(probe, true)) {
        out.write("probe".getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      throw new OutputNotWritableException(
          "output is not writable: " + root + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Starts writing a stage: into a fresh temporary folder, after removing the temporary folders
   * that interrupted attempts at the same stage left behind ({@code rename}); or at its final path,
   * after removing what is there ({@code in-place}; the caller has checked that replacing it is
   * wanted).
   */
  public StageWrite beginStage(String stage) {
    if (commit == StageCommit.IN_PLACE) {
      try {
        if (fs.exists(stagePath(stage)) && !fs.delete(stagePath(stage), true)) {
          throw new IOException("delete returned false");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the earlier output " + stagePath(stage), e);
      }
      return new StageWrite(fs, stagePath(stage), stagePath(stage));
    }
    try {
      FileStatus[] leftovers = fs.globStatus(new Path(new Path(root, TEMPORARY), stage + "-*"));
      for (FileStatus leftover : leftovers == null ? new FileStatus[0] : leftovers) {
        fs.delete(leftover.getPath(), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + new Path(root, TEMPORARY), e);
    }
    Path temporary = new Path(new Path(root, TEMPORARY), stage + "-" + UUID.randomUUID());
    return new StageWrite(fs, temporary, stagePath(stage));
  }

  /** Writes a small UTF-8 text file (replacing it) at a path relative to the run folder. */
  public void writeText(String relative, String text) {
    Path path = new Path(root, relative);
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Reads a small UTF-8 text file relative to the run folder, or null when absent. */
  public String readText(String relative) {
    Path path = new Path(root, relative);
    try {
      if (!fs.exists(path)) {
        return null;
      }
      try (var in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
