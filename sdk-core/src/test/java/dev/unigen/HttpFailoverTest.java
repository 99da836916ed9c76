package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failover over real HTTP: two local servers speaking the test provider's protocol. */
class HttpFailoverTest {
  private static final String ALPHA_KEY = "test-key-alpha-0123456789";
  private static final String BETA_KEY = "test-key-beta-9876543210";

  private MockWebServer alpha;
  private MockWebServer beta;
  private Generator gen;

  @BeforeEach
  void start() throws Exception {
    alpha = new MockWebServer();
    beta = new MockWebServer();
    alpha.start();
    beta.start();
    gen = Generator.builder()
        .environment(Map.of("ALPHA_KEY", ALPHA_KEY, "BETA_KEY", BETA_KEY,
            "UNIGEN_ALPHA_BASE_URL", alpha.url("/").toString(), "UNIGEN_BETA_BASE_URL", beta.url("/").toString()))
        .provider(ctx -> new HttpTestProvider("alpha", "https://alpha.invalid", ctx))
        .provider(ctx -> new HttpTestProvider("beta", "https://beta.invalid", ctx))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .allowLoopbackDownloads(true)
        .build();
  }

  @AfterEach
  void stop() {
    gen.close();
    alpha.close();
    beta.close();
  }

  private static MockResponse ok(MockWebServer server, int images) {
    StringBuilder b = new StringBuilder("{\"id\":\"req-9\",\"images\":[");
    for (int i = 0; i < images; i++) {
      if (i > 0) b.append(',');
      b.append("{\"url\":\"").append(server.url("/files/" + i + ".png")).append("\",\"width\":1024,\"height\":1024}");
    }
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(b.append("]}").toString()).build();
  }

  private static MockResponse error(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static List<String> outcomes(Generation g) {
    return g.attempts().stream().map(a -> a.provider() + ":" + a.outcome() + ":" + a.tries()).collect(Collectors.toList());
  }

  @Test
  void sendsTheRequestAsTheProtocolSays() throws Exception {
    alpha.enqueue(ok(alpha, 2));
    Generation g = gen.image("flux-schnell").prompt("a red bicycle").count(2).generate();
    RecordedRequest r = alpha.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/images", r.getUrl().encodedPath());
    assertEquals("Bearer " + ALPHA_KEY, r.getHeaders().get("Authorization"));
    assertEquals(g.attempts().size(), 1);
    assertEquals("{\"prompt\":\"a red bicycle\",\"n\":2}", r.getBody().utf8());
    assertEquals(Money.usd("0.002"), g.cost().actual().get());
    assertEquals("req-9", g.providerRequestId().get());
  }

  @Test
  void a503IsRetriedOnTheSameProvider() throws Exception {
    alpha.enqueue(error(503, "{\"error\":{\"message\":\"overloaded\"}}"));
    alpha.enqueue(ok(alpha, 1));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("alpha:SUCCEEDED:2"), outcomes(g));
    assertEquals(2, alpha.getRequestCount());
    assertEquals(0, beta.getRequestCount());
  }

  @Test
  void a401FailsOverAndTheKeyNeverShows() throws Exception {
    alpha.enqueue(error(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + ALPHA_KEY + "\"}}"));
    beta.enqueue(ok(beta, 1));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("alpha:FAILED:1", "beta:SUCCEEDED:1"), outcomes(g));
    String reason = g.attempts().get(0).reason();
    assertEquals("AuthenticationException: alpha: 401 Incorrect API key provided: ***", reason);
    assertFalse(reason.contains("0123456789"));
    assertEquals("Bearer " + BETA_KEY, beta.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void a429IsRetriedAfterItsRetryAfter() {
    alpha.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "30")
        .body("{\"error\":{\"message\":\"slow down\"}}").build());
    alpha.enqueue(ok(alpha, 1));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("alpha:SUCCEEDED:2"), outcomes(g));
  }

  @Test
  void aConnectionLostAfterSendingIsNeverResent() throws Exception {
    alpha.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    beta.enqueue(ok(beta, 1));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("alpha:OUTCOME_UNKNOWN:1", "beta:SUCCEEDED:1"), outcomes(g));
    assertEquals(1, alpha.getRequestCount(), "the POST must not be sent twice");
    assertTrue(g.attempts().get(0).reason().contains("may have been accepted"), g.attempts().get(0).reason());
  }

  @Test
  void aServerThatIsDownFailsOverAfterSafeRetries() throws Exception {
    alpha.close();
    beta.enqueue(ok(beta, 1));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    // the connection was refused before anything was sent: safe to retry, then fail over
    assertEquals(List.of("alpha:FAILED:3", "beta:SUCCEEDED:1"), outcomes(g));
  }

  @Test
  void twoHundredWithoutImagesFailsOver() {
    alpha.enqueue(new MockResponse.Builder().code(200).body("{\"id\":\"x\",\"images\":[]}").build());
    beta.enqueue(ok(beta, 1));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("alpha:FAILED:1", "beta:SUCCEEDED:1"), outcomes(g));
    assertTrue(g.attempts().get(0).error().get() instanceof NoOutputException);
  }

  @Test
  void aRejectedRequestIsNotSentElsewhere() {
    alpha.enqueue(error(422, "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"too long\",\"type\":\"value_error\"}]}"));
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> gen.image("flux-schnell").prompt("x").generate());
    assertEquals("alpha: 422 [body, prompt]: too long", e.getMessage());
    assertEquals(0, beta.getRequestCount());
  }

  @Test
  void assetsDownloadFromTheProvidersUrl(@TempDir Path dir) throws Exception {
    alpha.enqueue(ok(alpha, 1));
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    alpha.enqueue(new MockResponse.Builder().code(200).body("PNGDATA").build());
    Path saved = g.assets().get(0).saveTo(dir.resolve("bike.png"));
    assertEquals("PNGDATA", Files.readString(saved));
    alpha.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/files/0.png", alpha.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
  }
}
