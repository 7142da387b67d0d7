package org.sepsisiql.udfs;

/**
 * Discretizes an IV fluid or vasopressor dose into the three action levels of DESIGN.md section 4:
 * 0 = none, 1 = at most the train median of non-zero doses, 2 = above it. The median is fitted on
 * the train split alone by the cohort stage and passed in, so this class holds no state.
 */
public final class DoseLevels {

  /** Returned for an invalid (negative or non-finite) dose; SQL shows it as NULL. */
  public static final int INVALID = -1;

  private DoseLevels() {}

  /**
   * 0 when dose is 0 or missing, 1 when 0 &lt; dose &lt;= median, 2 when dose &gt; median. A
   * negative or infinite dose returns -1 ({@link #INVALID}) to mark it invalid.
   *
   * @throws IllegalArgumentException when {@code nonZeroMedian} is not a positive finite number:
   *     that is a fitting error, not a data problem, and must not be hidden
   */
  public static int level(double dose, double nonZeroMedian) {
    if (!Double.isFinite(nonZeroMedian) || nonZeroMedian <= 0.0) {
      throw new IllegalArgumentException(
          "nonZeroMedian must be a positive finite number, cannot be: " + nonZeroMedian);
    }
    if (Double.isNaN(dose) || dose == 0.0) {
      return 0;
    }
    if (dose < 0.0 || Double.isInfinite(dose)) {
      return INVALID;
    }
    return dose <= nonZeroMedian ? 1 : 2;
  }
}
