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
  /** The keys of two organizations. */
  static final String KEY = "test-key-runway-0123456789abcdef";
  static final String KEY_B = "test-key-runway-b-fedcba987654";
  /** A task, and its outputs: signed URLs that expire within 24 to 48 hours. */
  static final String TASK = "17f20503-6c24-4c16-946b-35dbbce2af2f";
  static final String VIDEO_URL = "https://dnznrvs05pmza.cloudfront.net/" + TASK + ".mp4?_jwt=abc";
  static final String IMAGE_URL = "https://dnznrvs05pmza.cloudfront.net/" + TASK + ".png?_jwt=abc";

  private Fixtures() {}

  /** The key in {@code RUNWAYML_API_SECRET} and the base URL variable on {@code server}. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of("RUNWAYML_API_SECRET", KEY, "UNIGEN_RUNWAY_BASE_URL", server.url("/").toString());
  }

  static RunwayProvider provider(MockWebServer server) {
    return RunwayProvider.builder().build(TestContext.of(env(server)));
  }

  /** The answer of every create call. */
  static String created(String id) {
    return "{\"id\":\"" + id + "\"}";
  }

  /** A task object in {@code status}, with the fields that status adds ({@code ,"progress":0.5}). */
  static String task(String id, String status, String fields) {
    return "{\"id\":\"" + id + "\",\"createdAt\":\"2026-07-27T20:27:15.000Z\",\"status\":\"" + status + "\"" + fields + "}";
  }

  static String task(String id, String status) {
    return task(id, status, "");
  }

  static String running(String id, String progress) {
    return task(id, "RUNNING", ",\"progress\":" + progress);
  }

  static String succeeded(String id, String... urls) {
    return task(id, "SUCCEEDED", ",\"output\":[" + (urls.length == 0 ? "" : "\"" + String.join("\",\"", urls) + "\"") + "]");
  }

  static String failed(String id, String failure, String code) {
    return task(id, "FAILED", ",\"failure\":\"" + failure + "\"" + (code == null ? "" : ",\"failureCode\":\"" + code + "\""));
  }

  /** Runway's error body: {@code {"error": "..."}}, with validation {@code issues} on a 400. */
  static String error(String message) {
    return "{\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
  }
}
