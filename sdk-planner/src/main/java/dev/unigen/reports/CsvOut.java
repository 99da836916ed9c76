package dev.unigen.reports;

import java.util.List;

/** RFC 4180 CSV rows: CRLF line ends, a field quoted when it holds a comma, quote or line break. */
final class CsvOut {
  private final StringBuilder out = new StringBuilder();

  CsvOut row(List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) out.append(',');
      String c = cells.get(i);
      boolean quote = c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0;
      out.append(quote ? '"' + c.replace("\"", "\"\"") + '"' : c);
    }
    out.append("\r\n");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
