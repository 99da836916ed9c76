package dev.unigen.provider.luma;

import dev.unigen.testkit.TestContext;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * Answers shaped as Luma documents them: the Agents API's generation object (luma-agents-python
 * {@code types/generation.py}, docs.agents.lumalabs.ai) and the Dream Machine's (lumaai-api
 * {@code openapi.yaml} and the docs' example response), and both error bodies.
 */
final class Fixtures {
  /** The keys of two Agents accounts, and of a Dream Machine account. */
  static final String KEY = "test-key-luma-agents-0123456789abcdef";
  static final String KEY_B = "test-key-luma-agents-b-fedcba987654";
  static final String DM_KEY = "test-key-lumaai-dream-5a5a5a5a5a5a";
  /** An Agents generation (the id of Luma's API reference) and its outputs, presigned for an hour. */
  static final String GEN = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";
  static final String IMAGE_URL = "https://storage.cdn-luma.com/agents/" + GEN + "/output_0.png?X-Amz-Expires=3600";
  static final String VIDEO_URL = "https://storage.cdn-luma.com/agents/" + GEN + "/output_0.mp4?X-Amz-Expires=3600";
  /** A Dream Machine generation and its assets. */
  static final String DM_GEN = "3ce343aa-5746-4ab3-b167-4e29f83d3f42";
  static final String DM_IMAGE_URL = "https://storage.cdn-luma.com/dream_machine/" + DM_GEN + "/image0.jpg";
  static final String DM_VIDEO_URL = "https://storage.cdn-luma.com/dream_machine/" + DM_GEN + "/video0.mp4";

  private Fixtures() {}

  /** The Agents key in {@code LUMA_AGENTS_API_KEY} and the base URL variable on {@code server}. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of("LUMA_AGENTS_API_KEY", KEY, "UNIGEN_LUMA_BASE_URL", server.url("/v1").toString());
  }

  /** The Dream Machine key in {@code LUMAAI_API_KEY} and its base URL variable on {@code server}. */
  static Map<String, String> dmEnv(MockWebServer server) {
    return Map.of("LUMAAI_API_KEY", DM_KEY, "UNIGEN_LUMA_DREAM_MACHINE_BASE_URL", server.url("/dream-machine/v1").toString());
  }

  static LumaProvider agents(MockWebServer server) {
    return LumaProvider.builder().build(TestContext.of(env(server)));
  }

  static DreamMachineProvider dreamMachine(MockWebServer server) {
    return DreamMachineProvider.builder().build(TestContext.of(dmEnv(server)));
  }

  /** An Agents generation in {@code state}, with no output yet. */
  static String agents(String id, String type, String model, String state) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"model\":\"" + model + "\",\"state\":\"" + state + "\","
        + "\"failure_code\":null,\"failure_reason\":null,\"output\":null,\"created_at\":\"2026-06-08T16:12:02Z\"}";
  }

  /** A completed Agents generation with one output of {@code kind} at {@code url}. */
  static String agentsCompleted(String id, String type, String model, String kind, String url) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"model\":\"" + model + "\",\"state\":\"completed\","
        + "\"failure_code\":null,\"failure_reason\":null,\"output\":[{\"type\":\"" + kind + "\",\"url\":\"" + url + "\"}],"
        + "\"created_at\":\"2026-06-08T16:12:02Z\"}";
  }

  /** A failed Agents generation. */
  static String agentsFailed(String id, String code, String reason) {
    return "{\"id\":\"" + id + "\",\"type\":\"image\",\"model\":\"uni-1\",\"state\":\"failed\",\"failure_code\":\"" + code
        + "\",\"failure_reason\":\"" + reason + "\",\"output\":null,\"created_at\":\"2026-06-08T16:12:02Z\"}";
  }

  /** A Dream Machine generation in {@code state}, as the create calls and GET return it. */
  static String dream(String id, String type, String state, String image, String video, String failure) {
    return "{\"id\":\"" + id + "\",\"generation_type\":\"" + type + "\",\"state\":\"" + state + "\",\"failure_reason\":"
        + (failure == null ? "null" : "\"" + failure + "\"") + ",\"created_at\":\"2024-12-02T15:34:40.388000Z\","
        + "\"assets\":{\"video\":" + quoted(video) + ",\"image\":" + quoted(image) + ",\"progress_video\":null},"
        + "\"model\":\"" + (type.equals("image") ? "photon-v1.0" : "ray-2") + "\",\"request\":{\"prompt\":\"x\"}}";
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  /** Luma's documented error body, {@code {"detail": "..."}}. */
  static String detail(String message) {
    return "{\"detail\":\"" + message.replace("\"", "\\\"") + "\"}";
  }

  /** FastAPI's 422 validation body, {@code {"detail": [{type, loc, msg, input}]}}. */
  static String validation(String field, String msg) {
    return "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"" + field + "\"],\"msg\":\"" + msg + "\",\"input\":null}]}";
  }
}
