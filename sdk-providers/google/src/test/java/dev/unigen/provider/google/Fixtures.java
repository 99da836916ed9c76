package dev.unigen.provider.google;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.unigen.GenerationException;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestMedia;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;

/**
 * Answers shaped as the Gemini API gives them: {@code generateContent} answers with
 * {@code candidates[].content.parts[]} ({@code inlineData} images, {@code thought} parts and
 * {@code thoughtSignature}), {@code finishReason}, {@code promptFeedback} and
 * {@code usageMetadata}; Veo's long-running operations (running, done with
 * {@code generateVideoResponse.generatedSamples}, done with {@code raiMediaFilteredReasons}, done
 * with an {@code error}); and the error envelope {@code {error: {code, message, status,
 * details}}}.
 */
final class Fixtures {
  static final String KEY = "test-key-google-4c2e9a7f1b3d5e60";
  static final String KEY_B = "test-key-google-b-8d7c6b5a4f3e2d1c";
  /** A signing secret as the Gemini API hands it out: {@code whsec_} and a base64 key. */
  static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString("test-key-hook-2f9e0d1c".getBytes(UTF_8));
  static final String PRO = "gemini-3-pro-image";
  static final String FLASH = "gemini-3.1-flash-image";
  static final String VEO = "veo-3.1-generate-preview";
  static final String OPERATION = "models/" + VEO + "/operations/3ffyp2q8k5xd";
  static final String OPERATION_ID = "3ffyp2q8k5xd";
  static final String RESPONSE_ID = "uXr0aMbJHqWJ1dkP2qDn0Qk";
  static final String SIGNATURE = "CrEBAdHtim8zYl0Pl1lUBH3n1U6o0n8bVt3l8X5kAq4=";

  private Fixtures() {}

  static final String TEXT_MODEL = "gemini-3-flash";
  static final String TEXT_RESPONSE_ID = "Q4bQaPbRE-yXz7IPsamH8AQ";

  /**
   * A text answer of gemini-3-flash as the docs show one: a thought summary part, then the
   * answer; 31 prompt tokens of which 0 cached, 12 answer tokens and 517 thinking tokens.
   */
  static String textAnswer(String text) {
    return "{\"candidates\":[{\"content\":{\"parts\":["
        + "{\"text\":\"**Picturing the scene**\\nA bicycle, rain, evening light.\",\"thought\":true},"
        + "{\"text\":\"" + text + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":31,\"candidatesTokenCount\":12,\"totalTokenCount\":560,"
        + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":31}],\"thoughtsTokenCount\":517},"
        + "\"modelVersion\":\"gemini-3-flash-preview\",\"responseId\":\"" + TEXT_RESPONSE_ID + "\"}";
  }

  /** The key and the base URL on {@code server}, as a deployment sets them. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of("GEMINI_API_KEY", KEY, "UNIGEN_GOOGLE_BASE_URL", server.url("/v1beta").toString());
  }

  /** A provider on {@code server} that does not wait between polls. */
  static GoogleProvider provider(MockWebServer server) {
    return GoogleProvider.builder().pollInterval(Duration.ZERO).build(TestContext.of(env(server)));
  }

