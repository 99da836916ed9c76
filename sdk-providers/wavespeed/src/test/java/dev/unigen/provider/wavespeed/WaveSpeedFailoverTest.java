package dev.unigen.provider.wavespeed;

import static dev.unigen.provider.wavespeed.Fixtures.KEY;
import static dev.unigen.provider.wavespeed.Fixtures.KEY_B;
import static dev.unigen.provider.wavespeed.Fixtures.TASK;
import static dev.unigen.provider.wavespeed.Fixtures.VIDEO_URL;
import static dev.unigen.provider.wavespeed.Fixtures.completed;
import static dev.unigen.provider.wavespeed.Fixtures.created;
import static dev.unigen.provider.wavespeed.Fixtures.processing;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Attempt;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.routing.Strategy;
import dev.unigen.request.Media;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
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

/** Through a real Generator: failover between two WaveSpeed accounts, a full job, and a job resumed after a restart. */
class WaveSpeedFailoverTest {
  private static final String WAN = "alibaba/wan-2.6/text-to-video";

  @StartStop private final MockWebServer a = new MockWebServer();
  @StartStop private final MockWebServer b = new MockWebServer();

  private Generator.Builder twoAccounts() {
    return TestGenerators.twoAccounts(WaveSpeedProvider::builder, p -> p.pollIntervals(Duration.ZERO, Duration.ZERO),
        Fixtures.env(a), KEY_B, b.url("/"));
  }

  @Test
  void a503FromTheFirstAccountFailsOverToTheSecondWithoutResendingThePost() throws Exception {
    try (Generator gen = twoAccounts().build()) {
      a.enqueue(json(503, "{\"code\":503,\"message\":\"Service Unavailable\"}"));
      b.enqueue(json(200, created(WAN)));
      b.enqueue(json(200, processing(WAN)));
      b.enqueue(json(200, completed(WAN, VIDEO_URL)));

      Generation g = gen.video("wan-2.6").prompt("a lighthouse at dusk").resolution("1080p")
          .duration(Duration.ofSeconds(10)).provider("wavespeed").provider("wavespeed-b").generate();

      assertEquals(List.of("wavespeed:FAILED:1", "wavespeed-b:SUCCEEDED:1"), attempts(g));
      assertEquals(1, a.getRequestCount(), "the submit that failed is not sent again to the same account");
      assertEquals("wavespeed-b", g.provider());
      assertEquals(VIDEO_URL, g.assets().get(0).url().get());
      assertEquals("Bearer " + KEY, a.takeRequest().getHeaders().get("Authorization"));
      RecordedRequest post = b.takeRequest();
      assertEquals("Bearer " + KEY_B, post.getHeaders().get("Authorization"));
      assertEquals("/api/v3/" + WAN, post.getUrl().encodedPath());
      // 10 s x $0.15/s at 1080p, computed from the request (WaveSpeed reports no cost)
      assertEquals(Money.usd("1.50"), g.cost().actual().get());
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
      LedgerEntry last = gen.ledger().entries().get(gen.ledger().entries().size() - 1);
      assertEquals("wavespeed-b", last.provider());
    }
  }

  @Test
  void a401FailsOverAtOnce() {
    try (Generator gen = twoAccounts().strategy(Strategy.providerOrder("wavespeed", "wavespeed-b")).build()) {
      a.enqueue(json(401, "{\"code\":401,\"message\":\"invalid authentication\"}"));
      b.enqueue(json(200, completed("kwaivgi/kling-v2.6-pro/image-to-video", VIDEO_URL)));
      Generation g = gen.video("kling-2.6-pro").prompt("wind").image(Media.url("https://example.com/f.jpg"))
          .provider("wavespeed").provider("wavespeed-b").generate();
      assertEquals(List.of("wavespeed:FAILED:1", "wavespeed-b:SUCCEEDED:1"), attempts(g));
      assertEquals(Attempt.Outcome.FAILED, g.attempts().get(0).outcome());
      assertTrue(g.attempts().get(0).reason().startsWith("AuthenticationException"), g.attempts().get(0).reason());
      // kling-2.6-pro is unpriced on WaveSpeed and WaveSpeed reports no cost
      assertEquals(CostBasis.UNPRICED, g.cost().basis());
    }
  }

  @Test
  void aJobJournaledBeforeARestartIsResumedByPollingNotResubmitting(@TempDir Path dir) throws Exception {
    JobJournal journal = JobJournal.directory(dir);
    Map<String, String> env = Fixtures.env(a);
    try (Generator first = Generator.builder().environment(env).journal(journal)
        .provider(ctx -> WaveSpeedProvider.builder().build(ctx))
        .pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      a.enqueue(json(200, created(WAN)));
      first.video("wan-2.6").prompt("x").resolution("1080p").duration(Duration.ofSeconds(5)).submit();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (journal.list().stream().noneMatch(e -> e.state() == JournalEntry.State.ACCEPTED)
          && System.nanoTime() < deadline) Thread.sleep(5);
    }
    assertEquals(1, a.getRequestCount());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertFalse(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains("test-key-"), "no key in " + f);
      }
    }

    try (Generator second = Generator.builder().environment(env).journal(journal)
        .provider(ctx -> WaveSpeedProvider.builder().pollIntervals(Duration.ZERO, Duration.ZERO).build(ctx))
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10)).build()) {
      a.enqueue(json(200, completed(WAN, VIDEO_URL)));
      List<Job<Generation>> resumed = second.jobs().resume();
      assertEquals(1, resumed.size());
      Generation g = resumed.get(0).await(Duration.ofSeconds(10));
      assertEquals(VIDEO_URL, g.assets().get(0).url().get());
      a.takeRequest();
      RecordedRequest poll = a.takeRequest();
      assertEquals("GET", poll.getMethod(), "resumed by reading the result, not by a new submit");
      assertEquals("/api/v3/predictions/" + TASK + "/result", poll.getUrl().encodedPath());
      // 5 s x $0.15/s at 1080p, from the seconds and resolution kept in the job's attributes
      assertEquals(Money.usd("0.75"), g.cost().actual().get());
    }
  }
}
