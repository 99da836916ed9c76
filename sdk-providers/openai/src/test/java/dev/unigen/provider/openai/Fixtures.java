package dev.unigen.provider.openai;

import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/** OpenAI on a local server, on a fixed clock, and the Image API's answers. */
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
    return TestContext.builder().environment(env).clock(Clock.fixed(TODAY, ZoneOffset.UTC)).build();
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
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
}
