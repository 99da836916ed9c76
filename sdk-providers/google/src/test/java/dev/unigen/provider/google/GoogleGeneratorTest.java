package dev.unigen.provider.google;

import static dev.unigen.provider.google.Fixtures.KEY;
import static dev.unigen.provider.google.Fixtures.OPERATION;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.WebhookReceiver;
import dev.unigen.assets.AssetStore;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.provider.fal.FalProvider;
import dev.unigen.routing.Strategy;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real Generator: Veo on Google failing over to Veo on fal, a Veo job journaled, polled,
 * downloaded and stored, and a signed webhook that has the job read at once.
 */
class GoogleGeneratorTest {
  private static final String FAL_KEY = "test-key-fal-for-google-failover-0a9b";
  private static final String FAL_REQUEST = "7f3c2b1a-0e9d-4c8b-a7f6-5e4d3c2b1a09";
  @StartStop private final MockWebServer google = TestServers.started();
  @StartStop private final MockWebServer fal = TestServers.started();

  private Generator.Builder generator() {
    return TestGenerators.quick()
        .environment(Map.of("GEMINI_API_KEY", KEY, "UNIGEN_GOOGLE_BASE_URL", google.url("/v1beta").toString(),
            "FAL_KEY", FAL_KEY, "UNIGEN_FAL_BASE_URL", fal.url("/").toString()))
        .provider(ctx -> GoogleProvider.builder().pollInterval(Duration.ZERO).webhookSecret(Fixtures.WEBHOOK_SECRET).build(ctx))
        .provider(ctx -> FalProvider.builder().build(ctx))
        .strategy(Strategy.providerOrder("google", "fal"));
  }

