package dev.unigen.provider.xai;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestContext;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockWebServer;

/** Shared test helpers: a provider pointed at a local server, and answers shaped like xAI's documented ones. */
final class Fixtures {
  /** Starts with "test-key-", which CI looks for in the test logs. */
  static final String KEY = "test-key-xai-0123456789abcdef";
  static final String REQUEST_ID = "a3d1008e-4544-40d4-d075-11527e794e4a";
  /** xAI's answer to an account out of credit: a 429 body in the gRPC-gateway shape. */
  static final String OUT_OF_CREDIT = "{\"code\":\"Some resource has been exhausted\",\"error\":\"Your team 16f2151a has either used all "
      + "available credits or reached its monthly spending limit. To continue making API requests, please purchase more "
      + "credits or raise your spending limit.\"}";

  private Fixtures() {}

  /** The key and the base URL on {@code server}, as a deployment sets them. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of(XaiProvider.KEY_VARIABLE, KEY, "UNIGEN_XAI_BASE_URL", server.url("/v1").toString());
  }

  static ProviderContext context(MockWebServer server) {
    return TestContext.of(env(server));
  }

  static XaiProvider provider(MockWebServer server) {
    return XaiProvider.builder().build(context(server));
  }

  /** A text-to-image request for "a red bicycle" on {@code model}. */
  static Request.Builder imageRequest(String model) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt("a red bicycle");
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code GeneratedImageResponse} with one base64 image and the reported cost. */
  static String imageAnswer(byte[] image, String mimeType, long ticks) {
    return "{\"data\":[{\"b64_json\":\"" + b64(image) + "\",\"mime_type\":\"" + mimeType + "\"}],"
        + "\"usage\":{\"cost_in_usd_ticks\":" + ticks + "}}";
  }

  /** The chat answer of the spec's example, with {@code text} as the content and the reported cost. */
  static String chatAnswer(String text, long ticks) {
    return "{\"id\":\"a3d1008e-4544-40d4-d075-11527e794e4a\",\"object\":\"chat.completion\",\"created\":1752854522,"
        + "\"model\":\"grok-4.3\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
        + "\",\"refusal\":null},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":32,\"completion_tokens\":9,"
        + "\"total_tokens\":135,\"prompt_tokens_details\":{\"text_tokens\":32,\"audio_tokens\":0,\"image_tokens\":0,"
        + "\"cached_tokens\":6},\"completion_tokens_details\":{\"reasoning_tokens\":94,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0},\"num_sources_used\":0,"
        + "\"cost_in_usd_ticks\":" + ticks + "},\"system_fingerprint\":\"fp_3a7881249c\",\"service_tier\":\"default\"}";
  }

  /** {@code StartDeferredResponse}. */
  static String started(String id) {
    return "{\"request_id\":\"" + id + "\"}";
  }

  /** A done video poll, {@code VideoResponse}. */
  static String videoDone(String url, int seconds, boolean respectsModeration, long ticks) {
    return "{\"status\":\"done\",\"video\":{\"url\":" + (respectsModeration ? "\"" + url + "\"" : "null")
        + ",\"duration\":" + seconds + ",\"respect_moderation\":" + respectsModeration + "},\"model\":\"grok-imagine-video\","
        + "\"progress\":100,\"usage\":{\"cost_in_usd_ticks\":" + ticks + "}}";
  }
}
