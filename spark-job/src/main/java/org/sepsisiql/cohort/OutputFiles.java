package org.sepsisiql.cohort;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Small files of the stage output on any Hadoop file system: text files (JSON, summaries) and the
 * {@code manifest.json} that lists every data file under the output with its size, plus a sha256
 * over that listing, which later stages record as the provenance of their input. Hidden files
 * ({@code .crc}) and {@code _SUCCESS} markers are not data and are left out of the listing.
 */
final class OutputFiles {
  private final Path root;
  private final FileSystem fs;

  OutputFiles(String root, Configuration hadoop) {
    this.root = new Path(root);
    try {
      this.fs = this.root.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + root, e);
    }
  }

  void writeText(String relative, String text) {
    Path path = new Path(root, relative);
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** One data file: its path relative to the output root and its size in bytes. */
  record DataFile(String path, long bytes) {}

  /** The data files under the output root, sorted by path. */
  List<DataFile> dataFiles() {
    List<DataFile> files = new ArrayList<>();
    String prefix = fs.makeQualified(root).toString() + "/";
    try {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        FileStatus status = it.next();
        String name = status.getPath().getName();
        if (name.startsWith(".") || name.equals("_SUCCESS")) {
          continue;
        }
        String relative = fs.makeQualified(status.getPath()).toString().substring(prefix.length());
        files.add(new DataFile(relative, status.getLen()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return files;
  }

  /** The sha256 (hex) of the listing: one {@code path<TAB>bytes<LF>} line per data file. */
  static String sha256(List<DataFile> files) {
    StringBuilder listing = new StringBuilder();
    for (DataFile file : files) {
      listing.append(file.path()).append('\t').append(file.bytes()).append('\n');
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
