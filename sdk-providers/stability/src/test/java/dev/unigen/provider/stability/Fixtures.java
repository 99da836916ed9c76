package dev.unigen.provider.stability;

import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Stability on a local server, and its answers: images, JSON images and errors. */
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
    return TestContext.builder().environment(env).clock(clock).build();
  }

  /** A provider on {@code server} that polls as soon as it is asked to. */
  static StabilityProvider provider(MockWebServer server) {
    return StabilityProvider.builder().pollInterval(Duration.ZERO).build(context(server));
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
}
