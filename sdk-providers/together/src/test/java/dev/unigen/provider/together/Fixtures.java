package dev.unigen.provider.together;

import com.squareup.moshi.Moshi;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.Submission;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/** Shared test fixtures: a context on a MockWebServer, real image bytes, and documented payload shapes. */
final class Fixtures {
  /** Starts with "test-key-" so that CI can search the test logs for leaks. */
  static final String KEY = "test-key-together-0123456789abcdef";
  static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1, r -> {
    Thread t = new Thread(r, "together-test-scheduler");
    t.setDaemon(true);
    return t;
  });

  private Fixtures() {}

  /** An environment with the key and UNIGEN_TOGETHER_BASE_URL pointing at {@code server}'s {@code /v1}. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of(TogetherProvider.KEY_VARIABLE, KEY, "UNIGEN_TOGETHER_BASE_URL", server.url("/v1").toString());
  }

  static ProviderContext context(Map<String, String> env) {
    return ProviderContext.builder().httpClient(HttpCalls.withMarker(new OkHttpClient()))
        .moshi(new Moshi.Builder().build()).scheduler(SCHEDULER).environment(env).build();
  }

  static TogetherProvider provider(MockWebServer server) {
    return TogetherProvider.builder().build(context(env(server)));
  }

  /** Runs {@code request} on the provider's offer of the request's model, as the generator would. */
  static Submission submit(TogetherProvider provider, Request request) throws Exception {
    Offer offer = provider.catalog().offer(provider.name(), request.model().get()).orElseThrow();
    return provider.submit(new ProviderCall("call-1", request, offer, null, Duration.ofSeconds(30)))
        .get(20, TimeUnit.SECONDS);
  }

  /** The cause of the failure of {@link #submit}, which must fail. */
  static Throwable failure(TogetherProvider provider, Request request) throws InterruptedException, TimeoutException {
    Offer offer = provider.catalog().offer(provider.name(), request.model().get()).orElseThrow();
    try {
      provider.submit(new ProviderCall("call-1", request, offer, null, Duration.ofSeconds(30))).get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the submit to fail");
  }

  static byte[] png(int width, int height) {
    return encode(width, height, "png", BufferedImage.TYPE_INT_ARGB);
  }

  static byte[] jpeg(int width, int height) {
    return encode(width, height, "jpeg", BufferedImage.TYPE_INT_RGB);
  }

  private static byte[] encode(int width, int height, String format, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 40, 40));
    g.fillRect(0, 0, width / 2, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The OpenAPI ImageResponse shape with ImageResponseDataB64 items. */
  static String b64Response(String model, byte[]... images) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < images.length; i++) {
      if (i > 0) data.append(',');
      data.append("{\"index\":").append(i).append(",\"b64_json\":\"").append(b64(images[i]))
          .append("\",\"type\":\"b64_json\"}");
    }
    return "{\"id\":\"oHpD53L-2kFHot-998e0de9fe14d8a1-SEA\",\"model\":\"" + model + "\",\"object\":\"list\",\"data\":["
        + data + "]}";
  }

  /** The OpenAPI ImageResponse shape with ImageResponseDataUrl items. */
  static String urlResponse(String model, String... urls) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < urls.length; i++) {
      if (i > 0) data.append(',');
      data.append("{\"index\":").append(i).append(",\"url\":\"").append(urls[i]).append("\",\"type\":\"url\"}");
    }
    return "{\"id\":\"91f0a4c5e2-img\",\"model\":\"" + model + "\",\"object\":\"list\",\"data\":[" + data + "]}";
  }

  /** The OpenAPI ErrorData envelope. */
  static String error(String message, String type, String code) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
        + (code == null ? "null" : "\"" + code + "\"") + "}}";
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }
}
