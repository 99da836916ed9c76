package dev.unigen.testkit;

import dev.unigen.spi.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/** Reading what a provider sent to a local {@link MockWebServer}: the next request, its JSON body, its multipart parts. */
public final class TestRequests {
  private TestRequests() {}

  /** The next request {@code server} received, waiting up to 5 s; none fails the test. */
  public static RecordedRequest take(MockWebServer server) {
    try {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      if (r == null) throw new AssertionError("no request reached the server");
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The body of {@code r} as a JSON object; a body that is not one fails the test. */
  public static Map<String, Object> json(RecordedRequest r) {
    Object parsed = Json.parse(r.getBody().utf8());
    if (!(parsed instanceof Map)) throw new AssertionError("the body is not a JSON object: " + r.getBody().utf8());
    return Json.object(parsed);
  }

  /**
   * The parts of a recorded {@code multipart/form-data} body, in order, bytes intact; a request
   * that is not multipart fails the test.
   */
  public static List<Part> parts(RecordedRequest r) {
    String type = String.valueOf(r.getHeaders().get("Content-Type"));
    if (!type.startsWith("multipart/form-data")) throw new AssertionError("not multipart: " + type);
    String boundary = "--" + type.substring(type.indexOf("boundary=") + "boundary=".length()).replace("\"", "");
    // ISO-8859-1 maps every byte to one char and back, so binary parts survive the split.
    String body = new String(r.getBody().toByteArray(), StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = body.indexOf(boundary);
    while (at >= 0) {
      int start = at + boundary.length();
      if (body.startsWith("--", start)) break;
      int next = body.indexOf("\r\n" + boundary, start);
      String chunk = body.substring(start + 2, next);
      int split = chunk.indexOf("\r\n\r\n");
      Headers.Builder headers = new Headers.Builder();
      for (String line : chunk.substring(0, split).split("\r\n")) headers.add(line);
      parts.add(new Part(headers.build(), chunk.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1)));
      at = next + 2;
    }
    return parts;
  }

  /** The {@link #parts} of {@code r} by field name, in order; of parts sharing a name, the first. */
  public static Map<String, Part> named(RecordedRequest r) {
    Map<String, Part> out = new LinkedHashMap<>();
    for (Part p : parts(r)) out.putIfAbsent(p.name(), p);
    return out;
  }

  /** The text fields of a multipart body (its parts without a file name), by name, in order. */
  public static Map<String, String> fields(RecordedRequest r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Part p : parts(r)) {
      if (p.fileName().isEmpty()) out.putIfAbsent(p.name(), p.text());
    }
    return out;
  }

  /** One part of a multipart body: its headers and content. */
  public static final class Part {
    private final Headers headers;
    private final byte[] content;

    Part(Headers headers, byte[] content) {
      this.headers = headers;
      this.content = content;
    }

    /** The part's field name, from {@code Content-Disposition}. */
    public String name() {
      return parameter("name").orElseThrow(() -> new AssertionError("a part without a name: " + headers));
    }

    /** The file name, for a file part. */
    public Optional<String> fileName() {
      return parameter("filename");
    }

    /** The part's {@code Content-Type}, if it states one. */
    public Optional<String> contentType() {
      return Optional.ofNullable(headers.get("Content-Type"));
    }

    /** The part's headers. */
    public Headers headers() {
      return headers;
    }

    /** The content's bytes. */
    public byte[] bytes() {
      return content.clone();
    }

    /** The content as UTF-8 text. */
    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }

    private Optional<String> parameter(String key) {
      String d = String.valueOf(headers.get("Content-Disposition"));
      String lower = d.toLowerCase(Locale.ROOT);
      int i = lower.startsWith(key + "=\"") ? 0 : lower.indexOf(" " + key + "=\"");
      if (i < 0) i = lower.indexOf(";" + key + "=\"");
      if (i < 0) return Optional.empty();
      int from = d.indexOf('"', i) + 1;
      return Optional.of(d.substring(from, d.indexOf('"', from)));
    }

    @Override
    public String toString() {
      return "Part(" + headers.get("Content-Disposition") + ", " + content.length + " bytes)";
    }
  }
}
