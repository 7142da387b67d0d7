package org.sepsisiql.udfs;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Normalizes free-text keys (unit spellings, drug names) before they are looked up.
 *
 * <p>Source systems spell the same unit many ways ({@code "mm Hg"}, {@code "mmHg"}, {@code
 * "µmol/L"}, {@code "umol/l"}); lower-casing, trimming and dropping insignificant characters lets
 * one small table per variable recognise them all.
 */
final class Keys {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * Keys already computed: extracts and the simulator repeat a handful of spellings millions of
   * times (the regular expression was a sixth of the simulator's rollout time). Bounded, so free
   * text cannot grow it without limit.
   */
  private static final int MEMO_LIMIT = 4096;

  private static final Map<String, String> UNITS = new ConcurrentHashMap<>();
  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  private Keys() {}

  private static String memo(Map<String, String> memo, String text, Function<String, String> key) {
    String known = memo.get(text);
    if (known != null) {
      return known;
    }
    String computed = key.apply(text);
    if (memo.size() < MEMO_LIMIT) {
      memo.put(text, computed);
    }
    return computed;
  }

  /**
   * Returns the lookup key of a unit: lower case, no whitespace, no degree sign, micro signs as
   * {@code u}; null stays null.
   */
  static String unit(String unit) {
    return unit == null ? null : memo(UNITS, unit, Keys::unitKey);
  }

  private static String unitKey(String unit) {
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
    return name == null ? null : memo(NAMES, name, Keys::nameKey);
  }

  private static String nameKey(String name) {
    return WHITESPACE.matcher(name.trim().toLowerCase(Locale.ROOT)).replaceAll(" ");
  }
}
