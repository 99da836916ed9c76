package dev.unigen.provider.leonardo;

import dev.unigen.testkit.TestContext;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import mockwebserver3.MockWebServer;

/**
 * Answers shaped as Leonardo documents them: the v1 create answer of the API reference (its
 * example {@code cost}), the v2 create answer under {@code generate}, {@code generations_by_pk} as
 * the official SDK types it, the error bodies of the "API Error Messages" page, and the webhook
 * delivery of the webhook guide.
 */
final class Fixtures {
  static final String KEY = "test-key-leonardo-6f1d0c2b9a8e7d4c";
  static final String KEY_B = "test-key-leonardo-b-0a1b2c3d4e5f6a7b";
  static final String WEBHOOK_SECRET = "test-key-leonardo-hook-51c0ffee";
  static final String GENERATION = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
  /** Where Leonardo's CDN keeps the outputs of {@link #GENERATION}. */
  private static final String OUTPUTS = "https://cdn.leonardo.ai/users/ef8b8386-94f7-48d1-b10e-e87fd4dee6e6/generations/"
      + GENERATION;
  static final String IMAGE_URL = OUTPUTS + "/Leonardo_Phoenix_10_a_lighthouse_at_dusk_0.jpg";
  static final String VIDEO_URL = OUTPUTS + "/kling_video.mp4";
  static final String PHOENIX = "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3";

  private Fixtures() {}

  static Map<String, String> env(MockWebServer server) {
    return Map.of("LEONARDO_API_KEY", KEY, "UNIGEN_LEONARDO_BASE_URL", server.url("/api/rest").toString());
  }

  /** A provider on {@code server} that does not wait between polls. */
  static LeonardoProvider provider(MockWebServer server) {
    return provider(server, UnaryOperator.identity());
  }

  /** A provider on {@code server} that does not wait between polls, with what {@code setup} adds. */
  static LeonardoProvider provider(MockWebServer server, UnaryOperator<LeonardoProvider.Builder> setup) {
    return setup.apply(LeonardoProvider.builder().pollInterval(Duration.ZERO)).build(TestContext.of(env(server)));
  }

  /** The v1 create answer, as the API reference's example shows it. */
  static String v1Created(String id, String amount, String unit) {
    return "{\"sdGenerationJob\":{\"generationId\":\"" + id + "\",\"apiCreditCost\":null,"
        + "\"cost\":{\"amount\":\"" + amount + "\",\"unit\":\"" + unit + "\"}}}";
  }

  /** A v1 create answer of a legacy key: only the deprecated {@code apiCreditCost}. */
  static String v1CreatedCreditsOnly(String id, int credits) {
    return "{\"sdGenerationJob\":{\"generationId\":\"" + id + "\",\"apiCreditCost\":" + credits + "}}";
  }

  /** The v2 create answer: the same job fields under {@code generate}. */
  static String v2Created(String id, String amount, String unit) {
    return "{\"generate\":{\"generationId\":\"" + id + "\",\"cost\":{\"amount\":\"" + amount + "\",\"unit\":\""
        + unit + "\"}}}";
  }

  static String pending(String id) {
    return "{\"generations_by_pk\":{\"generated_images\":[],\"modelId\":\"" + PHOENIX + "\",\"motion\":null,"
        + "\"motionModel\":null,\"motionStrength\":null,\"prompt\":\"a lighthouse at dusk\",\"negativePrompt\":null,"
        + "\"imageHeight\":832,\"imageToVideo\":null,\"imageWidth\":1472,\"inferenceSteps\":15,\"seed\":905778432,"
        + "\"public\":false,\"scheduler\":\"LEONARDO\",\"sdVersion\":\"PHOENIX\",\"status\":\"PENDING\",\"presetStyle\":null,"
        + "\"initStrength\":null,\"guidanceScale\":null,\"id\":\"" + id + "\",\"createdAt\":\"2026-12-01T10:00:00.000\","
        + "\"promptMagic\":false,\"promptMagicVersion\":null,\"promptMagicStrength\":null,\"photoReal\":false,"
        + "\"photoRealStrength\":null,\"fantasyAvatar\":null,\"generation_elements\":[]}}";
  }

  /** A COMPLETE generation of {@code width}x{@code height} with one image per url; {@code nsfw} flags them all. */
  static String complete(String id, int width, int height, boolean nsfw, String... urls) {
    StringBuilder images = new StringBuilder();
    for (int i = 0; i < urls.length; i++) {
      if (i > 0) images.append(',');
      images.append("{\"url\":\"").append(urls[i]).append("\",\"nsfw\":").append(nsfw)
          .append(",\"id\":\"img-").append(i).append("\",\"likeCount\":0,\"motionMP4URL\":null,")
          .append("\"generated_image_variation_generics\":[]}");
    }
    return "{\"generations_by_pk\":{\"generated_images\":[" + images + "],\"modelId\":\"" + PHOENIX + "\","
        + "\"prompt\":\"a lighthouse at dusk\",\"imageHeight\":" + height + ",\"imageWidth\":" + width + ","
        + "\"seed\":905778432,\"public\":false,\"status\":\"COMPLETE\",\"id\":\"" + id + "\","
        + "\"createdAt\":\"2026-12-01T10:00:00.000\",\"generation_elements\":[]}}";
  }

