package org.sepsisiql.run;

/** The run's output location cannot be created or written. */
public final class OutputNotWritableException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OutputNotWritableException(String message, Throwable cause) {
    super(message, cause);
  }
}
