package dev.unigen.provider.openai;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.squareup.moshi.Moshi;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Json;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/** Shared test helpers: a context pointed at a local server, calls, real images, wire readers. */
final class Fixtures {
  /** Starts with "test-key-", which CI looks for in the test logs. */
  static final String KEY = "test-key-openai-0123456789abcdef";
  /** The day the catalog was read. */
  static final Instant TODAY = Instant.parse("2026-11-23T12:00:00Z");

  private Fixtures() {}

  /** A context whose environment holds the key and points the base URL at {@code server}. */
  static ProviderContext context(MockWebServer server) {
    return context(server, Map.of());
  }

  static ProviderContext context(MockWebServer server, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("OPENAI_API_KEY", KEY);
    env.put("UNIGEN_OPENAI_BASE_URL", server.url("/v1").toString());
    env.putAll(extra);
    return contextWith(env);
  }

  /**
   * A context reading {@code env}, on a clock fixed at {@link #TODAY} so that the models OpenAI
   * shuts down on 2026-12-01 stay servable whenever the tests run.
   */
  static ProviderContext contextWith(Map<String, String> env) {
    return ProviderContext.builder()
        .httpClient(HttpCalls.withMarker(new OkHttpClient()))
        .moshi(new Moshi.Builder().build())
        .scheduler(Executors.newScheduledThreadPool(1))
        .environment(env)
        .clock(Clock.fixed(TODAY, ZoneOffset.UTC))
        .build();
  }

  /** A call of {@code request} on the provider's offer for the request's model. */
  static ProviderCall call(OpenAiProvider provider, Request request) {
    Offer offer = provider.catalog().offer(provider.name(), request.model().orElseThrow()).orElseThrow();
    return new ProviderCall(UUID.randomUUID().toString(), request, offer, null, Duration.ofMinutes(2));
  }

  /** Waits for {@code future}; fails the test after ten seconds. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    }
  }

  /** Waits for {@code future} to fail and returns why. */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object v = future.get(10, TimeUnit.SECONDS);
      return fail("expected a failure, got " + v);
    } catch (ExecutionException e) {
      assertTrue(future.isCompletedExceptionally());
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }

  /** A real PNG of {@code w}×{@code h}, as {@code b64_json} carries it. */
  static byte[] png(int w, int h) {
    return encode(w, h, "png");
  }

  /** A real JPEG of {@code w}×{@code h}. */
  static byte[] jpeg(int w, int h) {
    return encode(w, h, "jpeg");
  }

  private static byte[] encode(int w, int h, String format) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(200, 30, 40));
    g.fillRect(0, 0, w / 2, h / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no " + format + " writer");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A JSON answer with {@code code}. */
  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /**
   * An {@code ImagesResponse} as the API reference shows it: {@code created}, {@code data} of
   * {@code b64_json}, the echoed options and the token usage.
   */
  static String imagesResponse(List<byte[]> images, String format, String size, String quality, String usage) {
    StringBuilder b = new StringBuilder("{\"created\":1713833628,\"data\":[");
    for (int i = 0; i < images.size(); i++) {
      if (i > 0) b.append(',');
      b.append("{\"b64_json\":\"").append(b64(images.get(i))).append("\"}");
    }
    b.append("],\"background\":\"opaque\",\"output_format\":\"").append(format).append('"');
    if (size != null) b.append(",\"size\":\"").append(size).append('"');
    if (quality != null) b.append(",\"quality\":\"").append(quality).append('"');
    if (usage != null) b.append(",\"usage\":").append(usage);
    return b.append('}').toString();
  }

  /** The usage object of the API reference's shape. */
  static String usage(long text, long image, long output) {
    return "{\"total_tokens\":" + (text + image + output) + ",\"input_tokens\":" + (text + image) + ",\"output_tokens\":"
        + output + ",\"input_tokens_details\":{\"text_tokens\":" + text + ",\"image_tokens\":" + image + "}}";
  }

  /** The JSON body of a recorded request. */
  static Map<String, Object> jsonBody(RecordedRequest r) {
    return Json.object(Json.parse(r.getBody().utf8()));
  }

  /** One part of a multipart form. */
  static final class Part {
    final Map<String, String> headers;
    final byte[] content;

    Part(Map<String, String> headers, byte[] content) {
      this.headers = headers;
      this.content = content;
    }

    String disposition() { return headers.get("content-disposition"); }
    String type() { return headers.get("content-type"); }
    String text() { return new String(content, StandardCharsets.UTF_8); }

    String name() {
      String d = disposition();
      int i = d.indexOf("name=\"");
      return d.substring(i + 6, d.indexOf('"', i + 6));
    }

    String fileName() {
      String d = disposition();
      int i = d.indexOf("filename=\"");
      return i < 0 ? null : d.substring(i + 10, d.indexOf('"', i + 10));
    }
  }

  /** Splits a recorded multipart/form-data body into its parts, bytes intact. */
  static List<Part> multipart(RecordedRequest r) {
    String contentType = r.getHeaders().get("Content-Type");
    assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
    String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
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
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line : chunk.substring(0, split).split("\r\n")) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
      }
      parts.add(new Part(headers, chunk.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1)));
      at = next + 2;
    }
    return parts;
  }
}
