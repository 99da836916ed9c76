package dev.unigen.provider.replicate;

import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * Replicate on a local server, and its answers shaped as its API documents them (the prediction
 * object of replicate-python-beta's {@code types/prediction.py} and the recorded create/get
 * exchanges; RFC 7807 problem details for errors).
 */
final class Fixtures {
  static final String KEY = "test-key-replicate-r8-0123456789abcdef";
  static final String KEY_B = "test-key-replicate-b-r8-fedcba9876543210";
  static final String ID = "gm3qorzdhgbfurvjtvhg6dckhu";
  /** The signing key behind {@link #SECRET}, as Replicate hands it out base64-encoded after {@code whsec_}. */
  static final byte[] SECRET_KEY = "a webhook signing key of thirty-two bytes".getBytes(StandardCharsets.UTF_8);
  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(SECRET_KEY);

  private Fixtures() {}

  /** The environment pointing the provider at {@code server}'s {@code /v1}. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of("REPLICATE_API_TOKEN", KEY, "UNIGEN_REPLICATE_BASE_URL", server.url("/v1").toString());
  }

  static ProviderContext context(MockWebServer server) {
    return TestContext.of(env(server));
  }

  static ProviderContext context(Map<String, String> env, Clock clock) {
    return TestContext.builder().environment(env).clock(clock).build();
  }

  static ReplicateProvider provider(MockWebServer server) {
    return ReplicateProvider.builder().build(context(server));
  }

  /** A prediction as Replicate returns it; {@code outputJson} and {@code errorJson} are raw JSON values. */
  static String prediction(String id, String model, String status, String inputJson, String outputJson,
      String errorJson, String logs, String predictTime) {
    boolean done = !status.equals("starting") && !status.equals("processing");
    boolean started = !status.equals("starting") && !status.equals("aborted");
    return "{\n"
        + "  \"id\": \"" + id + "\",\n"
        + "  \"model\": \"" + model + "\",\n"
        + "  \"version\": \"hidden\",\n"
        + "  \"input\": " + inputJson + ",\n"
        + "  \"logs\": " + (logs == null ? "\"\"" : quote(logs)) + ",\n"
        + "  \"output\": " + outputJson + ",\n"
        + "  \"data_removed\": false,\n"
        + "  \"error\": " + errorJson + ",\n"
        + "  \"status\": \"" + status + "\",\n"
        + "  \"created_at\": \"2026-11-23T10:00:00.163Z\",\n"
        + (started ? "  \"started_at\": \"2026-11-23T10:00:01.021446Z\",\n" : "")
        + (done ? "  \"completed_at\": \"2026-11-23T10:00:04.825446Z\",\n" : "")
        + (predictTime != null ? "  \"metrics\": {\"predict_time\": " + predictTime + ", \"total_time\": 4.662},\n" : "")
        + "  \"urls\": {\n"
        + "    \"cancel\": \"https://api.replicate.com/v1/predictions/" + id + "/cancel\",\n"
        + "    \"get\": \"https://api.replicate.com/v1/predictions/" + id + "\",\n"
        + "    \"stream\": \"https://stream.replicate.com/v1/files/qoxq-" + id + "\",\n"
        + "    \"web\": \"https://replicate.com/p/" + id + "\"\n"
        + "  }\n"
        + "}";
  }

  /** A prediction still running, without output. */
  static String pending(String id, String model, String status, String inputJson) {
    return prediction(id, model, status, inputJson, "null", "null", status.equals("processing")
        ? "Using seed: 1234\n 50%|#####     | 14/28 [00:02<00:02,  6.21it/s]" : "", null);
  }

  /** A succeeded prediction with {@code outputJson}. */
  static String succeeded(String id, String model, String inputJson, String outputJson, String predictTime) {
    return prediction(id, model, "succeeded", inputJson, outputJson, "null", "", predictTime);
  }

  /** RFC 7807 problem details, as Replicate answers errors. */
  static MockResponse problem(int code, String title, String detail) {
    String body = "{" + (title != null ? "\"title\":" + quote(title) + "," : "") + "\"detail\":" + quote(detail)
        + ",\"status\":" + code + "}";
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/problem+json").body(body).build();
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** Standard Webhooks headers signing {@code body} with {@link #SECRET_KEY} at {@code timestamp}. */
  static Map<String, List<String>> signed(String webhookId, long timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET_KEY, "HmacSHA256"));
    mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String signature = Base64.getEncoder().encodeToString(mac.doFinal(body));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Webhook-Id", List.of(webhookId));
    headers.put("Webhook-Timestamp", List.of(Long.toString(timestamp)));
    headers.put("Webhook-Signature", List.of("v1,bm90IHRoaXMgb25l v1," + signature));
    return headers;
  }
}