  /** A COMPLETE video generation: the clip in {@code motionMP4URL}. */
  static String completeVideo(String id, String mp4) {
    return "{\"generations_by_pk\":{\"generated_images\":[{\"url\":null,\"nsfw\":false,\"id\":\"img-0\",\"likeCount\":0,"
        + "\"motionMP4URL\":\"" + mp4 + "\"}],\"prompt\":\"waves\",\"imageHeight\":1080,\"imageWidth\":1920,"
        + "\"status\":\"COMPLETE\",\"id\":\"" + id + "\",\"generation_elements\":[]}}";
  }

  static String failed(String id) {
    return "{\"generations_by_pk\":{\"generated_images\":[],\"status\":\"FAILED\",\"id\":\"" + id + "\","
        + "\"prompt\":\"a lighthouse at dusk\",\"generation_elements\":[]}}";
  }

  static String notFound() {
    return "{\"generations_by_pk\":null}";
  }

  /** A v1 error body, as the "API Error Messages" page shows them. */
  static String error(String message, String code) {
    return "{\"error\":\"" + message.replace("\"", "\\\"") + "\",\"path\":\"$\",\"code\":\"" + code + "\"}";
  }

  /** A v2 error list, GraphQL-style. */
  static String v2Error(String message, String code) {
    return "[{\"message\":\"" + message + "\",\"extensions\":{\"code\":\"" + code + "\",\"details\":{\"message\":\""
        + message + "\"}},\"path\":[\"generate\"]}]";
  }

  /** The init-image answer: a presigned POST to {@code url} with its fields as a JSON string. */
  static String initImage(String id, String url) {
    return "{\"uploadInitImage\":{\"id\":\"" + id + "\",\"url\":\"" + url + "\","
        + "\"fields\":\"{\\\"Content-Type\\\":\\\"image/png\\\",\\\"bucket\\\":\\\"leonardo-init\\\","
        + "\\\"key\\\":\\\"init/" + id + ".png\\\",\\\"Policy\\\":\\\"eyJleHBpcmF0aW9uIjo=\\\"}\","
        + "\"key\":\"init/" + id + ".png\"}}";
  }

  /**
   * The delivery of the webhook guide's example, for generation {@code id} with {@code status}; its
   * {@code apiKey} block repeats the key's record and the webhook key, as Leonardo's does.
   */
  static String delivery(String id, String status, String webhookKey, String... urls) {
    StringBuilder images = new StringBuilder();
    for (int i = 0; i < urls.length; i++) {
      if (i > 0) images.append(',');
      images.append("{\"id\":\"img-").append(i).append("\",\"createdAt\":\"2026-12-01T10:00:06.733Z\",")
          .append("\"updatedAt\":\"2026-12-01T10:00:06.733Z\",\"userId\":\"ef8b8386-94f7-48d1-b10e-e87fd4dee6e6\",")
          .append("\"url\":\"").append(urls[i]).append("\",\"generationId\":\"").append(id).append("\",")
          .append("\"nobgId\":null,\"nsfw\":false,\"likeCount\":0,\"trendingScore\":0,\"public\":false}");
    }
    return "{\"type\":\"image_generation.complete\",\"object\":\"generation\",\"timestamp\":1764583206932,"
        + "\"api_version\":\"v1\",\"data\":{\"object\":{\"id\":\"" + id + "\",\"createdAt\":\"2026-12-01T10:00:02.707Z\","
        + "\"updatedAt\":\"2026-12-01T10:00:06.740Z\",\"userId\":\"ef8b8386-94f7-48d1-b10e-e87fd4dee6e6\","
        + "\"public\":false,\"flagged\":false,\"nsfw\":false,\"status\":\"" + status + "\",\"coreModel\":\"SD\","
        + "\"imageHeight\":832,\"imageWidth\":1472,\"modelId\":\"" + PHOENIX + "\",\"prompt\":\"a lighthouse at dusk\","
        + "\"quantity\":" + urls.length + ",\"tokenCost\":0,\"seed\":\"905778432\",\"apiDollarCost\":\"9\","
        + "\"images\":[" + images + "],\"apiKey\":{\"id\":\"0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9\","
        + "\"createdAt\":\"2026-11-07T00:11:07.274Z\",\"key\":\"" + KEY + "\",\"name\":\"webhook with key\","
        + "\"type\":\"PRODUCTION\",\"webhookCallbackUrl\":\"https://app.example.com/hooks/leonardo\","
        + "\"webhookCallbackApiKey\":\"" + webhookKey + "\"}}}}";
  }
}
