package dev.unigen.provider.getimg;

import dev.unigen.testkit.TestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * Answers shaped as GetImg's official SDK types them (getimg-ai/getimg-python, generated from the
 * API v2 OpenAPI spec): the image generation, the video generation in each state, the usage, and
 * the {@code {"error": {...}}} error body.
 */
final class Fixtures {
  static final String KEY = "test-key-getimg-sk-4b7e1f0a9c2d8e6f";
  static final String KEY_B = "test-key-getimg-b-sk-0f9e8d7c6b5a4f3e";
  /** The tests' now; outputs are deleted a day later. */
  static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  static final String DELETES_AT = "2026-12-07T10:00:00Z";
  /** Far enough ahead that outputs are never deleted yet, for the generator's and the contract's system clock. */
  static final String LATER = "2999-01-01T00:00:00Z";
  static final String IMAGE_ID = "gen_9f8e7d6c5b4a";
  static final String VIDEO_ID = "gen_1a2b3c4d5e6f";
  static final String IMAGE_URL = download(IMAGE_ID, "9c1d");
  static final String VIDEO_URL = download(VIDEO_ID, "7a0b");

  private Fixtures() {}

  static Map<String, String> env(MockWebServer server) {
    return Map.of("GETIMG_API_KEY", KEY, "UNIGEN_GETIMG_BASE_URL", server.url("/").toString());
  }

  /** A provider on {@code server}, at {@link #NOW}, that does not wait between polls. */
  static GetImgProvider provider(MockWebServer server) {
    return GetImgProvider.builder().pollInterval(Duration.ZERO)
        .build(TestContext.builder().environment(env(server)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
  }

  /** A signed {@code /v2/downloads} link to the first output of generation {@code id}. */
  private static String download(String id, String signature) {
    return "https://api.getimg.ai/v2/downloads/" + id + "/0?signature=" + signature;
  }

  /** {@code POST /v2/images/generations}: completed at once, with one image and its usage. */
  static String image(String cost, String deletesAt) {
    return "{\"id\":\"" + IMAGE_ID + "\",\"status\":\"completed\",\"model\":\"seedream-5-lite\",\"data\":[{\"url\":\""
        + IMAGE_URL + "\",\"width\":2560,\"height\":1440,\"mime_type\":\"image/png\",\"deletes_at\":\"" + deletesAt
        + "\"}],\"usage\":{\"total_cost\":" + cost + ",\"billable_unit\":\"image\",\"unit_price\":" + cost
        + ",\"quantity\":1}}";
  }

  /** {@code POST /v2/images/generations}: completed and billed, but {@code data} is empty. */
  static String imageWithoutData() {
    return "{\"id\":\"" + IMAGE_ID + "\",\"status\":\"completed\",\"model\":\"seedream-5-lite\",\"data\":[],"
        + "\"usage\":{\"total_cost\":0.03,\"billable_unit\":\"image\",\"unit_price\":0.03,\"quantity\":1}}";
  }

  /** {@code POST /v2/videos/generations}: 202 and a pending generation. */
  static String videoAccepted() {
    return "{\"id\":\"" + VIDEO_ID + "\",\"status\":\"pending\"}";
  }

  static String videoPending() {
    return "{\"id\":\"" + VIDEO_ID + "\",\"status\":\"pending\"}";
  }

  static String videoCompleted(String deletesAt) {
    return "{\"id\":\"" + VIDEO_ID + "\",\"status\":\"completed\",\"model\":\"seedance-v1-pro\",\"data\":[{\"url\":\""
        + VIDEO_URL + "\",\"width\":1920,\"height\":1080,\"duration\":5.0,\"fps\":24.0,\"has_sound\":false,"
        + "\"mime_type\":\"video/mp4\",\"deletes_at\":\"" + deletesAt + "\"}],"
        + "\"usage\":{\"total_cost\":0.75,\"billable_unit\":\"video_second\",\"unit_price\":0.15,\"quantity\":5.0}}";
  }

  static String videoFailed(String code, String message) {
    return "{\"id\":\"" + VIDEO_ID + "\",\"status\":\"failed\",\"error\":{\"code\":\"" + code + "\",\"message\":\""
        + message + "\"}}";
  }

  static String error(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"")
        + "\",\"type\":\"invalid_request_error\"}}";
  }
}
