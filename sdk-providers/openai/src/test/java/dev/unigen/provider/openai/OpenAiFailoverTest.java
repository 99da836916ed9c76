package dev.unigen.provider.openai;

import static dev.unigen.provider.openai.Fixtures.imagesResponse;
import static dev.unigen.provider.openai.Fixtures.usage;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestGenerators.attempts;
import static dev.unigen.testkit.TestMedia.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover through a real {@link Generator}: the {@code openai} account answers with errors, a
 * second account ({@code openai-b}, same offers and prices, its own server) takes over.
 * Equal prices rank by name, so {@code openai} is tried first.
 */
class OpenAiFailoverTest {
  private static final String BACKUP_KEY = "test-key-backup-9876543210fedcba";
  @TempDir Path dir;
  @StartStop private final MockWebServer primary = TestServers.started();
  @StartStop private final MockWebServer backup = TestServers.started();
  private final Generator gen = TestGenerators.twoAccounts(OpenAiProvider::builder,
      Map.of("OPENAI_API_KEY", Fixtures.KEY, "UNIGEN_OPENAI_BASE_URL", primary.url("/v1").toString()), BACKUP_KEY,
      backup.url("/v1")).build();

  @AfterEach
  void stop() {
    gen.close();
  }

  private static MockResponse ok(int textTokens) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_backup")
        .body(imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(textTokens, 0, 196))).build();
  }

  private static MockResponse error(int code, String type, String codeName, String message) {
    return json(code, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
        + (codeName == null ? "null" : "\"" + codeName + "\"") + "}}");
  }

  private Generation generate() {
    return gen.image("gpt-image-2").prompt("a red bicycle in the rain").size(1024, 1024).quality("low").generate();
  }

  @Test
  void a503IsRetriedThenFailsOverAndTheCostIsComputedFromTokens() throws Exception {
    for (int i = 0; i < 3; i++) primary.enqueue(error(503, "server_error", null, "The engine is currently overloaded"));
    backup.enqueue(ok(9));

    Generation g = generate();

    assertEquals(List.of("openai:FAILED:3", "openai-b:SUCCEEDED:1"), attempts(g));
    assertEquals(3, primary.getRequestCount());
    RecordedRequest r = backup.takeRequest();
    assertEquals("/v1/images/generations", r.getUrl().encodedPath());
    assertEquals("Bearer " + BACKUP_KEY, r.getHeaders().get("Authorization"));
    assertEquals("openai-b", g.provider());
    assertEquals("req_backup", g.providerRequestId().get());
    assertEquals(1024, g.assets().get(0).width().getAsInt());
    // estimate: "a red bicycle in the rain" = 7 tokens x $5 / 1M + 196 x $30 / 1M = 0.000035 + 0.00588
    assertEquals(Money.usd("0.005915"), g.cost().estimate().get());
    // actual from the reported usage: 9 x $5 / 1M + 196 x $30 / 1M = 0.000045 + 0.00588
    assertEquals(Money.usd("0.005925"), g.cost().actual().get());
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
  }

  @Test
  void insufficientQuotaFailsOverAtOnceWithoutRetrying() {
    primary.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "1")
        .body("{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
            + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}").build());
    backup.enqueue(ok(7));

    Generation g = generate();

    assertEquals(List.of("openai:FAILED:1", "openai-b:SUCCEEDED:1"), attempts(g));
    assertEquals(1, primary.getRequestCount(), "out of quota is not a rate limit: never retried");
    assertTrue(g.attempts().get(0).reason().startsWith("InsufficientCreditException"), g.attempts().get(0).reason());
  }

  @Test
  void a401FailsOverAndTheKeyNeverShows() {
    primary.enqueue(error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + Fixtures.KEY + "."));
    backup.enqueue(ok(7));

    Generation g = generate();

    assertEquals(List.of("openai:FAILED:1", "openai-b:SUCCEEDED:1"), attempts(g));
    String reason = g.attempts().get(0).reason();
    assertEquals("AuthenticationException: openai: 401 invalid_api_key: Incorrect API key provided: ***.", reason);
    assertFalse(reason.contains("0123456789"));
  }

  @Test
  void aRateLimitIsWaitedOutOnTheSameAccount() {
    primary.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "20")
        .body("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"param\":null,"
            + "\"code\":\"rate_limit_exceeded\"}}").build());
    primary.enqueue(ok(7));

    Generation g = generate();

    assertEquals(List.of("openai:SUCCEEDED:2"), attempts(g));
    assertEquals(0, backup.getRequestCount());
  }

  @Test
  void moderationStopsWithoutTryingTheBackup() {
    primary.enqueue(error(400, "image_generation_user_error", "moderation_blocked",
        "Your request was rejected by the safety system."));

    assertThrows(ContentModeratedException.class, this::generate);
    assertEquals(0, backup.getRequestCount());
  }

  @Test
  void aTwoHundredWhoseBodyBreaksMayHaveBeenBilled() {
    String body = imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(7, 0, 196));
    primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body)
        .onResponseBody(new SocketEffect.CloseSocket()).build());
    primary.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("<html>upstream timeout</html>").build());
    backup.enqueue(ok(7));
    backup.enqueue(ok(7));

    for (Generation g : List.of(generate(), generate())) {
      // not retried on the account that may have made (and billed) the image, and not recorded as unbilled
      assertEquals("openai:OUTCOME_UNKNOWN:1", attempts(g).get(0));
      assertEquals("openai-b:SUCCEEDED:1", attempts(g).get(1));
    }
    assertEquals(2, primary.getRequestCount());
    List<LedgerEntry> unknown = gen.ledger().entries().stream()
        .filter(e -> e.outcome() == LedgerEntry.Outcome.OUTCOME_UNKNOWN).collect(Collectors.toList());
    assertEquals(2, unknown.size());
    assertTrue(unknown.stream().allMatch(e -> e.provider().equals("openai")));
  }

  @Test
  void anEditRunsThroughTheGeneratorAsAMultipartUpload() throws Exception {
    Path photo = Files.write(dir.resolve("photo.png"), png(1024, 1024));
    Path mask = Files.write(dir.resolve("mask.png"), png(1024, 1024));
    primary.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(12, 1500, 196))));

    Generation g = gen.edit("gpt-image-2").prompt("add a flamingo").image(Media.file(photo)).mask(Media.file(mask))
        .reference(Media.file(photo)).size(1024, 1024).quality("low").generate();

    RecordedRequest r = primary.takeRequest();
    assertEquals("/v1/images/edits", r.getUrl().encodedPath());
    List<String> names = TestRequests.parts(r).stream().map(TestRequests.Part::name).collect(Collectors.toList());
    assertEquals(List.of("model", "prompt", "n", "size", "quality", "image[]", "image[]", "mask"), names);
    // 12 x $5 + 1,500 x $8 + 196 x $30 per 1M = 60 + 12,000 + 5,880 = 17,940 / 1M
    assertEquals(Money.usd("0.01794"), g.cost().actual().get());
  }
}
