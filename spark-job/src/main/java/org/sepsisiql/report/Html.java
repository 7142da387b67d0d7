package org.sepsisiql.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Small HTML building blocks. Every piece of text from the inputs goes through {@link #text}, so a
 * policy name or description can never inject markup; numbers print with a fixed number of decimals
 * and absent ones as "not available".
 */
final class Html {
  static final String NOT_AVAILABLE = "not available";

  private Html() {}

  /** Escapes text for element content and attribute values. */
  static String text(String value) {
    if (value == null) {
      return NOT_AVAILABLE;
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A number with {@code decimals} decimals, or "not available". */
  static String number(Double value, int decimals) {
    if (value == null || !Double.isFinite(value)) {
      return na();
    }
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
    return text.matches("-0(\\.0*)?") ? text.substring(1) : text;
  }

  /** A count with thousands separators, or "not available". */
  static String count(Double value) {
    if (value == null || !Double.isFinite(value)) {
      return na();
    }
    return String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  /** The marked-up "not available". */
  static String na() {
    return "<span class=\"na\">" + NOT_AVAILABLE + "</span>";
  }

  /** An estimate with its interval, or "invalid (reason)": never the number of an invalid one. */
  static String estimate(Estimate e, int decimals) {
    if (e == Estimate.MISSING) {
      return na();
    }
    if (!e.valid()) {
      return "<span class=\"invalid\">invalid (" + text(e.reason()) + ")</span>";
    }
    String interval =
        e.hasInterval()
            ? " <span class=\"ci\">["
                + number(e.lower(), decimals)
                + ", "
                + number(e.upper(), decimals)
                + "]</span>"
            : " <span class=\"ci\">[no interval]</span>";
    return number(e.value(), decimals) + interval;
  }

  static String badge(Boolean pass) {
    if (pass == null) {
      return na();
    }
    return pass ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>";
  }

  /** A table; header texts are escaped, cells are markup the caller built from escaped text. */
  static String table(String id, List<String> headers, List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    out.append("<table")
        .append(id == null ? "" : " id=\"" + text(id) + "\"")
        .append(">\n<thead><tr>");
    for (String header : headers) {
      out.append("<th>").append(text(header)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      for (String cell : row) {
        out.append("<td>").append(cell).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</tbody>\n</table>\n").toString();
  }

  /** A PNG image inlined as a data URI, inside a figure with a caption. */
  static String figure(String id, String caption, byte[] png) {
    return "<figure id=\""
        + text(id)
        + "\"><img class=\"chart\" alt=\""
        + text(caption)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\"><figcaption>"
        + text(caption)
        + "</figcaption></figure>\n";
  }

  /** A "how to read this" note; the text is written by us, may hold simple markup. */
  static String note(String markup) {
    return "<div class=\"note\"><strong>How to read this.</strong> " + markup + "</div>\n";
  }

  static String paragraph(String markup) {
    return "<p>" + markup + "</p>\n";
  }

  static String unavailable(String what) {
    return "<p class=\"na\">" + text(what) + ": " + NOT_AVAILABLE + "</p>\n";
  }
}
