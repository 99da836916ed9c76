package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.Usage;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Every status {@code GET /v1/get_result} documents, polled as a resumed job would be: from a
 * {@link JobRef} holding only what the journal keeps.
 */
class BflPollTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final BflProvider provider = Fixtures.provider(server);

  /** A FLUX.2 [pro] job as the submit journaled it: 1024×1024 out, one 1 MP reference in, 4.5 credits. */
  private JobRef job() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("endpoint", "flux-2-pro");
    a.put("width", "1024");
    a.put("height", "1024");
    a.put("format", "jpeg");
    a.put("cost", "4.5");
    a.put("inputMp", "1.0");
    a.put("outputMp", "1.0");
    a.put("inputs", "1");
    return JobRef.of("bfl", Fixtures.TASK, "https://api.us1.bfl.ai/v1/get_result?id=" + Fixtures.TASK, null, a);
  }

  private PollResult poll(String body) {
    server.enqueue(TestCalls.json(200, body));
    return TestCalls.await(provider.poll(job()));
  }

  @Test
  void pollsThePathAndQueryOfThePollingUrlWithTheKey() throws Exception {
    poll(Fixtures.pending(Fixtures.TASK, "null"));
    RecordedRequest r = TestRequests.take(server);
    assertEquals("GET", r.getMethod());
    assertEquals("/v1/get_result", r.getUrl().encodedPath());
    assertEquals(Fixtures.TASK, r.getUrl().queryParameter("id"));
    assertEquals(Fixtures.KEY, r.getHeaders().get("x-key"));
    assertEquals("application/json", r.getHeaders().get("accept"));
  }

  @Test
  void pendingIsQueuedUntilBflReportsProgress() {
    PollResult queued = poll(Fixtures.pending(Fixtures.TASK, "null"));
    assertEquals(PollResult.State.QUEUED, queued.state());
    assertEquals("Pending", queued.progress().orElseThrow().state().orElseThrow());

    PollResult running = poll(Fixtures.pending(Fixtures.TASK, "0.42"));
    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals(42, running.progress().orElseThrow().percent().getAsInt());
  }

  @Test
  void readyGivesTheSignedSampleUrlTheSeedAndTheReportedCost() {
    PollResult done = poll(Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 1234567890123L));
    assertEquals(PollResult.State.SUCCEEDED, done.state());
    ProviderOutput out = done.output().orElseThrow();
    Asset image = out.assets().get(0);
    assertEquals(Fixtures.SAMPLE, image.url().orElseThrow());
    assertEquals("image/jpeg", image.mediaType());
    assertEquals(1024, image.width().getAsInt());
    assertEquals(1234567890123L, image.seed().getAsLong());
    assertEquals(Fixtures.TASK, out.providerRequestId().orElseThrow());

    Usage u = out.usage();
    assertEquals(new BigDecimal("1.0"), u.outputMegapixels().orElseThrow());
    assertEquals(new BigDecimal("1.0"), u.inputMegapixels().orElseThrow());
    assertEquals(1, u.references());
    // By hand: 4.5 credits reported at submit × $0.01 = $0.045.
    assertEquals(Money.usd("0.045"), u.reportedCost().orElseThrow());
    Offer pro = provider.catalog().offer("bfl", "flux-2-pro").orElseThrow();
    Charge charge = pro.price().orElseThrow().actual(u);
    assertEquals(CostBasis.REPORTED, charge.basis());
    assertEquals(Money.usd("0.045"), charge.amount().orElseThrow());
  }

  @Test
  void withoutAReportedCostTheActualIsComputedFromWhatWasProduced() {
    Map<String, String> a = new LinkedHashMap<>(job().attributes());
    a.remove("cost");
    server.enqueue(TestCalls.json(200, Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 7)));
    PollResult done = TestCalls.await(provider.poll(JobRef.of("bfl", Fixtures.TASK, null, null, a)));
    Usage u = done.output().orElseThrow().usage();
    Charge charge = provider.catalog().offer("bfl", "flux-2-pro").orElseThrow().price().orElseThrow().actual(u);
    // By hand: 1024×1024 is 1 MP on 2^20 → 3 credits, plus the reported 1.0 input MP × 1.5 = 4.5 credits = $0.045.
    assertEquals(CostBasis.COMPUTED, charge.basis());
    assertEquals(Money.usd("0.045"), charge.amount().orElseThrow());
  }

  @Test
  void aPngSampleIsAPng() {
    PollResult done = poll(Fixtures.ready(Fixtures.TASK, "https://delivery-us1.bfl.ai/results/x/sample.png?sig=1", 1));
    assertEquals("image/png", done.output().orElseThrow().assets().get(0).mediaType());
  }

  @Test
  void bothModerationStatusesFailWithContentModerated() {
    PollResult request = poll(Fixtures.status(Fixtures.TASK, "Request Moderated",
        "{\"Moderation Reasons\":[\"Derivative Works Filter\"]}"));
    assertEquals(PollResult.State.FAILED, request.state());
    ContentModeratedException e = assertInstanceOf(ContentModeratedException.class, request.error().orElseThrow());
    assertTrue(e.getMessage().contains("Request Moderated"), e.getMessage());
    assertTrue(e.getMessage().contains("Derivative Works Filter"), e.getMessage());

    PollResult content = poll(Fixtures.status(Fixtures.TASK, "Content Moderated", null));
    assertInstanceOf(ContentModeratedException.class, content.error().orElseThrow());
  }

  @Test
  void errorAndFailedEndTheJobWithoutRetryingHere() {
    for (String status : new String[] {"Error", "Failed"}) {
      PollResult r = poll(Fixtures.status(Fixtures.TASK, status, "\"internal error\""));
      ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, r.error().orElseThrow());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("ended with status " + status), e.getMessage());
    }
  }

  @Test
  void taskNotFoundRightAfterTheSubmitIsWaitedOutThenReady() {
    PollResult first = poll(Fixtures.status(Fixtures.TASK, "Task not found", null));
    assertEquals(PollResult.State.QUEUED, first.state());
    assertEquals("Task not found", first.progress().orElseThrow().state().orElseThrow());
    assertEquals(PollResult.State.QUEUED, poll(Fixtures.status(Fixtures.TASK, "Task not found", null)).state());
    assertEquals(PollResult.State.SUCCEEDED, poll(Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 5)).state());
  }

  @Test
  void aTaskNeverFoundIsGivenUpAfterTheBoundedNumberOfPolls() {
    for (int i = 0; i < BflProvider.MAX_NOT_FOUND_POLLS; i++) {
      assertEquals(PollResult.State.QUEUED, poll(Fixtures.status(Fixtures.TASK, "Task not found", null)).state());
    }
    PollResult last = poll(Fixtures.status(Fixtures.TASK, "Task not found", null));
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, last.error().orElseThrow());
    assertTrue(e.getMessage().contains("was not found in " + BflProvider.MAX_NOT_FOUND_POLLS + " polls"), e.getMessage());
  }

  @Test
  void aNotFoundAnswerCountsAsTaskNotFound() {
    server.enqueue(TestCalls.json(404, "{\"detail\":\"Not Found\"}"));
    PollResult r = TestCalls.await(provider.poll(job()));
    assertEquals(PollResult.State.QUEUED, r.state());
  }

  @Test
  void aReadyTaskWithoutSampleIsChargedAndReadAgain() {
    PollResult r = poll("{\"id\":\"" + Fixtures.TASK + "\",\"status\":\"Ready\",\"result\":{},\"progress\":null}");
    assertInstanceOf(NoOutputException.class, r.error().orElseThrow());
    assertTrue(r.isUnreadable(), "Ready is charged: read again, never bought elsewhere");
    assertTrue(r.ran());
  }

  @Test
  void moderatedAndFailedTasksAreNotCharged() {
    for (String status : new String[] {"Request Moderated", "Content Moderated", "Error"}) {
      PollResult r = poll(Fixtures.status(Fixtures.TASK, status, null));
      assertEquals(PollResult.State.FAILED, r.state(), status);
      assertFalse(r.ran(), status + " is not charged: only Ready consumes credits");
    }
  }

  @Test
  void anUndocumentedStatusEndsTheJobRatherThanPollingForever() {
    PollResult r = poll(Fixtures.status(Fixtures.TASK, "Exploded", null));
    assertTrue(r.error().orElseThrow().getMessage().contains("'Exploded'"));
  }

  @Test
  void transientPollFailuresAreThrownForTheGeneratorToPollAgain() {
    server.enqueue(TestCalls.json(503, "{\"detail\":\"Service Unavailable\"}"));
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, TestCalls.failure(provider.poll(job())));
    assertTrue(e.retryable());

    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3")
        .body("{\"detail\":\"Too many requests\"}").build());
    RateLimitedException r = assertInstanceOf(RateLimitedException.class, TestCalls.failure(provider.poll(job())));
    assertEquals(Duration.ofSeconds(3), r.retryAfter().orElseThrow());

    server.enqueue(TestCalls.json(200, "<html>bad gateway</html>"));
    assertInstanceOf(ProviderFailureException.class, TestCalls.failure(provider.poll(job())));
  }

  @Test
  void aRejectedKeyWhilePollingEndsTheJob() {
    server.enqueue(TestCalls.json(401, "{\"detail\":\"Invalid API key " + Fixtures.KEY + "\"}"));
    PollResult r = TestCalls.await(provider.poll(job()));
    AuthenticationException e = assertInstanceOf(AuthenticationException.class, r.error().orElseThrow());
    assertFalse(e.getMessage().contains(Fixtures.KEY), e.getMessage());
  }

  @Test
  void anotherProvidersJobIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> provider.poll(JobRef.of("fal", "x", null, null, Map.of())));
  }
}
