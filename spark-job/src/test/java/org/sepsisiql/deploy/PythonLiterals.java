package org.sepsisiql.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the top-level assignments of plain literals from a Python file: strings, lists and tuples
 * of them, and names of earlier such assignments. It is what the DAG test needs to read the stage
 * table the DAGs build their command lines from, without a Python interpreter.
 */
final class PythonLiterals {
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^([A-Z][A-Z0-9_]*) = ", Pattern.MULTILINE);

  private final Map<String, Object> values = new HashMap<>();

  PythonLiterals(String source) {
    Matcher m = ASSIGNMENT.matcher(source);
    while (m.find()) {
      Parser parser = new Parser(source, m.end());
      values.put(m.group(1), parser.value());
    }
  }

  Object get(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("no literal assignment to " + name);
    }
    return values.get(name);
  }

  @SuppressWarnings("unchecked")
  List<Object> list(String name) {
    return (List<Object>) get(name);
  }

  private final class Parser {
    private final String text;
    private int at;

    Parser(String text, int at) {
      this.text = text;
      this.at = at;
    }

    Object value() {
      skipBlank();
      char c = text.charAt(at);
      if (c == '"' || c == '\'') {
        return string(c);
      }
      if (c == '[' || c == '(') {
        return sequence(c == '[' ? ']' : ')');
      }
      int start = at;
      while (at < text.length()
          && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
        at++;
      }
      String name = text.substring(start, at);
      if (name.isEmpty() || !values.containsKey(name)) {
        throw new IllegalArgumentException(
            "not a plain literal at offset "
                + start
                + ": "
                + text.substring(start, Math.min(text.length(), start + 30)));
      }
      return values.get(name);
    }

    private String string(char quote) {
      StringBuilder out = new StringBuilder();
      at++;
      while (text.charAt(at) != quote) {
        if (text.charAt(at) == '\\') {
          at++;
        }
        out.append(text.charAt(at++));
      }
      at++;
      return out.toString();
    }

    private List<Object> sequence(char close) {
      List<Object> items = new ArrayList<>();
      at++;
      while (true) {
        skipBlank();
        if (text.charAt(at) == close) {
          at++;
          return items;
        }
        items.add(value());
        skipBlank();
        if (text.charAt(at) == ',') {
          at++;
        }
      }
    }

    private void skipBlank() {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '#') {
          while (at < text.length() && text.charAt(at) != '\n') {
            at++;
          }
        } else if (Character.isWhitespace(c)) {
          at++;
        } else {
          return;
        }
      }
    }
  }
}