  /** A text-to-image request for "a lighthouse at dusk" on {@code model}. */
  static Request.Builder imageRequest(String model) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt("a lighthouse at dusk");
  }

  /** A text request for "a red bicycle" on {@code model}. */
  static Request.Builder textRequest(String model) {
    return Request.builder(Task.TEXT).model(model).prompt("a red bicycle");
  }

  /** The price rule of {@code p}'s offer of {@code model}. */
  static PriceRule price(GoogleProvider p, String model) {
    return p.catalog().offer(GoogleProvider.NAME, model).orElseThrow().price().orElseThrow();
  }

  /** The output of {@code r} on {@code p}, answered at once. */
  static ProviderOutput output(GoogleProvider p, Request r) {
    return TestCalls.submit(p, r).output().orElseThrow();
  }

  /** What {@code r} on {@code p} failed with. */
  static Throwable failure(GoogleProvider p, Request r) {
    return TestCalls.failure(GenerationException.class, p, r);
  }

  static String png(int width, int height) {
    return Base64.getEncoder().encodeToString(TestMedia.png(width, height));
  }

  /** A {@code generateContent} answer holding one image and no thinking, as Gemini 3.1 Flash Image gives it. */
  static String image(String mimeType, String base64, long imageTokens) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"" + mimeType + "\",\"data\":\""
        + base64 + "\"},\"thoughtSignature\":\"" + SIGNATURE + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":" + imageTokens + ",\"totalTokenCount\":"
        + (12 + imageTokens) + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":12}],"
        + "\"candidatesTokensDetails\":[{\"modality\":\"IMAGE\",\"tokenCount\":" + imageTokens + "}]},"
        + "\"modelVersion\":\"" + FLASH + "\",\"responseId\":\"" + RESPONSE_ID + "\"}";
  }

  /**
   * A Gemini 3 Pro Image answer: a thought (text and an interim image, both {@code thought: true}),
   * then the final image with its thought signature and a line of text; 64-bit token counts.
   */
  static String thinkingImage(String finalBase64, String interimBase64) {
    return "{\"candidates\":[{\"content\":{\"parts\":["
        + "{\"text\":\"**Composing the scene**\\nI am placing the lighthouse on the left third.\",\"thought\":true},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + interimBase64 + "\"},\"thought\":true},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + finalBase64 + "\"},\"thoughtSignature\":\"" + SIGNATURE + "\"},"
        + "{\"text\":\"A lighthouse at dusk.\"}"
        + "],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":4294967301,\"candidatesTokenCount\":1126,\"totalTokenCount\":4294968717,"
        + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":4294967296},{\"modality\":\"IMAGE\",\"tokenCount\":5}],"
        + "\"candidatesTokensDetails\":[{\"modality\":\"IMAGE\",\"tokenCount\":1120},{\"modality\":\"TEXT\",\"tokenCount\":6}],"
        + "\"thoughtsTokenCount\":290},"
        + "\"modelVersion\":\"" + PRO + "\",\"responseId\":\"" + RESPONSE_ID + "\"}";
  }

  /** A 200 without an image: the candidate ends with {@code finishReason} and no content, as for a withheld image. */
  static String noImage(String finishReason) {
    return "{\"candidates\":[{\"finishReason\":\"" + finishReason + "\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":1300,\"totalTokenCount\":1300,"
        + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":1300}]},"
        + "\"modelVersion\":\"" + FLASH + "\",\"responseId\":\"" + RESPONSE_ID + "\"}";
  }

  /** A 200 whose only part is text: the model answered in words instead of drawing. */
  static String textOnly(String text) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":20,"
        + "\"totalTokenCount\":29},\"modelVersion\":\"" + FLASH + "\",\"responseId\":\"" + RESPONSE_ID + "\"}";
  }

  /** A prompt blocked before generation: {@code promptFeedback.blockReason} and no candidates. */
  static String blocked(String reason) {
    return "{\"promptFeedback\":{\"blockReason\":\"" + reason + "\"},\"usageMetadata\":{\"promptTokenCount\":8,"
        + "\"totalTokenCount\":8},\"modelVersion\":\"" + FLASH + "\",\"responseId\":\"" + RESPONSE_ID + "\"}";
  }

  /** The answer to {@code predictLongRunning}: the operation's name. */
  static String operation(String name) {
    return "{\"name\":\"" + name + "\"}";
  }

  /** A read of an operation still running: its name, no {@code done}. */
  static String running(String name) {
    return "{\"name\":\"" + name + "\"}";
  }

  /** A done operation with one video at {@code uri}. */
  static String done(String name, String uri) {
    return "{\"name\":\"" + name + "\",\"done\":true,\"response\":{\"@type\":"
        + "\"type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse\","
        + "\"generateVideoResponse\":{\"generatedSamples\":[{\"video\":{\"uri\":\"" + uri + "\"}}]}}}";
  }

  /** A done operation whose video Google's filter withheld: no sample, the count and the reasons. */
  static String filtered(String name) {
    return "{\"name\":\"" + name + "\",\"done\":true,\"response\":{\"@type\":"
        + "\"type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse\","
        + "\"generateVideoResponse\":{\"raiMediaFilteredCount\":1,\"raiMediaFilteredReasons\":[\"We encountered an issue "
        + "with the audio for your prompt. You will not be charged for this request. Please try changing your prompt "
        + "and re-submitting.\"]}}}";
  }

  /** A done operation that failed, with a {@code google.rpc.Status}. */
  static String failed(String name, int grpcCode, String message) {
    return "{\"name\":\"" + name + "\",\"done\":true,\"error\":{\"code\":" + grpcCode + ",\"message\":\"" + message + "\"}}";
  }

  /** The Files API download URI of a video on {@code server}. */
  static String videoUri(MockWebServer server, String file) {
    return server.url("/v1beta/files/" + file + ":download").newBuilder().addQueryParameter("alt", "media").build().toString();
  }

  static MockResponse mp4() {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "video/mp4")
        .body(new Buffer().write(TestMedia.mp4())).build();
  }

  /** The error envelope: {@code {error: {code, message, status, details}}}. */
  static String error(int code, String status, String message, String details) {
    return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message.replace("\"", "\\\"") + "\",\"status\":\"" + status
        + "\"" + (details == null ? "" : ",\"details\":" + details) + "}}";
  }

  /** The canonical status Google gives with each HTTP code. */
  static String status(int code) {
    switch (code) {
      case 400: return "INVALID_ARGUMENT";
      case 401: return "UNAUTHENTICATED";
      case 403: return "PERMISSION_DENIED";
      case 404: return "NOT_FOUND";
      case 429: return "RESOURCE_EXHAUSTED";
      case 500: return "INTERNAL";
      case 503: return "UNAVAILABLE";
      case 504: return "DEADLINE_EXCEEDED";
      default: return "UNKNOWN";
    }
  }

  /** A rejected key, as the Gemini API answers it: 400 with the ErrorInfo reason API_KEY_INVALID. */
  static String keyInvalid() {
    return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
        "[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
            + "\"domain\":\"googleapis.com\",\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.LocalizedMessage\",\"locale\":\"en-US\","
            + "\"message\":\"API key not valid. Please pass a valid API key.\"}]");
  }

  /** A quota 429 with its wait in a RetryInfo detail. */
  static String quota(String retryDelay) {
    return error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.",
        "[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaMetric\":"
            + "\"generativelanguage.googleapis.com/generate_content_paid_tier_requests\",\"quotaId\":"
            + "\"GenerateRequestsPerMinutePerProjectPerModel\",\"quotaValue\":\"20\"}]},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + retryDelay + "\"}]");
  }

  /** Standard Webhooks headers signing {@code body} with {@link #WEBHOOK_SECRET} at {@code epochSeconds}. */
  static Map<String, List<String>> signed(String id, long epochSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(WEBHOOK_SECRET.substring(6)), "HmacSHA256"));
      byte[] sig = mac.doFinal((id + "." + epochSeconds + "." + body).getBytes(UTF_8));
      return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(String.valueOf(epochSeconds)),
          "webhook-signature", List.of("v1," + Base64.getEncoder().encodeToString(sig)));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A {@code video.generated} delivery naming {@code operation}. */
  static String videoGenerated(String operation) {
    return "{\"type\":\"video.generated\",\"version\":\"v1\",\"timestamp\":\"2026-12-06T10:00:00Z\","
        + "\"data\":{\"id\":\"" + operation + "\"}}";
  }
}