  /** fal's queue answers for a Veo 3.1 request: accepted, completed, the result with the video URL. */
  private void falServesVeo() {
    String base = fal.url("/").toString() + "fal-ai/veo3.1/requests/" + FAL_REQUEST;
    fal.enqueue(json(200, "{\"request_id\":\"" + FAL_REQUEST + "\",\"response_url\":\"" + base + "\",\"status_url\":\""
        + base + "/status\",\"cancel_url\":\"" + base + "/cancel\"}"));
    fal.enqueue(json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + FAL_REQUEST + "\",\"logs\":[],"
        + "\"metrics\":{\"inference_time\":61.2}}"));
    fal.enqueue(json(200, "{\"video\":{\"url\":\"https://v3.fal.media/files/penguin/veo31_out.mp4\","
        + "\"content_type\":\"video/mp4\",\"file_name\":\"veo31_out.mp4\",\"file_size\":3184533}}"));
  }

  @Test
  void veoOnGoogleFailsOverToVeoOnFalWhenGoogleRejectsTheKey() throws Exception {
    google.enqueue(json(400, Fixtures.keyInvalid()));
    falServesVeo();
    try (Generator gen = generator().build()) {
      Generation g = gen.video("veo-3.1").prompt("waves breaking at dusk").duration(Duration.ofSeconds(8)).audio(true)
          .generate();

      assertEquals(List.of("google:FAILED:1", "fal:SUCCEEDED:1"), TestGenerators.attempts(g));
      assertTrue(g.attempts().get(0).reason().startsWith("AuthenticationException"), g.attempts().get(0).reason());
      assertEquals(1, google.getRequestCount(), "a rejected key is not tried again");
      RecordedRequest veoAtGoogle = google.takeRequest();
      assertEquals("/v1beta/models/veo-3.1-generate-preview:predictLongRunning", veoAtGoogle.getUrl().encodedPath());
      RecordedRequest veoAtFal = fal.takeRequest();
      assertEquals("/fal-ai/veo3.1", veoAtFal.getUrl().encodedPath());
      assertNull(veoAtFal.getHeaders().get("x-goog-api-key"), "Google's key never goes to fal");
      assertEquals("https://v3.fal.media/files/penguin/veo31_out.mp4", g.assets().get(0).url().orElseThrow());
      // By hand: fal's veo-3.1, 8 s at 720p with audio, $0.40 a second.
      assertEquals(Money.usd("3.20"), g.cost().actual().orElseThrow());
    }
  }

  @Test
  void anOverloadedVeoIsRetriedThenServedByFal() throws Exception {
    for (int i = 0; i < 3; i++) {
      google.enqueue(json(503, Fixtures.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null)));
    }
    falServesVeo();
    try (Generator gen = generator().build()) {
      Generation g = gen.video("veo-3.1").prompt("waves breaking at dusk").audio(true).generate();

      assertEquals("fal", g.provider(), TestGenerators.attempts(g).toString());
      assertEquals(3, google.getRequestCount(), "a 503 is retried on Google first");
    }
  }

  @Test
  void aVeoJobIsJournaledPolledDownloadedWithTheKeyAndStored(@TempDir Path dir) throws Exception {
    google.enqueue(json(200, Fixtures.operation(OPERATION)));
    google.enqueue(json(200, Fixtures.running(OPERATION)));
    google.enqueue(json(200, Fixtures.done(OPERATION, Fixtures.videoUri(google, "vzfhd8sgq3ek"))));
    google.enqueue(Fixtures.mp4());
    Path journal = Files.createDirectories(dir.resolve("journal"));
    Path assets = Files.createDirectories(dir.resolve("assets"));
    try (JobJournal j = JobJournal.directory(journal);
        Generator gen = generator().journal(j).assetStore(AssetStore.directory(assets)).build()) {
      Generation g = gen.video("veo-3.1").prompt("waves breaking at dusk").resolution("1080p")
          .duration(Duration.ofSeconds(8)).generate();

      assertEquals("google", g.provider());
      assertEquals(OPERATION, g.providerRequestId().orElseThrow());
      // By hand: 8 s at 1080p x $0.40 = $3.20, computed from what was made (Google reports no cost).
      assertEquals(Money.usd("3.20"), g.cost().actual().orElseThrow());
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
      Path stored = g.assets().get(0).file().orElseThrow();
      assertArrayEquals(TestMedia.mp4(), Files.readAllBytes(stored));
      assertTrue(g.warnings().stream().anyMatch(w -> w.contains("always generates audio")), g.warnings().toString());
      String journaled;
      try (Stream<Path> files = Files.list(journal)) {
        journaled = files.map(GoogleGeneratorTest::read).collect(Collectors.joining("\n"));
      }
      assertTrue(journaled.contains(OPERATION), journaled);
      assertFalse(journaled.contains(KEY), "the journal holds no key");
    }
    google.takeRequest();
    google.takeRequest();
    google.takeRequest();
    assertEquals(KEY, google.takeRequest().getHeaders().get("x-goog-api-key"), "the download carries the key");
  }

  @Test
  void aSignedVideoGeneratedWebhookHasTheOperationReadAtOnce() throws Exception {
    google.enqueue(json(200, Fixtures.operation(OPERATION)));
    try (Generator gen = generator().pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      Job<Generation> job = gen.video("veo-3.1").prompt("waves breaking at dusk").submit();
      assertEquals("/v1beta/models/veo-3.1-generate-preview:predictLongRunning", google.takeRequest().getUrl().encodedPath());
      google.enqueue(json(200, Fixtures.done(OPERATION, Fixtures.videoUri(google, "vzfhd8sgq3ek"))));
      google.enqueue(Fixtures.mp4());
      String body = Fixtures.videoGenerated(OPERATION);
      long now = System.currentTimeMillis() / 1000;
      // The submit's answer is read before the delivery can find its job.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      WebhookReceiver.Outcome outcome = WebhookReceiver.Outcome.IGNORED;
      for (int i = 0; outcome != WebhookReceiver.Outcome.ACCEPTED && System.nanoTime() < deadline; i++) {
        outcome = gen.webhooks().receive("google", Fixtures.signed("msg_2lB0c" + i, now, body),
            body.getBytes(StandardCharsets.UTF_8));
        if (outcome != WebhookReceiver.Outcome.ACCEPTED) Thread.sleep(5);
      }

      Generation g = job.await(Duration.ofSeconds(10));

      assertEquals(WebhookReceiver.Outcome.ACCEPTED, outcome);
      assertArrayEquals(TestMedia.mp4(), g.assets().get(0).bytes());
      assertEquals(3, google.getRequestCount(), "the submit, the read the delivery asked for, the download");
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
