package org.sepsisiql.udfs;

import java.util.Locale;

/**
 * Normalizes free-text keys (unit spellings, drug names) before they are looked up.
 *
 * <p>Source systems spell the same unit many ways ({@code "mm Hg"}, {@code "mmHg"}, {@code
 * "µmol/L"}, {@code "umol/l"}); lower-casing, trimming and dropping insignificant characters lets
 * one small table per variable recognise them all.
 */
final class Keys {

  private Keys() {}

  /**
   * Returns the lookup key of a unit: lower case, no whitespace, no degree sign, micro signs as
   * {@code u}; null stays null.
   */
  static String unit(String unit) {
    if (unit == null) {
      return null;
    }
    StringBuilder key = new StringBuilder(unit.length());
    for (char c : unit.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isWhitespace(c) || c == '°' || c == 'º') {
        continue;
      }
      key.append(c == 'µ' || c == 'μ' ? 'u' : c);
    }
    return key.toString();
  }

  /** Returns the lookup key of a name: trimmed, lower case, inner whitespace collapsed. */
  static String name(String name) {
    if (name == null) {
      return null;
    }
    return name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }
}
