package dev.unigen.reports;

/** The formats a report renders to. */
public enum ReportFormat {
  /** Plain-text tables for a terminal or an e-mail; amounts rounded for display. */
  TEXT("txt"),
  /** JSON for programs: every amount exact, as a decimal string. */
  JSON("json"),
  /** RFC 4180 CSV for spreadsheets: one row per figure, amounts exact. */
  CSV("csv"),
  /** One self-contained HTML page with inline SVG bar charts: no script, nothing fetched. */
  HTML("html");

  private final String extension;

  ReportFormat(String extension) {
    this.extension = extension;
  }

  /** The usual file name extension, without the dot, such as {@code html}. */
  public String extension() {
    return extension;
  }
}
