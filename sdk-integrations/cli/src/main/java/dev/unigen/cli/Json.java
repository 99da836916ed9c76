package dev.unigen.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON to show a catalog entry as it is written: a reader that keeps every number's
 * literal text (so {@code "0.0013"} and {@code 0.0013} come back as written, never through a
 * double) and a printer with two-space indentation.
 */
final class Json {
  /** A number as written in the source. */
  static final class Number {
    final String literal;

    Number(String literal) {
      this.literal = literal;
    }
  }

  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /**
   * Parses {@code text}: maps (in key order), lists, strings, {@link Number}s, booleans and
   * {@code null}.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  static Object parse(String text) {
    Json p = new Json(text);
    p.space();
    Object v = p.value();
    p.space();
    if (p.i != p.s.length()) throw p.error("content after the JSON value");
    return v;
  }

  private Object value() {
    if (i >= s.length()) throw error("unexpected end");
    char c = s.charAt(i);
    switch (c) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
      case 't': return word("true", Boolean.TRUE);
      case 'f': return word("false", Boolean.FALSE);
      case 'n': return word("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw error("unexpected '" + c + "'");
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    space();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      space();
      if (peek() != '"') throw error("expected a key");
      String key = string();
      space();
      expect(':');
      space();
      m.put(key, value());
      space();
      char c = next();
      if (c == '}') return m;
      if (c != ',') throw error("expected ',' or '}'");
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    i++;
    space();
    if (peek() == ']') {
      i++;
      return l;
    }
    while (true) {
      space();
      l.add(value());
      space();
      char c = next();
      if (c == ']') return l;
      if (c != ',') throw error("expected ',' or ']'");
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') return b.toString();
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case 'n': b.append('\n'); break;
        case 't': b.append('\t'); break;
        case 'r': b.append('\r'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'u':
          if (i + 4 > s.length()) throw error("bad \\u escape");
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default: b.append(e);
      }
    }
  }

  private Number number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
    return new Number(s.substring(start, i));
  }

  private Object word(String w, Object v) {
    if (!s.startsWith(w, i)) throw error("unexpected text");
    i += w.length();
    return v;
  }

  private void space() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
  }

  private char peek() {
    if (i >= s.length()) throw error("unexpected end");
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) throw error("expected '" + c + "'");
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not JSON at character " + i + ": " + what);
  }

  /** {@code value} as indented JSON; lists of scalars stay on one line. */
  static String print(Object value) {
    StringBuilder b = new StringBuilder();
    print(value, b, "");
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static void print(Object v, StringBuilder b, String indent) {
    if (v instanceof Map) {
      Map<String, Object> m = (Map<String, Object>) v;
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append("{\n");
      int n = 0;
      for (Map.Entry<String, Object> e : m.entrySet()) {
        b.append(indent).append("  ");
        quote(e.getKey(), b);
        b.append(": ");
        print(e.getValue(), b, indent + "  ");
        if (++n < m.size()) b.append(',');
        b.append('\n');
      }
      b.append(indent).append('}');
    } else if (v instanceof List) {
      List<Object> l = (List<Object>) v;
      boolean flat = true;
      for (Object o : l) flat &= !(o instanceof Map || o instanceof List);
      if (flat) {
        b.append('[');
        for (int k = 0; k < l.size(); k++) {
          if (k > 0) b.append(", ");
          print(l.get(k), b, indent);
        }
        b.append(']');
        return;
      }
      b.append("[\n");
      for (int k = 0; k < l.size(); k++) {
        b.append(indent).append("  ");
        print(l.get(k), b, indent + "  ");
        if (k < l.size() - 1) b.append(',');
        b.append('\n');
      }
      b.append(indent).append(']');
    } else if (v instanceof String) {
      quote((String) v, b);
    } else if (v instanceof Number) {
      b.append(((Number) v).literal);
    } else {
      b.append(v);
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\t': b.append("\\t"); break;
        case '\r': b.append("\\r"); break;
        default:
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
      }
    }
    b.append('"');
  }
}
