package dev.unigen.spi.http;

import dev.unigen.internal.JsonPathException;
import dev.unigen.internal.JsonTree;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.MediaType;
import okio.Buffer;
import okio.ByteString;

/**
 * A provider's answer, read whole within the exchange's bound: status, headers and body. The body
 * is parsed as JSON at most once, on first use. Immutable; threadsafe once built.
 */
public final class Answer {
  private final int status;
  private final Headers headers;
  private final MediaType contentType;
  private final ByteString body;
  private final boolean truncated;
  private final boolean idempotent;
  private String text;
  private Object json;

  Answer(int status, Headers headers, MediaType contentType, ByteString body, boolean truncated) {
    this(status, headers, contentType, body, truncated, false);
  }

  Answer(int status, Headers headers, MediaType contentType, ByteString body, boolean truncated, boolean idempotent) {
    this.idempotent = idempotent;
    this.status = status;
    this.headers = headers;
    this.contentType = contentType;
    this.body = body;
    this.truncated = truncated;
  }

  /** Creates an answer from parts, for tests of a provider's decoders and error readers. */
  public static Answer of(int status, Headers headers, String body) {
    return new Answer(status, headers, MediaType.parse("application/json"), ByteString.encodeUtf8(body), false);
  }

  /** The HTTP status. */
  public int status() { return status; }

  /** The response headers. */
  public Headers headers() { return headers; }

  /** The first value of header {@code name}. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The body's media type, when the answer stated one. */
  public Optional<MediaType> contentType() { return Optional.ofNullable(contentType); }

  /** The body's bytes. */
  public byte[] bytes() { return body.toByteArray(); }

  /**
   * True when this answers a request sent with {@link ProviderHttp#read} or {@link ProviderHttp#open}
   * (harmless to repeat), false for a {@link ProviderHttp#submit} and for an answer made with
   * {@link #of}; lets an {@link ProviderHttp.ErrorReader} retry a status only where re-sending is free.
   */
  public boolean idempotent() { return idempotent; }

  /** True when an error body was longer than the bound and only its start was kept. */
  public boolean truncated() { return truncated; }

  /** The body as text, in its stated charset (UTF-8 by default). */
  public synchronized String text() {
    if (text == null) {
      Charset charset = contentType == null ? null : contentType.charset();
      text = body.string(charset != null ? charset : StandardCharsets.UTF_8);
    }
    return text;
  }

  /**
   * The body parsed as JSON: maps, lists, strings, {@link java.math.BigDecimal}s, booleans.
   *
   * @throws IllegalArgumentException if the body is not JSON
   */
  public synchronized Object json() {
    if (json == null) {
      Charset charset = contentType == null ? null : contentType.charset();
      if (text == null && (charset == null || charset.equals(StandardCharsets.UTF_8))) {
        // Straight from the bytes, without decoding them to a String and encoding that again.
        try {
          json = JsonTree.parse(new Buffer().write(body));
        } catch (JsonPathException e) {
          json = Json.parse(text()); // again from the text, for the message that says where
        }
      } else {
        json = Json.parse(text());
      }
    }
    return json;
  }

  /**
   * The body as a JSON object.
   *
   * @throws IllegalArgumentException if the body is not a JSON object
   */
  public Map<String, Object> object() {
    Object value = json();
    if (!(value instanceof Map)) throw new IllegalArgumentException("the answer is JSON but not an object");
    return Json.object(value);
  }

  @Override
  public String toString() {
    return "Answer(" + status + ", " + body.size() + " bytes)";
  }
}
