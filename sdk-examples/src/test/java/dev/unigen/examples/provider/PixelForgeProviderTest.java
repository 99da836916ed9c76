package dev.unigen.examples.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AllProvidersFailedException;
import dev.unigen.Attempt;
import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.InsufficientCreditException;
import dev.unigen.JobCanceledException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider guide's example, tested the way every provider module should be: against a local
 * server that speaks its protocol, asserting on what went over the wire. The key starts with
 * {@code test-key-}, so CI fails if it ever reaches {@code target/test.log}.
 */
class PixelForgeProviderTest {
  private static final String KEY = "test-key-pixelforge-0123456789";

  @StartStop private final MockWebServer server = TestServers.started();
  @StartStop private final MockWebServer restarted = TestServers.started();
  private final Generator gen = TestGenerators.quick()
      // Found by ServiceLoader because its key is set; sent to the local server by the base URL variable.
      .environment(Map.of("PIXELFORGE_KEY", KEY, "UNIGEN_PIXELFORGE_BASE_URL", server.url("/").toString()))
      .providersFromEnvironment()
      .allowLoopbackDownloads(true).build();

  @AfterEach
  void stop() {
    gen.close();
  }

  private MockResponse succeeded() {
    return succeeded(server);
  }

  private static MockResponse succeeded(MockWebServer server) {
    return TestCalls.json(200, "{\"id\":\"job_1\",\"status\":\"succeeded\",\"cost_usd\":\"0.0031\",\"images\":["
        + "{\"url\":\"" + server.url("/files/job_1/0.png") + "\",\"width\":1024,\"height\":1024,"
        + "\"seed\":9223372036854775807,\"content_type\":\"image/png\"}]}");
  }

  @Test
  void submitsPollsAndReportsWhatItCost(@TempDir Path dir) throws Exception {
    server.enqueue(TestCalls.json(202, "{\"id\":\"job_1\",\"status\":\"queued\"}"));
    server.enqueue(TestCalls.json(200, "{\"id\":\"job_1\",\"status\":\"queued\",\"queue_position\":2}"));
    server.enqueue(TestCalls.json(200, "{\"id\":\"job_1\",\"status\":\"running\",\"progress\":40,\"logs\":[\"step 2/4\"]}"));
    server.enqueue(succeeded());

    List<Progress> seen = new CopyOnWriteArrayList<>();
    Job<Generation> job = gen.image("flux-schnell").prompt("a red bicycle").size(1024, 1024).seed(7).submit();
    job.onProgress(seen::add);
    Generation g = job.await(Duration.ofSeconds(10));

    assertEquals("pixelforge", g.provider());
    assertEquals(Money.usd("0.0031"), g.cost().actual().get());
    assertEquals(CostBasis.REPORTED, g.cost().basis());
    // per-megapixel at 0.003 on 1024x1024 (1.048576 MP)
    assertEquals(Money.usd("0.003145728"), g.cost().estimate().get());
    assertEquals("job_1", g.providerRequestId().get());
    assertEquals(Long.MAX_VALUE, g.assets().get(0).seed().getAsLong(), "a 63-bit seed is read exactly");

    RecordedRequest submit = server.takeRequest();
    assertEquals("POST", submit.getMethod());
    assertEquals("/v1/jobs", submit.getUrl().encodedPath());
    assertEquals("Key " + KEY, submit.getHeaders().get("Authorization"));
    assertEquals(g.attempts().size(), 1);
    assertTrue(submit.getHeaders().get("Idempotency-Key") != null);
    assertEquals("{\"model\":\"flux-1-schnell\",\"prompt\":\"a red bicycle\",\"width\":1024,\"height\":1024,"
        + "\"num_images\":1,\"seed\":7}", submit.getBody().utf8());
    for (int i = 0; i < 3; i++) {
      RecordedRequest poll = server.takeRequest();
      assertEquals("GET", poll.getMethod());
      assertEquals("/v1/jobs/job_1", poll.getUrl().encodedPath());
      assertEquals("Key " + KEY, poll.getHeaders().get("Authorization"));
    }
    assertTrue(seen.stream().allMatch(p -> p.state().isPresent()), seen.toString());

    server.enqueue(new MockResponse.Builder().code(200).body("PNG").build());
    Path saved = g.assets().get(0).saveTo(dir.resolve("bicycle.png"));
    assertEquals("PNG", Files.readString(saved));
    RecordedRequest download = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/files/job_1/0.png", download.getUrl().encodedPath());
    assertNull(download.getHeaders().get("Authorization"), "the key is not sent with downloads");
  }

  @Test
  void anInlineImageTakesItsSizeFromItsOwnHeader() {
    byte[] png = TestMedia.png(640, 480);
    server.enqueue(TestCalls.json(202, "{\"id\":\"job_2\",\"status\":\"queued\"}"));
    server.enqueue(TestCalls.json(200, "{\"id\":\"job_2\",\"status\":\"succeeded\",\"images\":[{\"b64_json\":\""
        + Base64.getEncoder().encodeToString(png) + "\",\"width\":1024,\"height\":1024,\"content_type\":\"image/png\"}]}"));

    Generation g = gen.image("flux-schnell").prompt("x").size(640, 480).generate();

    Asset a = g.assets().get(0);
    assertArrayEquals(png, a.bytes());
    assertEquals(640, a.width().getAsInt(), "the PNG header wins over the stated 1024");
    assertEquals(480, a.height().getAsInt());
    // per-megapixel at 0.003 on 640x480 (0.3072 MP), computed: no cost reported
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
    assertEquals(Money.usd("0.0009216"), g.cost().actual().get());
  }

