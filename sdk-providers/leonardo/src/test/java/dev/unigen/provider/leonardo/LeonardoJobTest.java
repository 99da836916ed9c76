package dev.unigen.provider.leonardo;

import static dev.unigen.provider.leonardo.Fixtures.GENERATION;
import static dev.unigen.provider.leonardo.Fixtures.IMAGE_URL;
import static dev.unigen.provider.leonardo.Fixtures.VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Polling a generation: each status, the output, the reported cost in dollars or credits,
 * moderation flags, a vanished generation and cancel.
 */
class LeonardoJobTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final LeonardoProvider provider = Fixtures.provider(server);

  private JobRef phoenix(LeonardoProvider p, String created) {
    server.enqueue(json(200, created));
    return TestCalls.submit(p, Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0")
        .prompt("a lighthouse at dusk").size(1472, 832).count(2).build()).job().orElseThrow();
  }

  private PollResult poll(LeonardoProvider p, JobRef job, String answer) {
    server.enqueue(json(200, answer));
    return TestCalls.await(p.poll(job));
  }

  @Test
  void pendingThenCompleteGivesTheImagesAndTheDollarCostLeonardoReported() throws Exception {
    JobRef job = phoenix(provider, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS"));

    PollResult running = poll(provider, job, Fixtures.pending(GENERATION));
    PollResult done = poll(provider, job, Fixtures.complete(GENERATION, 1472, 832, false, IMAGE_URL, IMAGE_URL.replace("_0", "_1")));

    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals("PENDING", running.progress().orElseThrow().state().orElseThrow());
    assertEquals(Duration.ZERO, running.retryAfter().orElseThrow());
    assertEquals(PollResult.State.SUCCEEDED, done.state());
    ProviderOutput out = done.output().orElseThrow();
    assertEquals(2, out.assets().size());
    Asset first = out.assets().get(0);
    assertEquals(IMAGE_URL, first.url().orElseThrow());
    assertEquals("image/jpeg", first.mediaType());
    assertEquals(1472, first.width().getAsInt());
    assertEquals(832, first.height().getAsInt());
    assertFalse(first.nsfw());
    Usage usage = out.usage();
    assertEquals(List.of(Size.of(1472, 832), Size.of(1472, 832)), usage.images());
    assertEquals(Money.usd("0.0147"), usage.reportedCost().orElseThrow());
    assertEquals(GENERATION, out.providerRequestId().orElseThrow());
    TestRequests.take(server);
    RecordedRequest get = TestRequests.take(server);
    assertEquals("GET", get.getMethod());
    assertEquals("/api/rest/v1/generations/" + GENERATION, get.getUrl().encodedPath());
  }

  @Test
  void aCostInCreditsCountsAsMoneyOnlyWithACreditValue() {
    LeonardoProvider plain = provider;
    LeonardoProvider valued = Fixtures.provider(server, b -> b.creditValue(Money.usd("0.002")));

    JobRef a = phoenix(plain, Fixtures.v1Created(GENERATION, "24", "CREDITS"));
    ProviderOutput unvalued = poll(plain, a, Fixtures.complete(GENERATION, 1024, 1024, false, IMAGE_URL)).output().orElseThrow();
    JobRef b = phoenix(valued, Fixtures.v1Created(GENERATION, "24", "CREDITS"));
    ProviderOutput counted = poll(valued, b, Fixtures.complete(GENERATION, 1024, 1024, false, IMAGE_URL)).output().orElseThrow();

    assertTrue(unvalued.usage().reportedCost().isEmpty());
    assertTrue(unvalued.warnings().stream().anyMatch(w -> w.contains("billed 24 API credits")), unvalued.warnings().toString());
    // 24 credits x $0.002
    assertEquals(Money.usd("0.048"), counted.usage().reportedCost().orElseThrow());
  }

  @Test
  void theDeprecatedApiCreditCostIsReadAsCreditsOnlyWhenCostIsAbsent() {
    LeonardoProvider p = Fixtures.provider(server, b -> b.creditValue(Money.usd("0.001")));

    JobRef job = phoenix(p, Fixtures.v1CreatedCreditsOnly(GENERATION, 11));
    ProviderOutput out = poll(p, job, Fixtures.complete(GENERATION, 1024, 1024, false, IMAGE_URL)).output().orElseThrow();

    assertEquals("11", job.attributes().get("cost"));
    assertEquals("CREDITS", job.attributes().get("costUnit"));
    // 11 credits x $0.001
    assertEquals(Money.usd("0.011"), out.usage().reportedCost().orElseThrow());
    assertTrue(out.warnings().stream().anyMatch(w -> w.contains("deprecated apiCreditCost")), out.warnings().toString());
  }

  @Test
  void imagesFlaggedByModerationAreMarkedAndNamedInAWarning() {
    JobRef job = phoenix(provider, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS"));

    ProviderOutput out = poll(provider, job, Fixtures.complete(GENERATION, 1472, 832, true, IMAGE_URL)).output().orElseThrow();

    assertTrue(out.assets().get(0).nsfw());
    assertTrue(out.warnings().contains("1 of 1 output(s) were flagged NSFW by Leonardo's moderation"), out.warnings().toString());
  }

  @Test
  void aFailedGenerationIsANonRetryableFailure() {
    JobRef job = phoenix(provider, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS"));

    PollResult r = poll(provider, job, Fixtures.failed(GENERATION));

    assertEquals(PollResult.State.FAILED, r.state());
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, r.error().orElseThrow());
    assertFalse(e.retryable());
    assertFalse(r.ran());
  }

  @Test
  void aCompleteGenerationWithoutImagesIsNoOutputThatRanAndIsBilled() {
    JobRef job = phoenix(provider, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS"));

    PollResult r = poll(provider, job, Fixtures.complete(GENERATION, 1472, 832, false));

    assertInstanceOf(NoOutputException.class, r.error().orElseThrow());
    assertTrue(r.ran(), "COMPLETE: billed at the create, so never bought again");
  }

  @Test
  void aGenerationThatIsGoneEndsTheJobAfterFiveNullReadsInARow() {
    JobRef job = phoenix(provider, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS"));

    for (int i = 1; i < LeonardoProvider.MAX_NOT_FOUND_POLLS; i++) {
      PollResult r = poll(provider, job, Fixtures.notFound());
      assertEquals(PollResult.State.QUEUED, r.state(), "read " + i);
    }
    PollResult last = poll(provider, job, Fixtures.notFound());

    assertEquals(PollResult.State.FAILED, last.state());
    assertTrue(last.error().orElseThrow().getMessage().contains("deleted or never existed"));
  }

  @Test
  void aVideoIsReadFromMotionMp4UrlWithItsSecondsResolutionAndAudio() {
    server.enqueue(json(200, Fixtures.v2Created(GENERATION, "0.84", "DOLLARS")));
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("kling-3.0-turbo").prompt("waves").duration(Duration.ofSeconds(5))
        .audio(true).build();
    JobRef job = TestCalls.submit(provider, r).job().orElseThrow();

    ProviderOutput out = poll(provider, job, Fixtures.completeVideo(GENERATION, VIDEO_URL)).output().orElseThrow();

    Asset clip = out.assets().get(0);
    assertEquals(VIDEO_URL, clip.url().orElseThrow());
    assertEquals("video/mp4", clip.mediaType());
    assertEquals(new BigDecimal("5"), clip.durationSeconds().orElseThrow());
    assertEquals(new BigDecimal("5"), out.usage().outputSeconds().orElseThrow());
    assertEquals("1080p", out.usage().resolution().orElseThrow());
    assertTrue(out.usage().audio());
    assertEquals(Money.usd("0.84"), out.usage().reportedCost().orElseThrow());
  }

  @Test
  void aJobIsPolledByAFreshInstanceFromItsReferenceAlone() {
    LeonardoProvider first = Fixtures.provider(server);
    JobRef job = phoenix(first, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS"));

    LeonardoProvider restarted = Fixtures.provider(server);
    ProviderOutput out = poll(restarted, job, Fixtures.complete(GENERATION, 1472, 832, false, IMAGE_URL)).output().orElseThrow();

    assertEquals(Money.usd("0.0147"), out.usage().reportedCost().orElseThrow(), "the cost travels in the job reference");
  }

  @Test
  void cancelDeletesTheGenerationAndSaysWhenThereWasNone() throws Exception {
    JobRef job = phoenix(provider, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS"));
    server.enqueue(json(200, "{\"delete_generations_by_pk\":{\"id\":\"" + GENERATION + "\"}}"));
    server.enqueue(json(200, "{\"delete_generations_by_pk\":null}"));

    boolean deleted = TestCalls.await(provider.cancel(job));
    boolean again = TestCalls.await(provider.cancel(job));

    assertTrue(deleted);
    assertFalse(again);
    TestRequests.take(server);
    RecordedRequest delete = TestRequests.take(server);
    assertEquals("DELETE", delete.getMethod());
    assertEquals("/api/rest/v1/generations/" + GENERATION, delete.getUrl().encodedPath());
  }
}
