package dev.unigen.provider.bfl;

import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestContext;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * BFL on a local server, and payloads shaped like the ones in BFL's API reference (docs.bfl.ai) and
 * recorded exchanges quoted in PROVIDERS.md.
 */
final class Fixtures {
  static final String KEY = "test-key-bfl-0123456789abcdef";
  static final String TASK = "d5ba37dc-ba09-4658-852e-deea7e176439";
  /** A signed delivery URL of the shape BFL returns in result.sample. */
  static final String SAMPLE = "https://delivery-eu1.bfl.ai/results/8f/2d1c0e/sample.jpeg?se=2026-11-23T10%3A10%3A00Z&sp=r&sig=AbCdEf";

  private Fixtures() {}

  /** The key in {@code BFL_API_KEY} and the base URL variable on {@code server}. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of("BFL_API_KEY", KEY, "UNIGEN_BFL_BASE_URL", server.url("/").toString());
  }

  static ProviderContext context(MockWebServer server) {
    return TestContext.of(env(server));
  }

  static BflProvider provider(MockWebServer server) {
    return BflProvider.builder().build(context(server));
  }

  /** BFL's AsyncResponse, with the polling URL on a cluster host as BFL returns it. */
  static String submitted(String id, String cost, String inputMp, String outputMp) {
    return "{\"id\":\"" + id + "\",\"polling_url\":\"https://api.eu2.bfl.ai/v1/get_result?id=" + id + "\""
        + (cost != null ? ",\"cost\":" + cost : "")
        + (inputMp != null ? ",\"input_mp\":" + inputMp : "")
        + (outputMp != null ? ",\"output_mp\":" + outputMp : "") + "}";
  }

  static String pending(String id, String progress) {
    return "{\"id\":\"" + id + "\",\"status\":\"Pending\",\"result\":null,\"progress\":" + progress + "}";
  }

  static String ready(String id, String sample, long seed) {
    return "{\"id\":\"" + id + "\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + sample + "\","
        + "\"prompt\":\"a red bicycle in the rain\",\"seed\":" + Long.toUnsignedString(seed) + ","
        + "\"start_time\":1763892600.12,\"end_time\":1763892604.87,\"duration\":4.75},\"progress\":null,\"details\":null}";
  }

  static String status(String id, String status, String details) {
    return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"result\":null,\"progress\":null"
        + (details != null ? ",\"details\":" + details : "") + "}";
  }
}
