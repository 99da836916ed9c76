package dev.unigen.provider.leonardo;

import static dev.unigen.provider.leonardo.Fixtures.GENERATION;
import static dev.unigen.provider.leonardo.Fixtures.IMAGE_URL;
import static dev.unigen.provider.leonardo.Fixtures.KEY;
import static dev.unigen.provider.leonardo.Fixtures.WEBHOOK_SECRET;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ProviderFailureException;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Redactor;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Deliveries to the webhook set on a Production API key: Leonardo adds the key's webhook key as
 * {@code authorization: Bearer <key>} (the webhook guide), and posts the generation as the body.
 */
class LeonardoWebhookTest {
  @StartStop private final MockWebServer server = TestServers.started();

  private LeonardoProvider withSecret() {
    return Fixtures.provider(server, b -> b.webhookSecret(WEBHOOK_SECRET));
  }

  private void submitOne(LeonardoProvider p) {
    server.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS")));
    TestCalls.submit(p, Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("a lighthouse at dusk")
        .size(1472, 832).build());
  }

  private static Map<String, List<String>> bearer(String token) {
    // As Leonardo's sender writes it: lower-case header name.
    return Map.of("content-type", List.of("application/json"), "authorization", List.of("Bearer " + token));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anAuthenticatedCompletionOfASubmittedGenerationEndsTheJobWithTheReportedCost() {
    LeonardoProvider p = withSecret();
    submitOne(p);

    WebhookEvent e = p.webhook(bearer(WEBHOOK_SECRET), bytes(Fixtures.delivery(GENERATION, "COMPLETE", WEBHOOK_SECRET, IMAGE_URL)))
        .orElseThrow();

    assertEquals(GENERATION, e.providerJobId());
    assertEquals(GENERATION + "/COMPLETE", e.deliveryId());
    assertEquals(PollResult.State.SUCCEEDED, e.result().state());
    ProviderOutput out = e.result().output().orElseThrow();
    assertEquals(IMAGE_URL, out.assets().get(0).url().orElseThrow());
    assertEquals(1472, out.assets().get(0).width().getAsInt());
    // The submit's cost, not the delivery's apiDollarCost "9" (which the guide's own sample shows for a 512x512 SD image).
    assertEquals(Money.usd("0.0147"), out.usage().reportedCost().orElseThrow());
    assertEquals(1, server.getRequestCount(), "nothing was polled");
  }

  @Test
  void anAuthenticatedFailureFailsTheJob() {
    LeonardoProvider p = withSecret();

    WebhookEvent e = p.webhook(bearer(WEBHOOK_SECRET), bytes(Fixtures.delivery(GENERATION, "FAILED", WEBHOOK_SECRET)))
        .orElseThrow();

    assertEquals(PollResult.State.FAILED, e.result().state());
    assertInstanceOf(ProviderFailureException.class, e.result().error().orElseThrow());
  }

  @Test
  void anAuthenticatedCompletionOfAGenerationThisInstanceDidNotSubmitOnlyTriggersAPoll() {
    LeonardoProvider p = withSecret();

    WebhookEvent e = p.webhook(bearer(WEBHOOK_SECRET), bytes(Fixtures.delivery(GENERATION, "COMPLETE", WEBHOOK_SECRET, IMAGE_URL)))
        .orElseThrow();

    assertFalse(e.result().isDone());
    assertEquals(Duration.ZERO, e.result().retryAfter().orElseThrow());
  }

  @Test
  void aDeliveryWithoutABearerOnlyTriggersAPollAndItsBodyIsNotTrusted() {
    LeonardoProvider p = withSecret();
    submitOne(p);

    WebhookEvent e = p.webhook(Map.of("content-type", List.of("application/json")),
        bytes(Fixtures.delivery(GENERATION, "COMPLETE", "forged", "https://evil.example/x.jpg"))).orElseThrow();

    assertEquals(PollResult.State.RUNNING, e.result().state());
    assertEquals(Duration.ZERO, e.result().retryAfter().orElseThrow(), "poll at once");
    assertTrue(e.result().output().isEmpty());
    assertEquals(GENERATION + "/COMPLETE/unverified", e.deliveryId());
  }

  @Test
  void withNoSecretConfiguredEveryDeliveryOnlyTriggersAPoll() {
    LeonardoProvider p = Fixtures.provider(server);
    submitOne(p);

    WebhookEvent e = p.webhook(bearer("anything"), bytes(Fixtures.delivery(GENERATION, "COMPLETE", "anything", IMAGE_URL)))
        .orElseThrow();

    assertFalse(e.result().isDone());
  }

  @Test
  void aWrongBearerIsRejectedWithoutEchoingEitherSecret() {
    LeonardoProvider p = withSecret();

    WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> p.webhook(
        bearer("test-key-leonardo-hook-wrong"), bytes(Fixtures.delivery(GENERATION, "COMPLETE", WEBHOOK_SECRET, IMAGE_URL))));

    assertFalse(e.getMessage().contains("test-key-"), e.getMessage());
  }

  @Test
  void aBodyThatIsNotJsonIsRejectedWithoutQuotingIt() {
    LeonardoProvider p = withSecret();

    WebhookRejectedException e = assertThrows(WebhookRejectedException.class,
        () -> p.webhook(bearer(WEBHOOK_SECRET), bytes("apiKey=" + KEY)));

    assertFalse(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void otherEventsAndDeliveriesWithoutAGenerationAreIgnored() {
    LeonardoProvider p = withSecret();
    String other = "{\"type\":\"post_processing.complete\",\"object\":\"variation\",\"data\":{\"object\":{\"id\":\"v-1\"}}}";
    String noId = "{\"type\":\"image_generation.complete\",\"object\":\"generation\",\"data\":{\"object\":{}}}";

    assertTrue(p.webhook(bearer(WEBHOOK_SECRET), bytes(other)).isEmpty());
    assertTrue(p.webhook(bearer(WEBHOOK_SECRET), bytes(noId)).isEmpty());
  }

  @Test
  void theSecretIsReadFromTheEnvironmentAndRedacted() {
    Map<String, String> env = new HashMap<>(Fixtures.env(server));
    env.put("UNIGEN_LEONARDO_WEBHOOK_SECRET", WEBHOOK_SECRET);
    Redactor redactor = new Redactor();
    LeonardoProvider p = LeonardoProvider.builder().build(TestContext.builder().environment(env).redactor(redactor).build());

    WebhookEvent e = p.webhook(bearer(WEBHOOK_SECRET), bytes(Fixtures.delivery(GENERATION, "FAILED", WEBHOOK_SECRET)))
        .orElseThrow();

    assertEquals(PollResult.State.FAILED, e.result().state(), "authenticated with the environment's secret");
    assertFalse(redactor.redact("bearer " + WEBHOOK_SECRET).contains(WEBHOOK_SECRET));
  }
}
