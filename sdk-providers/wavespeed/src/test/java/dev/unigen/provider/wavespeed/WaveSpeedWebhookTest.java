package dev.unigen.provider.wavespeed;

import static dev.unigen.provider.wavespeed.Fixtures.TASK;
import static dev.unigen.provider.wavespeed.Fixtures.VIDEO_URL;
import static dev.unigen.provider.wavespeed.Fixtures.WEBHOOK_SECRET;
import static dev.unigen.provider.wavespeed.Fixtures.signed;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.WebhookReceiver;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.Usage;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.testkit.StartStop;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Webhook deliveries signed as WaveSpeed signs them: HMAC-SHA256 over id.timestamp.body, keyed by the secret after whsec_. */
class WaveSpeedWebhookTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String WAN = "alibaba/wan-2.6/text-to-video";

  @StartStop private final MockWebServer server = new MockWebServer();

  /** A delivery body as the webhook docs show it: the prediction with its input. */
  private static byte[] delivery(String status, List<String> outputs, String error, String extra) {
    String input = "\"input\":{\"prompt\":\"a lighthouse at dusk\",\"size\":\"1920*1080\",\"duration\":10}";
    String body = Fixtures.prediction(TASK, WAN, status, outputs, error, extra == null ? input : input + "," + extra);
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private WaveSpeedProvider provider(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(Fixtures.env(server));
    env.putAll(extraEnv);
    return WaveSpeedProvider.builder().build(Fixtures.context(env, Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @Test
  void aSignedCompletedDeliveryIsTheJobsOutput() throws Exception {
    WaveSpeedProvider p = provider(Map.of("UNIGEN_WAVESPEED_WEBHOOK_SECRET", WEBHOOK_SECRET));
    byte[] body = delivery("completed", List.of(VIDEO_URL), "", null);
    WebhookEvent e = p.webhook(signed(WEBHOOK_SECRET, "msg_2k9", NOW.getEpochSecond(), body), body).orElseThrow();
    assertEquals("msg_2k9", e.deliveryId());
    assertEquals(TASK, e.providerJobId());
    assertEquals(PollResult.State.SUCCEEDED, e.result().state());
    assertEquals(VIDEO_URL, e.result().output().get().assets().get(0).url().get());
    Usage u = e.result().output().get().usage();
    assertEquals(0, BigDecimal.TEN.compareTo(u.outputSeconds().get()), "read from the echoed input");
    assertEquals("1080p", u.resolution().get());
  }

  @Test
  void aFailedDeliveryCarriesTheTypedError() throws Exception {
    WaveSpeedProvider p = WaveSpeedProvider.builder().webhookSecret(WEBHOOK_SECRET)
        .build(Fixtures.context(Fixtures.env(server), Clock.fixed(NOW, ZoneOffset.UTC)));
    byte[] body = delivery("failed", List.of(), "The content contains sensitive information.", "\"code\":1200");
    WebhookEvent e = p.webhook(signed(WEBHOOK_SECRET, "msg_1", NOW.getEpochSecond(), body), body).orElseThrow();
    assertInstanceOf(ContentModeratedException.class, e.result().error().get());
  }

  @Test
  void forgedStaleOrUnsignedDeliveriesAreRejected() throws Exception {
    WaveSpeedProvider p = provider(Map.of("UNIGEN_WAVESPEED_WEBHOOK_SECRET", WEBHOOK_SECRET));
    byte[] body = delivery("completed", List.of(VIDEO_URL), "", null);
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace(VIDEO_URL, "https://evil.example.com/x.mp4")
        .getBytes(StandardCharsets.UTF_8);
    assertThrows(WebhookRejectedException.class,
        () -> p.webhook(signed(WEBHOOK_SECRET, "msg_1", NOW.getEpochSecond(), body), tampered));
    assertThrows(WebhookRejectedException.class,
        () -> p.webhook(signed("whsec_another-secret", "msg_1", NOW.getEpochSecond(), body), body));
    assertThrows(WebhookRejectedException.class,
        () -> p.webhook(signed(WEBHOOK_SECRET, "msg_1", NOW.getEpochSecond() - 301, body), body));
    assertThrows(WebhookRejectedException.class, () -> p.webhook(Map.of(), body));
  }

  @Test
  void withoutASecretNothingIsAccepted() throws Exception {
    WaveSpeedProvider p = provider(Map.of());
    byte[] body = delivery("completed", List.of(VIDEO_URL), "", null);
    WebhookRejectedException e = assertThrows(WebhookRejectedException.class,
        () -> p.webhook(signed(WEBHOOK_SECRET, "msg_1", NOW.getEpochSecond(), body), body));
    assertTrue(e.getMessage().contains("UNIGEN_WAVESPEED_WEBHOOK_SECRET"), e.getMessage());
    assertFalse(e.getMessage().contains("test-key-"));
  }

  @Test
  void throughAGeneratorTheDeliveryCompletesTheJobWithoutAPoll() throws Exception {
    Map<String, String> env = new HashMap<>(Fixtures.env(server));
    env.put("UNIGEN_WAVESPEED_WEBHOOK_SECRET", WEBHOOK_SECRET);
    try (Generator gen = Generator.builder().environment(env)
        .provider(ctx -> WaveSpeedProvider.builder().webhookUrl("https://hooks.example.com/unigen/wavespeed").build(ctx))
        .journal(JobJournal.inMemory())
        .pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5))
        .build()) {
      server.enqueue(json(200, Fixtures.created(WAN)));
      Job<Generation> job = gen.video("wan-2.6").prompt("a lighthouse at dusk").resolution("1080p")
          .duration(Duration.ofSeconds(10)).submit();
      RecordedRequest post = server.takeRequest();
      assertEquals("https://hooks.example.com/unigen/wavespeed", post.getUrl().queryParameter("webhook"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (gen.jobs().journal().list().stream().noneMatch(e -> e.state() == JournalEntry.State.ACCEPTED)
          && System.nanoTime() < deadline) Thread.sleep(5);

      byte[] body = delivery("completed", List.of(VIDEO_URL), "", null);
      long ts = Instant.now().getEpochSecond();
      Map<String, List<String>> headers = signed(WEBHOOK_SECRET, "msg_9f2", ts, body);
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, gen.webhooks().receive("wavespeed", headers, body));
      Generation g = job.await(Duration.ofSeconds(10));
      assertEquals(VIDEO_URL, g.assets().get(0).url().get());
      assertEquals(1, server.getRequestCount(), "no result read: the webhook completed the job");
      // 10 s x $0.15/s at 1080p
      assertEquals(Money.usd("1.50"), g.cost().actual().get());
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
      assertEquals(WebhookReceiver.Outcome.DUPLICATE, gen.webhooks().receive("wavespeed", headers, body));
    }
  }
}
