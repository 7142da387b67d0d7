package org.sepsisiql.udfs;

/**
 * Maps Spark SQL argument and result values to and from the primitives of the core functions.
 *
 * <p>Spark does not cast the arguments of a Java UDF, so a literal {@code 0.05} arrives as a {@link
 * java.math.BigDecimal}, {@code 70} as an {@link Integer} and a column as a {@link Double}; every
 * {@link Number} is therefore accepted. SQL {@code NULL} becomes {@code NaN} (missing) on the way
 * in, and {@code NaN} becomes {@code NULL} on the way out, so SQL users never see {@code NaN}.
 */
final class SqlArgs {

  private SqlArgs() {}

  /** A numeric argument as a double: {@code NaN} for NULL or a value that is not a number. */
  static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return Double.NaN;
  }

  /** A string argument: null for NULL, otherwise the value's text. */
  static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** A flag argument: a boolean, or a number that is finite and not 0 (the 0/1 mech_vent flag). */
  static boolean flag(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    double x = number(value);
    return Double.isFinite(x) && x != 0.0;
  }

  /** A double result: NULL for {@code NaN} or an infinity. */
  static Double result(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
