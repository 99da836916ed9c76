package dev.unigen.provider.stability;

import com.squareup.moshi.Moshi;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.Submission;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

/** Shared test helpers: contexts on a MockWebServer, images, responses, and a multipart reader. */
final class Fixtures {
  static final String KEY = "test-key-stability-0123456789abcdef";
  static final String KEY_B = "test-key-stability-b-9876543210fedcba";
  static final String GENERATION_ID = "a6dc6c6e20acda010fe14d71f180658f2896ed9b4ec25aa99a6ff06c796987c4";
  static final String ERROR_ID = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";

  private Fixtures() {}

  /** A context whose environment holds the key and points the base URL at {@code server}. */
  static ProviderContext context(MockWebServer server) {
    return context(server, Clock.systemUTC());
  }

  static ProviderContext context(MockWebServer server, Clock clock) {
    return context(Map.of("STABILITY_API_KEY", KEY, "UNIGEN_STABILITY_BASE_URL", server.url("/").toString()), clock);
  }

  static ProviderContext context(Map<String, String> env, Clock clock) {
    return ProviderContext.builder()
        .httpClient(HttpCalls.withMarker(new OkHttpClient()))
        .moshi(new Moshi.Builder().build())
        .scheduler(Executors.newScheduledThreadPool(1))
        .clock(clock)
        .environment(env)
        .build();
  }

  /** A provider on {@code server} that polls as soon as it is asked to. */
  static StabilityProvider provider(MockWebServer server) {
    return StabilityProvider.builder().pollInterval(Duration.ZERO).build(context(server));
  }

  /** A call of {@code request} on the provider's offer for the request's model. */
  static ProviderCall call(StabilityProvider p, Request request) {
    Offer offer = p.catalog().offer(p.name(), request.model().get()).orElseThrow();
    return new ProviderCall(UUID.randomUUID().toString(), request, offer, null, Duration.ofSeconds(30));
  }

  static Submission submit(StabilityProvider p, Request request) {
    return await(p.submit(call(p, request)));
  }

  /** Waits for {@code f} and rethrows its failure unwrapped. */
  static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
      if (t instanceof RuntimeException) throw (RuntimeException) t;
      throw new AssertionError(t);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /** A real PNG of {@code width}×{@code height}. */
  static byte[] png(int width, int height) {
    return encode(width, height, "png");
  }

  /** A real JPEG of {@code width}×{@code height}. */
  static byte[] jpeg(int width, int height) {
    return encode(width, height, "jpeg");
  }

  private static byte[] encode(int width, int height, String format) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) img.setRGB(x, x % height, 0x3366cc);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Stability's {@code accept: image/*} answer: the bytes, with the finish reason and seed in headers. */
  static MockResponse imageResponse(byte[] image, String contentType, String finishReason, String seed) {
    MockResponse.Builder b = new MockResponse.Builder().code(200)
        .addHeader("Content-Type", contentType)
        .addHeader("x-request-id", "req-0f1e2d3c")
        .body(new okio.Buffer().write(image));
    if (finishReason != null) b.addHeader("finish-reason", finishReason);
    if (seed != null) b.addHeader("seed", seed);
    return b.build();
  }

  /** Stability's {@code accept: application/json} answer. */
  static MockResponse jsonImageResponse(byte[] image, String imageType, String finishReason, String seedLiteral) {
    String body = "{\"image\":\"" + Base64.getEncoder().encodeToString(image) + "\",\"finish_reason\":\"" + finishReason
        + "\",\"seed\":" + seedLiteral + "}";
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json; type=" + imageType)
        .body(body).build();
  }

  /** Stability's error shape, {@code {"id", "name", "errors"}}. */
  static MockResponse error(int code, String name, String... errors) {
    StringBuilder b = new StringBuilder("{\"id\":\"" + ERROR_ID + "\",\"name\":\"" + name + "\",\"errors\":[");
    for (int i = 0; i < errors.length; i++) {
      if (i > 0) b.append(',');
      b.append('"').append(errors[i].replace("\"", "\\\"")).append('"');
    }
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(b.append("]}").toString()).build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** One part of a multipart body. */
  static final class Part {
    final Headers headers;
    final byte[] body;

    Part(Headers headers, byte[] body) {
      this.headers = headers;
      this.body = body;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String contentType() {
      return headers.get("Content-Type");
    }

    String disposition() {
      return headers.get("Content-Disposition");
    }
  }

  /** The parts of a recorded multipart/form-data request, by field name, in order. */
  static Map<String, Part> parts(RecordedRequest r) {
    String type = r.getHeaders().get("Content-Type");
    if (type == null || !type.startsWith("multipart/form-data")) throw new AssertionError("not multipart: " + type);
    String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length()).replace("\"", "");
    byte[] all = r.getBody().toByteArray();
    String latin = new String(all, StandardCharsets.ISO_8859_1);
    String delimiter = "--" + boundary;
    Map<String, Part> parts = new LinkedHashMap<>();
    int at = latin.indexOf(delimiter);
    while (at >= 0) {
      int start = at + delimiter.length();
      if (latin.startsWith("--", start)) break;
      start += 2; // CRLF
      int next = latin.indexOf("\r\n" + delimiter, start);
      String section = latin.substring(start, next);
      int blank = section.indexOf("\r\n\r\n");
      Headers.Builder hb = new Headers.Builder();
      for (String line : section.substring(0, blank).split("\r\n")) hb.add(line);
      byte[] body = section.substring(blank + 4).getBytes(StandardCharsets.ISO_8859_1);
      Headers h = hb.build();
      String disposition = h.get("Content-Disposition");
      int n = disposition.indexOf("name=\"") + 6;
      parts.put(disposition.substring(n, disposition.indexOf('"', n)), new Part(h, body));
      at = next + 2;
    }
    return parts;
  }

  /** The text fields of a recorded multipart request. */
  static Map<String, String> fields(RecordedRequest r) {
    Map<String, String> out = new LinkedHashMap<>();
    parts(r).forEach((name, p) -> {
      if (p.disposition().contains("filename=")) return;
      out.put(name, p.text());
    });
    return out;
  }
}
