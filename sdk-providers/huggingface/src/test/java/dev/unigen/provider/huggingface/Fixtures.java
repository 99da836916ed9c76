package dev.unigen.provider.huggingface;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestContext;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;

/** The router on a local server, and calls for any endpoint. */
final class Fixtures {
  /** Starts with "test-key-" so that CI can search the test log for a leaked key. */
  static final String KEY = "test-key-hf-0123456789abcdef";

  private Fixtures() {}

  static Map<String, String> env(MockWebServer server) {
    return Map.of("HF_TOKEN", KEY, "UNIGEN_HUGGINGFACE_BASE_URL", server.url("/").toString());
  }

  /** A context whose environment holds the token and points the base URL at {@code server}. */
  static ProviderContext context(MockWebServer server) {
    return TestContext.of(env(server));
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

  static MockResponse image(byte[] bytes, String type) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", type).body(new Buffer().write(bytes)).build();
  }
}
