package dev.unigen.internal;

import java.util.Optional;

/**
 * Finds where a JSON text stops being well-formed, as a line and column a person can go to. The
 * parser says only that the text is malformed; this second, slower pass runs only then.
 * Internal: not a public API. Threadsafe.
 */
final class JsonSyntax {
  private final String text;
  private int pos;

  private JsonSyntax(String text) {
    this.text = text;
  }

  /** The first syntax error in {@code text}, as "line L, column C: problem", if there is one. */
  static Optional<String> firstError(String text) {
    JsonSyntax s = new JsonSyntax(text);
    try {
      s.value();
      s.space();
      if (s.pos < text.length()) throw s.fail("unexpected text after the JSON value");
      return Optional.empty();
    } catch (Failure f) {
      return Optional.of(f.getMessage());
    }
  }

  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private Failure fail(String problem) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < pos && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Failure("line " + line + ", column " + column + ": " + problem);
  }

  private void space() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) pos++;
  }

  private char peek() throws Failure {
    space();
    if (pos >= text.length()) throw fail("the text ends too early");
    return text.charAt(pos);
  }

  private void value() throws Failure {
    char c = peek();
    if (c == '{') object();
    else if (c == '[') array();
    else if (c == '"') string();
    else if (c == '-' || (c >= '0' && c <= '9')) number();
    else if (!word("true") && !word("false") && !word("null")) {
      throw fail("expected a value (an object, array, string, number, true, false or null)");
    }
  }

  private boolean word(String w) {
    if (text.startsWith(w, pos)) {
      pos += w.length();
      return true;
    }
    return false;
  }

  private void object() throws Failure {
    pos++;
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      if (peek() != '"') throw fail("expected a field name in double quotes");
      string();
      if (peek() != ':') throw fail("expected ':' after the field name");
      pos++;
      value();
      char c = peek();
      pos++;
      if (c == '}') return;
      if (c != ',') {
        pos--;
        throw fail("expected ',' or '}'");
      }
      if (peek() == '}') throw fail("a trailing comma before '}'");
    }
  }

  private void array() throws Failure {
    pos++;
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      value();
      char c = peek();
      pos++;
      if (c == ']') return;
      if (c != ',') {
        pos--;
        throw fail("expected ',' or ']'");
      }
      if (peek() == ']') throw fail("a trailing comma before ']'");
    }
  }

  private void string() throws Failure {
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return;
      }
      if (c == '\\') pos++;
      else if (c < 0x20) throw fail("a control character inside a string (a line break needs \\n)");
      pos++;
    }
    throw fail("a string that is never closed");
  }

  private void number() throws Failure {
    int start = pos;
    if (text.charAt(pos) == '-') pos++;
    int digits = pos;
    while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) pos++;
    if (pos == digits) {
      pos = start;
      throw fail("a '-' without a number");
    }
  }
}
