package dev.unigen.provider.runway;

import dev.unigen.testkit.TestContext;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * Answers shaped as Runway documents them: the {@code {id}} of a create call and the task object
 * of each status (runwayml/sdk-python {@code types/task_retrieve_response.py}), and the
 * {@code {error, issues?}} error body (docs.dev.runwayml.com, API errors).
 */
final class Fixtures {
  static final String KEY = "test-key-runway-0123456789abcdef";
  static final String KEY_B = "test-key-runway-b-fedcba987654";
  static final String TASK = "17f20503-6c24-4c16-946b-35dbbce2af2f";
  static final String CREATED = "2026-07-27T20:27:15.000Z";
  static final String VIDEO_URL = "https://dnznrvs05pmza.cloudfront.net/" + TASK + ".mp4?_jwt=abc";
  static final String IMAGE_URL = "https://dnznrvs05pmza.cloudfront.net/" + TASK + ".png?_jwt=abc";

  private Fixtures() {}

  static Map<String, String> env(MockWebServer server) {
    return Map.of("RUNWAYML_API_SECRET", KEY, "UNIGEN_RUNWAY_BASE_URL", server.url("/").toString());
  }

  static RunwayProvider provider(MockWebServer server) {
    return RunwayProvider.builder().build(TestContext.of(env(server)));
  }

  static String created(String id) {
    return "{\"id\":\"" + id + "\"}";
  }

  static String task(String id, String status) {
    return "{\"id\":\"" + id + "\",\"createdAt\":\"" + CREATED + "\",\"status\":\"" + status + "\"}";
  }

  static String running(String id, String progress) {
    return "{\"id\":\"" + id + "\",\"createdAt\":\"" + CREATED + "\",\"status\":\"RUNNING\",\"progress\":" + progress + "}";
  }

  static String succeeded(String id, String... urls) {
    StringBuilder out = new StringBuilder();
    for (String u : urls) out.append(out.length() == 0 ? "" : ",").append('"').append(u).append('"');
    return "{\"id\":\"" + id + "\",\"createdAt\":\"" + CREATED + "\",\"status\":\"SUCCEEDED\",\"output\":[" + out + "]}";
  }

  static String failed(String id, String failure, String code) {
    return "{\"id\":\"" + id + "\",\"createdAt\":\"" + CREATED + "\",\"status\":\"FAILED\",\"failure\":\"" + failure + "\""
        + (code == null ? "" : ",\"failureCode\":\"" + code + "\"") + "}";
  }

  /** Runway's error body: {@code {"error": "..."}}, with validation {@code issues} on a 400. */
  static String error(String message) {
    return "{\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
  }
}