  @Test
  void a503IsRetriedThenSucceeds() {
    server.enqueue(TestCalls.json(503, "{\"error\":{\"code\":\"overloaded\",\"message\":\"try again\"}}"));
    server.enqueue(TestCalls.json(202, "{\"id\":\"job_1\",\"status\":\"queued\"}"));
    server.enqueue(succeeded());
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(2, g.attempts().get(0).tries());
  }

  @Test
  void errorsAreTypedAndNeverShowTheKey() {
    server.enqueue(TestCalls.json(429, "{\"error\":{\"code\":\"quota_exceeded\",\"message\":\"key " + KEY + " is out of credit\"}}"));
    AllProvidersFailedException e = assertThrows(AllProvidersFailedException.class,
        () -> gen.image("flux-schnell").prompt("x").generate());
    Attempt a = e.attempts().get(0);
    assertTrue(a.error().get() instanceof InsufficientCreditException, a.toString());
    assertEquals(1, a.tries(), "out of credit is not retried");
    assertFalse(e.getMessage().contains("0123456789"), e.getMessage());
    assertTrue(a.reason().contains("key *** is out of credit"), a.reason());
  }

  @Test
  void aModeratedJobStops() {
    server.enqueue(TestCalls.json(202, "{\"id\":\"job_1\",\"status\":\"queued\"}"));
    server.enqueue(TestCalls.json(200, "{\"id\":\"job_1\",\"status\":\"failed\",\"error\":{\"code\":\"content_policy\","
        + "\"message\":\"prompt refused\"}}"));
    ContentModeratedException e = assertThrows(ContentModeratedException.class,
        () -> gen.image("flux-schnell").prompt("x").generate());
    assertEquals("pixelforge: prompt refused", e.getMessage());
  }

  @Test
  void cancelReachesTheProvider() throws Exception {
    server.enqueue(TestCalls.json(202, "{\"id\":\"job_1\",\"status\":\"queued\"}"));
    for (int i = 0; i < 50; i++) server.enqueue(TestCalls.json(200, "{\"id\":\"job_1\",\"status\":\"running\",\"progress\":10}"));
    Job<Generation> job = gen.image("flux-schnell").prompt("x").submit();
    assertEquals("/v1/jobs", server.takeRequest().getUrl().encodedPath());
    assertEquals("/v1/jobs/job_1", server.takeRequest().getUrl().encodedPath());   // accepted and polled once

    assertTrue(job.cancel());
    assertThrows(JobCanceledException.class, () -> job.await(Duration.ofSeconds(5)));
    RecordedRequest r;
    do {
      r = server.takeRequest(2, TimeUnit.SECONDS);
    } while (r != null && r.getMethod().equals("GET"));
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/jobs/job_1/cancel", r.getUrl().encodedPath());
  }

  @Test
  void aJournaledJobIsResumedAfterARestartWithoutResubmittingOrKeepingTheKey(@TempDir Path journalDir)
      throws Exception {
    Map<String, String> env = Map.of("PIXELFORGE_KEY", KEY, "UNIGEN_PIXELFORGE_BASE_URL", server.url("/").toString());
    server.enqueue(TestCalls.json(202, "{\"id\":\"job_1\",\"status\":\"queued\"}"));
    for (int i = 0; i < 100; i++) server.enqueue(TestCalls.json(200, "{\"id\":\"job_1\",\"status\":\"running\"}"));
    try (Generator first = Generator.builder().environment(env).providersFromEnvironment()
        .journal(JobJournal.directory(journalDir)).pollInterval(Duration.ofMillis(10), Duration.ofMillis(10)).allowLoopbackDownloads(true).build()) {
      first.image("flux-schnell").prompt("x").submit();
      assertEquals("/v1/jobs", server.takeRequest().getUrl().encodedPath());
      assertEquals("/v1/jobs/job_1", server.takeRequest().getUrl().encodedPath());
    }   // the process "dies" with the job still running

    String journaled;
    try (var files = Files.list(journalDir)) {
      journaled = files.filter(f -> f.toString().endsWith(".json")).map(PixelForgeProviderTest::read)
          .collect(java.util.stream.Collectors.joining("\n"));
    }
    assertTrue(journaled.contains("job_1"), journaled);
    assertFalse(journaled.contains(KEY), "a journal entry must never hold a key");

    // A new process, and PixelForge at a new address.
    restarted.enqueue(succeeded(restarted));
    Map<String, String> moved = Map.of("PIXELFORGE_KEY", KEY, "UNIGEN_PIXELFORGE_BASE_URL", restarted.url("/").toString());
    try (Generator second = Generator.builder().environment(moved).providersFromEnvironment()
        .journal(JobJournal.directory(journalDir)).pollInterval(Duration.ofMillis(10), Duration.ofMillis(10)).allowLoopbackDownloads(true).build()) {
      List<Job<Generation>> resumed = second.jobs().resume();
      assertEquals(1, resumed.size());
      Generation g = resumed.get(0).await(Duration.ofSeconds(10));
      assertEquals(Money.usd("0.0031"), g.cost().actual().get());
      RecordedRequest poll = restarted.takeRequest();
      assertEquals("GET", poll.getMethod(), "resumed by polling, never by submitting again");
      assertEquals("/v1/jobs/job_1", poll.getUrl().encodedPath());
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
