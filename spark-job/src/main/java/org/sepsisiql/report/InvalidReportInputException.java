package org.sepsisiql.report;

/**
 * The report cannot be made: the evaluation's {@code metrics.json} is missing, unreadable or not a
 * JSON object. The message names the file. An {@link IllegalArgumentException}, so the command line
 * reports it in one line with exit code 2.
 */
public final class InvalidReportInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidReportInputException(String message) {
    super(message);
  }

  public InvalidReportInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
