package dev.unigen.cli;

import dev.unigen.reports.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --html}, {@code --json}, {@code --csv}: report files written besides the text on standard output. */
final class ReportFiles {
  @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as one self-contained HTML page with bar charts.")
  Path html;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON, every amount exact.")
  Path json;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write the report as CSV, every amount exact.")
  Path csv;

  /** Writes each file asked for with {@code render}, noting each on standard error. */
  void write(Function<ReportFormat, String> render, Io io) {
    Map<ReportFormat, Path> files = new LinkedHashMap<>();
    if (html != null) files.put(ReportFormat.HTML, html);
    if (json != null) files.put(ReportFormat.JSON, json);
    if (csv != null) files.put(ReportFormat.CSV, csv);
    for (Map.Entry<ReportFormat, Path> f : files.entrySet()) {
      Path path = f.getValue();
      try {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(path, render.apply(f.getKey()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliException("cannot write " + path + ": " + e.getMessage(), e);
      }
      io.err().println("wrote " + f.getKey().name().toLowerCase(java.util.Locale.ROOT) + " report " + path);
    }
  }
}
