package org.sepsisiql.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A stage's output being written: everything goes under {@link #temporaryPath()}; {@link #commit}
 * moves it to the stage's final path (replacing an earlier output when asked) and marks it complete
 * with {@code _SUCCESS}; {@link #abort} removes it. When the temporary path is the final path (the
 * {@code in-place} commit of object stores, {@link StageCommit}), commit only writes {@code
 * _SUCCESS}, and an output without it (a killed attempt) counts as absent.
 */
public final class StageWrite implements AutoCloseable {
  private final FileSystem fs;
  private final Path temporary;
  private final Path destination;
  private boolean finished;

  StageWrite(FileSystem fs, Path temporary, Path destination) {
    this.fs = fs;
    this.temporary = temporary;
    this.destination = destination;
  }

  /** The folder to write into; a Hadoop path string usable by Spark writers. */
  public String temporaryPath() {
    return temporary.toString();
  }

  /** A sub-folder of the temporary folder, e.g. one dataset of the stage. */
  public String temporaryPath(String child) {
    return new Path(temporary, child).toString();
  }

  /** Writes a small UTF-8 text file into the temporary folder (e.g. a stage's JSON sidecar). */
  public void writeText(String child, String text) {
    Path path = new Path(temporary, child);
    try (var out = fs.create(path, true)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Moves the output into place and writes {@code _SUCCESS}; replaces an existing output. */
  public void commit() {
    if (temporary.equals(destination)) {
      try {
        fs.create(new Path(destination, RunFolder.SUCCESS), true).close();
        finished = true;
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot mark the stage output complete at " + destination, e);
      }
    }
    try {
      if (fs.exists(destination) && !fs.delete(destination, true)) {
        throw new IOException("cannot remove the earlier output at " + destination);
      }
      fs.mkdirs(destination.getParent());
      if (!fs.rename(temporary, destination)) {
        throw new IOException("cannot rename " + temporary + " to " + destination);
      }
      fs.create(new Path(destination, RunFolder.SUCCESS), true).close();
      finished = true;
      removeIfEmpty(temporary.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the stage output at " + destination, e);
    }
  }

  private void removeIfEmpty(Path folder) throws IOException {
    if (fs.exists(folder) && fs.listStatus(folder).length == 0) {
      fs.delete(folder, false);
    }
  }

  /** Removes the temporary output, and the run folder when that leaves it empty. */
  public void abort() {
    finished = true;
    try {
      fs.delete(temporary, true);
      removeIfEmpty(temporary.getParent());
      if (!temporary.equals(destination)) {
        removeIfEmpty(temporary.getParent().getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary output " + temporary, e);
    }
  }

  /** Aborts when neither committed nor aborted, so a failure leaves nothing behind. */
  @Override
  public void close() {
    if (!finished) {
      abort();
    }
  }
}
