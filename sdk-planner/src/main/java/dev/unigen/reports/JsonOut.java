package dev.unigen.reports;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import okio.Buffer;

/**
 * A report as one JSON document: an object indented by two spaces that opens with the report's
 * kind and format version ({@code "report": "cost-plan", "format": 1}), then a newline.
 */
final class JsonOut {
  private JsonOut() {}

  /** Writes the members that follow {@code report} and {@code format}. */
  interface Members {
    void write(JsonWriter w) throws IOException;
  }

  static String document(String report, Members members) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setIndent("  ");
      w.beginObject();
      w.name("report").value(report);
      w.name("format").value(1);
      members.write(w);
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readUtf8() + "\n";
  }
}
