package dev.unigen.provider.wavespeed;

import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockWebServer;

/**
 * WaveSpeed on a local server, and answers shaped as WaveSpeed's docs show them (the
 * {@code {code, message, data}} envelope, the prediction fields, the webhook body).
 */
final class Fixtures {
  static final String KEY = "test-key-wavespeed-0123456789abcdef";
  static final String KEY_B = "test-key-wavespeed-b-fedcba9876543210";
  static final String WEBHOOK_SECRET = "whsec_test-key-webhook-5ecret0123";
  static final String TASK = "b3c8f2e1a9d04c6e8f7a2b1c3d4e5f60";
  static final String VIDEO_URL = "https://d1q70pf5vjeyhc.cloudfront.net/predictions/" + TASK + "/1.mp4";

  private Fixtures() {}

  static Map<String, String> env(MockWebServer server) {
    return Map.of("WAVESPEED_API_KEY", KEY, "UNIGEN_WAVESPEED_BASE_URL", server.url("/").toString());
  }

  static ProviderContext context(Map<String, String> env, Clock clock) {
    return TestContext.builder().environment(env).clock(clock).build();
  }

  static ProviderContext context(MockWebServer server) {
    return context(env(server), Clock.systemUTC());
  }

  /** A provider on {@code server} whose poll hints are zero, so tests do not wait. */
  static WaveSpeedProvider provider(MockWebServer server) {
    return WaveSpeedProvider.builder().pollIntervals(Duration.ZERO, Duration.ZERO).build(context(server));
  }

  /**
   * A prediction as WaveSpeed documents it ({@code data} of the envelope, or a webhook body), with
   * {@code urls.get} on api.wavespeed.ai as WaveSpeed sends it.
   */
  static String prediction(String id, String model, String status, List<String> outputs, String error, String extra) {
    StringBuilder s = new StringBuilder("{\"id\":\"").append(id).append("\",\"model\":\"").append(model).append("\",\"outputs\":[");
    for (int i = 0; i < outputs.size(); i++) s.append(i > 0 ? "," : "").append('"').append(outputs.get(i)).append('"');
    s.append("],\"urls\":{\"get\":\"https://api.wavespeed.ai/api/v3/predictions/").append(id).append("/result\"},");
    s.append("\"has_nsfw_contents\":[");
    for (int i = 0; i < outputs.size(); i++) s.append(i > 0 ? "," : "").append("false");
    s.append("],\"status\":\"").append(status).append("\",\"created_at\":\"2026-11-23T10:00:00.123456789Z\",");
    s.append("\"error\":\"").append(error).append('"');
    if (extra != null && !extra.isEmpty()) s.append(',').append(extra);
    return s.append('}').toString();
  }

  /** The success envelope around {@code data}. */
  static String envelope(String data) {
    return "{\"code\":200,\"message\":\"success\",\"data\":" + data + "}";
  }

  static String created(String model) {
    return envelope(prediction(TASK, model, "created", List.of(), "", null));
  }

  static String processing(String model) {
    return envelope(prediction(TASK, model, "processing", List.of(), "", null));
  }

  static String completed(String model, String output) {
    return envelope(prediction(TASK, model, "completed", List.of(output), "",
        "\"executionTime\":41250,\"timings\":{\"inference\":40870}"));
  }

  /** The request body as a map (numbers are BigDecimal). */
  /** Headers of a WaveSpeed webhook delivery signed with {@code secret} at {@code timestamp}. */
  static Map<String, List<String>> signed(String secret, String id, long timestamp, byte[] body) throws Exception {
    String key = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String sig = "v3," + HexFormat.of().formatHex(mac.doFinal(body));
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("webhook-id", List.of(id));
    h.put("webhook-timestamp", List.of(Long.toString(timestamp)));
    h.put("webhook-signature", List.of(sig));
    h.put("Content-Type", List.of("application/json"));
    return h;
  }
}
