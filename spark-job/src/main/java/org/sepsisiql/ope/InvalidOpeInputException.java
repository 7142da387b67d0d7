package org.sepsisiql.ope;

/** Input to off-policy evaluation breaks its contract; the message names the column and rule. */
public class InvalidOpeInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidOpeInputException(String message) {
    super(message);
  }
}
