package org.sepsisiql.run;

import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;

/**
 * How a stage's finished output becomes visible ({@code sepsis-iql.stage-commit}). {@code rename}:
 * the stage writes into {@code <run>/_temporary-stages/} and one directory rename moves it into
 * place, atomic on HDFS and local disks. {@code in-place}: the stage writes at its final path and
 * {@code _SUCCESS}, written last, marks it complete; for object stores, where a directory rename
 * copies every object (and Spark's own writes already commit through the S3A committer). {@code
 * auto} picks {@code in-place} for object-store schemes and {@code rename} otherwise. Readers treat
 * a stage without {@code _SUCCESS} as absent either way.
 */
public enum StageCommit {
  RENAME,
  IN_PLACE;

  /** URI schemes of object stores, where a rename is a copy. */
  static final Set<String> OBJECT_STORES =
      Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "cos", "obs");

  /** The mode a setting names for this file system; the setting is validated by RunSettings. */
  public static StageCommit of(String setting, FileSystem fs) {
    return of(setting, fs.getUri().getScheme());
  }

  /** The mode a setting names for a file system of this URI scheme. */
  public static StageCommit of(String setting, String scheme) {
    return switch (setting) {
      case "rename" -> RENAME;
      case "in-place" -> IN_PLACE;
      case "auto" -> OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT)) ? IN_PLACE : RENAME;
      default -> throw new IllegalArgumentException("unknown stage commit mode: " + setting);
    };
  }
}
