package dev.unigen.provider.huggingface;

import com.squareup.moshi.Moshi;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.Buffer;

/** Shared test set-up: contexts on a MockWebServer, calls for any endpoint, small real images. */
final class Fixtures {
  /** Starts with "test-key-" so that CI can search the test log for a leaked key. */
  static final String KEY = "test-key-hf-0123456789abcdef";

  private Fixtures() {}

  /** A context whose environment holds the token and points the base URL at {@code server}. */
  static ProviderContext context(MockWebServer server, ScheduledExecutorService scheduler) {
    return context(env(server), scheduler);
  }

  static Map<String, String> env(MockWebServer server) {
    Map<String, String> env = new HashMap<>();
    env.put("HF_TOKEN", KEY);
    env.put("UNIGEN_HUGGINGFACE_BASE_URL", server.url("/").toString());
    return env;
  }

  static ProviderContext context(Map<String, String> env, ScheduledExecutorService scheduler) {
    return ProviderContext.builder()
        .httpClient(HttpCalls.withMarker(new OkHttpClient()))
        .moshi(new Moshi.Builder().build())
        .scheduler(scheduler)
        .environment(env)
        .build();
  }

  static ScheduledExecutorService scheduler() {
    return Executors.newScheduledThreadPool(1);
  }

  /** A text-to-image call for {@code endpoint} with a 30 s timeout. */
  static ProviderCall call(String endpoint, Request request) {
    Offer offer = Offer.builder(HuggingFaceProvider.NAME, "flux-schnell").endpoint(endpoint).tasks(Task.TEXT_TO_IMAGE)
        .provenance(LocalDate.of(2026, 11, 23), "test").build();
    return new ProviderCall(UUID.randomUUID().toString(), request, offer, null, Duration.ofSeconds(30));
  }

  static Request.Builder prompt(String prompt) {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt(prompt);
  }

  /** Waits for {@code f}, returning its value or throwing what it failed with (unwrapped). */
  static <T> T await(Future<T> f) throws Throwable {
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
      throw t;
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  static byte[] png(int width, int height) {
    return image(width, height, "png");
  }

  static byte[] jpeg(int width, int height) {
    return image(width, height, "jpg");
  }

  private static byte[] image(int width, int height, String format) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) img.setRGB(x, x % height, 0xFF3366);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse image(byte[] bytes, String type) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", type).body(new Buffer().write(bytes)).build();
  }
}
