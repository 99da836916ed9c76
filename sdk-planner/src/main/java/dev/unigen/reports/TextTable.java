package dev.unigen.reports;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with padded columns, each aligned left or right. Not threadsafe. */
final class TextTable {
  private final String align;
  private final List<String[]> rows = new ArrayList<>();

  /** {@code align} has one letter per column, {@code l} or {@code r}; the headers come first. */
  TextTable(String align, String... headers) {
    if (align.length() != headers.length) throw new IllegalArgumentException("one alignment per column");
    this.align = align;
    rows.add(headers);
  }

  TextTable row(String... cells) {
    if (cells.length != align.length()) throw new IllegalArgumentException("expected " + align.length() + " cells");
    rows.add(cells);
    return this;
  }

  boolean isEmpty() {
    return rows.size() == 1;
  }

  /** Appends the table, each line starting with {@code indent}, trailing spaces removed. */
  void appendTo(StringBuilder out, String indent) {
    int[] width = new int[align.length()];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < r.length; i++) {
        if (i > 0) line.append("  ");
        String pad = " ".repeat(width[i] - r[i].length());
        line.append(align.charAt(i) == 'r' ? pad + r[i] : r[i] + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
