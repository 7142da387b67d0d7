package org.sepsisiql.cohort;

/**
 * The extracts cannot be used: a missing dataset or column, a wrong type, a file that is not
 * Parquet, or no stays. The message names the dataset and the column. An {@link
 * IllegalArgumentException}, so the command line reports it in one line with exit code 2.
 */
public final class InvalidExtractException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidExtractException(String message) {
    super(message);
  }

  public InvalidExtractException(String message, Throwable cause) {
    super(message, cause);
  }
}
