package org.sepsisiql.run;

/** A stage's output exists and overwriting it was not asked for. */
public final class OutputExistsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OutputExistsException(String message) {
    super(message);
  }
}
