package dev.unigen.provider.together;

import dev.unigen.request.Request;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockWebServer;

/** Shared test fixtures: Together on a MockWebServer, and its documented payload shapes. */
final class Fixtures {
  /** Starts with "test-key-" so that CI can search the test logs for leaks. */
  static final String KEY = "test-key-together-0123456789abcdef";

  private Fixtures() {}

  /** An environment with the key and UNIGEN_TOGETHER_BASE_URL pointing at {@code server}'s {@code /v1}. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of(TogetherProvider.KEY_VARIABLE, KEY, "UNIGEN_TOGETHER_BASE_URL", server.url("/v1").toString());
  }

  static TogetherProvider provider(MockWebServer server) {
    return TogetherProvider.builder().build(TestContext.of(env(server)));
  }

  /** Runs {@code request} on the provider's offer of the request's model, as the generator would. */
  static Submission submit(TogetherProvider provider, Request request) {
    return TestCalls.await(provider.submit(TestCalls.call(provider, request)));
  }

  /** The cause of the failure of {@link #submit}, which must fail. */
  static Throwable failure(TogetherProvider provider, Request request) {
    return TestCalls.failure(provider.submit(TestCalls.call(provider, request)));
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
}
