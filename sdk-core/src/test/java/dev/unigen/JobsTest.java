package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import dev.unigen.internal.AssetSources;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs over HTTP: journaled before polling, completed by polls or by verified webhooks, assets stored. */
class JobsTest {
  static final String KEY = "test-key-queue-0123456789";

  /** A queue server: jobs run until told to finish; counts submits and polls. */
  static final class QueueServer extends Dispatcher {
    final MockWebServer server = new MockWebServer();
    final AtomicInteger submits = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();
    final Map<String, String> status = new ConcurrentHashMap<>();
    volatile String finalStatus = "running";
    volatile JobJournal journalToCheck;
    volatile boolean journaledBeforeFirstPoll = true;

    QueueServer() throws Exception {
      server.setDispatcher(this);
      server.start();
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) {
      String path = r.getUrl().encodedPath();
      if (r.getMethod().equals("POST") && path.equals("/v1/jobs")) {
        String id = "job-" + submits.incrementAndGet();
        status.put(id, "queued");
        return json("{\"id\":\"" + id + "\"}");
      }
      if (r.getMethod().equals("GET") && path.startsWith("/v1/jobs/")) {
        polls.incrementAndGet();
        String id = path.substring("/v1/jobs/".length());
        JobJournal j = journalToCheck;
        if (j != null && j.list().stream().noneMatch(e -> e.ref().map(ref -> ref.id().equals(id)).orElse(false))) journaledBeforeFirstPoll = false;
        return json(job(id, finalStatus));
      }
      if (path.startsWith("/files/")) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "video/mp4").body("MP4DATA-" + path).build();
      }
      return new MockResponse.Builder().code(404).build();
    }

    String job(String id, String state) {
      return "{\"id\":\"" + id + "\",\"status\":\"" + state + "\""
          + (state.equals("succeeded") ? ",\"videos\":[{\"url\":\"" + server.url("/files/" + id + ".mp4") + "\"}]" : "") + "}";
    }

    static MockResponse json(String body) {
      return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }
  }

  private QueueServer queue;

  @BeforeEach
  void start() throws Exception {
    queue = new QueueServer();
  }

  @AfterEach
  void stop() {
    queue.server.close();
  }

  private Generator.Builder generator(JobJournal journal) {
    return Generator.builder()
        .environment(Map.of("QUEUE_KEY", KEY, "UNIGEN_QUEUE_BASE_URL", queue.server.url("/").toString()))
        .provider(QueueTestProvider::new).journal(journal).allowLoopbackDownloads(true)
        .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  @Test
  void anAcceptedJobIsJournaledBeforeItIsPolled() {
    JobJournal journal = JobJournal.inMemory();
    queue.journalToCheck = journal;
    queue.finalStatus = "succeeded";
    try (Generator gen = generator(journal).build()) {
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      Generation g = job.await(Duration.ofSeconds(10));
      assertTrue(queue.journaledBeforeFirstPoll);
      JournalEntry e = journal.get(job.id()).get();
      assertEquals(JournalEntry.State.SUCCEEDED, e.state());
      assertEquals("job-1", e.ref().get().id());
      assertEquals(g.id(), e.generationId());
      assertEquals(1, queue.submits.get());
      assertEquals(List.of(job), gen.jobs().list());
    }
  }

  @Test
  void aVerifiedWebhookCompletesTheJobAndReplaysAreRefused() throws Exception {
    try (Generator gen = generator(JobJournal.inMemory()).pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      waitUntil(() -> accepted(gen.jobs().journal()) == 1);
      byte[] body = queue.job("job-1", "succeeded").getBytes(StandardCharsets.UTF_8);
      Map<String, List<String>> headers = signed("msg_1", body);
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, gen.webhooks().receive("queue", headers, body));
      Generation g = job.await(Duration.ofSeconds(10));
      assertEquals(JobStatus.SUCCEEDED, job.status());
      assertEquals(0, queue.polls.get(), "no poll ran: the webhook completed the job");
      assertTrue(g.assets().get(0).url().get().endsWith("/files/job-1.mp4"));
      assertEquals(WebhookReceiver.Outcome.DUPLICATE, gen.webhooks().receive("queue", headers, body));
      Map<String, List<String>> forged = new LinkedHashMap<>(headers);
      forged.put("webhook-signature", List.of("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
      assertEquals(WebhookReceiver.Outcome.REJECTED, gen.webhooks().receive("queue", forged, body));
      byte[] other = queue.job("job-99", "succeeded").getBytes(StandardCharsets.UTF_8);
      assertEquals(WebhookReceiver.Outcome.UNKNOWN_JOB, gen.webhooks().receive("queue", signed("msg_2", other), other));
      assertEquals(WebhookReceiver.Outcome.REJECTED, gen.webhooks().receive("nobody", headers, body));
    }
  }

  @Test
  void concurrentCopiesOfOneDeliveryAreAcceptedOnce() throws Exception {
    try (Generator gen = generator(JobJournal.inMemory()).pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      waitUntil(() -> accepted(gen.jobs().journal()) == 1);
      byte[] body = queue.job("job-1", "succeeded").getBytes(StandardCharsets.UTF_8);
      Map<String, List<String>> headers = signed("msg_1", body);
      int copies = 16;
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(copies);
      List<java.util.concurrent.Future<WebhookReceiver.Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        outcomes.add(pool.submit(() -> {
          start.await();
          return gen.webhooks().receive("queue", headers, body);
        }));
      }
      start.countDown();
      int accepted = 0;
      for (java.util.concurrent.Future<WebhookReceiver.Outcome> o : outcomes) {
        WebhookReceiver.Outcome outcome = o.get(10, java.util.concurrent.TimeUnit.SECONDS);
        if (outcome == WebhookReceiver.Outcome.ACCEPTED) accepted++;
        else assertEquals(WebhookReceiver.Outcome.DUPLICATE, outcome);
      }
      pool.shutdown();
      assertEquals(1, accepted);
      job.await(Duration.ofSeconds(10));
      assertEquals(1, gen.ledger().entries().size());
    }
  }

  @Test
  void aWebhookAfterARestartResumesTheJobFromTheJournal(@TempDir Path dir) throws Exception {
    JobJournal journal = JobJournal.directory(dir);
    try (Generator first = generator(journal).pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      first.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      waitUntil(() -> accepted(journal) == 1);
    }
    queue.finalStatus = "succeeded";
    JobJournal reopened = JobJournal.directory(dir);
    try (Generator second = generator(reopened).pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      byte[] body = queue.job("job-1", "succeeded").getBytes(StandardCharsets.UTF_8);
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, second.webhooks().receive("queue", signed("msg_9", body), body));
      Job<Generation> job = second.jobs().list().get(0);
      job.await(Duration.ofSeconds(10));
      assertEquals(JournalEntry.State.SUCCEEDED, reopened.list().get(0).state());
      assertEquals(1, queue.submits.get());
    }
  }

  @Test
  void aWebhookAfterARestartResumesExactlyTheJobItNames(@TempDir Path dir) throws Exception {
    JobJournal journal = JobJournal.directory(dir);
    try (Generator first = generator(journal).pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      first.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      first.video("kling-2.1-pro").prompt("dunes").duration(Duration.ofSeconds(5)).submit();
      waitUntil(() -> accepted(journal) == 2);
    }
    JobJournal reopened = JobJournal.directory(dir);
    String named = reopened.list().stream().filter(e -> e.ref().get().id().equals("job-2")).findFirst().get().jobId();
    try (Generator second = generator(reopened).pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      byte[] body = queue.job("job-2", "succeeded").getBytes(StandardCharsets.UTF_8);
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, second.webhooks().receive("queue", signed("msg_2", body), body));

      assertEquals(1, second.jobs().list().size(), "only the named job is resumed");
      Job<Generation> job = second.jobs().list().get(0);
      assertEquals(named, job.id());
      job.await(Duration.ofSeconds(10));
      assertEquals(JournalEntry.State.SUCCEEDED, reopened.get(named).get().state());
      assertEquals(JournalEntry.State.ACCEPTED, reopened.list().stream().filter(e -> !e.jobId().equals(named))
          .findFirst().get().state(), "the other job is left for resume()");
      assertEquals(0, queue.polls.get(), "no other job was polled");
      assertEquals(2, queue.submits.get());
    }
  }

  @Test
  void aResumedJobThatCompletesIsRecordedAndCountedEvenWhenTheBudgetIsFull(@TempDir Path dir) throws Exception {
    JobJournal journal = JobJournal.directory(dir);
    try (Generator first = generator(journal).budget(dev.unigen.budget.Budget.perDay(dev.unigen.money.Money.usd("0.50")))
        .pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      first.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      waitUntil(() -> accepted(journal) == 1);
    }
    queue.finalStatus = "succeeded";
    dev.unigen.budget.Budget full = dev.unigen.budget.Budget.perDay(dev.unigen.money.Money.usd("0.50"));
    // another call holds $0.10 and one cost $0.45 where $0.40 was reserved: $0.55 counted against $0.50
    full.reserve(dev.unigen.money.Money.usd("0.10"), Map.of());
    full.reserve(dev.unigen.money.Money.usd("0.40"), Map.of()).commit(dev.unigen.money.Money.usd("0.45"));
    JobJournal reopened = JobJournal.directory(dir);
    try (Generator second = generator(reopened).budget(full).build()) {
      Generation g = second.jobs().resume().get(0).await(Duration.ofSeconds(10));

      // 5 s at $0.09 = $0.45, already paid: counted although the cap is already passed
      assertEquals(dev.unigen.money.Money.usd("0.45"), g.cost().actual().get());
      assertTrue(g.warnings().stream().anyMatch(w -> w.startsWith("budget overrun")), g.warnings().toString());
      assertEquals(dev.unigen.money.Money.usd("0.90"), full.spentToday());
      assertEquals(1, second.ledger().entries().size());
      assertTrue(second.ledger().entries().get(0).detail().contains("budget overrun"));
      assertEquals(JournalEntry.State.SUCCEEDED, reopened.list().get(0).state());
      assertEquals(1, queue.submits.get());
    }
  }

  @Test
  void aJobPendingWhenTheGeneratorClosesStaysResumable() throws Exception {
    JobJournal journal = JobJournal.inMemory();
    java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newScheduledThreadPool(1);
    // The submit's answer is held back until the scheduler is already shut down.
    queue.server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        while (!scheduler.isShutdown()) Thread.sleep(5);
        return QueueServer.json("{\"id\":\"job-1\"}");
      }
    });
    try (Generator gen = generator(journal).scheduler(scheduler).build()) {
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      scheduler.shutdown();
      org.junit.jupiter.api.Assertions.assertThrows(GeneratorClosedException.class, () -> job.await(Duration.ofSeconds(10)));
      assertEquals(JournalEntry.State.ACCEPTED, journal.list().get(0).state());
      assertTrue(gen.ledger().entries().isEmpty(), "nothing is recorded until the job really ends");
    }
  }

  @Test
  void aWebhookThatBeatsThePollLoopIsKept() throws Exception {
    JobJournal journal = JobJournal.inMemory();
    try (Generator gen = generator(journal).pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      waitUntil(() -> accepted(journal) == 1);
      byte[] body = queue.job("job-1", "succeeded").getBytes(StandardCharsets.UTF_8);
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, gen.webhooks().receive("queue", signed("msg_early", body), body));
      job.await(Duration.ofSeconds(10));
      assertEquals(0, queue.polls.get());
    }
  }

  @Test
  void resumeLeavesACallStillBeingMadeToItsOwner() throws Exception {
    JobJournal journal = JobJournal.inMemory();
    try (Generator gen = generator(journal).build()) {
      // A plain generate() is no job of jobs().list(), yet its call is journaled while it runs.
      java.util.concurrent.CompletableFuture<Generation> running = gen.video("kling-2.1-pro").prompt("waves")
          .duration(Duration.ofSeconds(5)).generateAsync();
      waitUntil(() -> accepted(journal) == 1 && queue.polls.get() > 0);
      assertEquals(List.of(), gen.jobs().resume(), "nothing to resume: the call's owner follows it");
      queue.finalStatus = "succeeded";
      running.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(List.of(), gen.jobs().list(), "no second owner was started");
      assertEquals(1, gen.ledger().entries().size());
      assertEquals(1, queue.submits.get());
    }
  }

  @Test
  void anEntryThatEndedAfterItWasReadIsNotResumed() throws Exception {
    JobJournal inner = JobJournal.inMemory();
    List<JournalEntry> stale = new ArrayList<>();
    // A journal whose claim hands back what it read before the call ended, as a shared one can.
    JobJournal journal = new JobJournal() {
      @Override public void put(JournalEntry entry) { inner.put(entry); }
      @Override public java.util.Optional<JournalEntry> get(String jobId) { return inner.get(jobId); }
      @Override public List<JournalEntry> list() { return inner.list(); }
      @Override public void remove(String jobId) { inner.remove(jobId); }
      @Override public List<JournalEntry> claimUnfinished(java.util.Set<String> providers) { return stale; }
    };
    try (Generator gen = generator(journal).build()) {
      Job<Generation> job = gen.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).submit();
      waitUntil(() -> accepted(inner) == 1);
      stale.add(inner.get(job.id()).get());
      queue.finalStatus = "succeeded";
      job.await(Duration.ofSeconds(10));
      int polls = queue.polls.get();
      assertEquals(List.of(), gen.jobs().resume(), "the journal says it ended");
      assertEquals(JournalEntry.State.SUCCEEDED, inner.get(job.id()).get().state());
      assertEquals(1, gen.ledger().entries().size());
      assertEquals(polls, queue.polls.get());
    }
  }

  @Test
  void anUnknownJobsDeliveryCanBeRetried() throws Exception {
    try (Generator gen = generator(JobJournal.inMemory()).build()) {
      byte[] body = queue.job("job-7", "succeeded").getBytes(StandardCharsets.UTF_8);
      Map<String, List<String>> headers = signed("msg_7", body);
      assertEquals(WebhookReceiver.Outcome.UNKNOWN_JOB, gen.webhooks().receive("queue", headers, body));
      assertEquals(WebhookReceiver.Outcome.UNKNOWN_JOB, gen.webhooks().receive("queue", headers, body));
    }
  }

  @Test
  void assetsAreStoredWhenTheJobCompletes(@TempDir Path dir) throws Exception {
    queue.finalStatus = "succeeded";
    try (Generator gen = generator(JobJournal.inMemory()).assetStore(AssetStore.directory(dir)).build()) {
      Generation g = gen.video("kling-2.1-pro").prompt("waves").duration(Duration.ofSeconds(5)).generate();
      Asset a = g.assets().get(0);
      byte[] expected = "MP4DATA-/files/job-1.mp4".getBytes(StandardCharsets.UTF_8);
      assertEquals(List.of(expected.length), List.of(Files.readAllBytes(a.file().get()).length));
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)), a.sha256().get());
      assertTrue(a.url().isPresent(), "the provider URL is kept too");
      assertTrue(a.file().get().getFileName().toString().endsWith("-0.mp4"));
      try (java.util.stream.Stream<Path> files = Files.list(dir)) {
        assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")));
      }
    }
  }

  @Test
  void contentOfTheWrongTypeIsNotStoredButNotLost(@TempDir Path dir) throws Exception {
    try (MockWebServer html = new MockWebServer()) {
      html.start();
      html.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html>expired</html>").build());
      Asset asset = Asset.builder("image/png").url(html.url("/x.png").toString()).build();
      FakeProvider p = FakeProvider.flux("p", "0.001").then(call -> java.util.concurrent.CompletableFuture.completedFuture(
          dev.unigen.spi.Submission.completed(dev.unigen.spi.ProviderOutput.builder().asset(asset)
              .usage(dev.unigen.pricing.Usage.builder().image(8, 8).build()).build())));
      try (Generator gen = Generator.builder().providers(p).assetStore(AssetStore.directory(dir)).allowLoopbackDownloads(true).build()) {
        Generation g = gen.image("flux-schnell").prompt("x").generate();
        assertFalse(g.assets().get(0).file().isPresent());
        assertTrue(g.warnings().get(0).contains("content of type text/html is not what text-to-image produces"), g.warnings().toString());
      }
    }
  }

  @Test
  void dataUrisAndBytesAreDecodedToFiles(@TempDir Path dir) throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    Asset fromUri = Asset.builder("image/png").url("data:image/png;base64," + Base64.getEncoder().encodeToString(png)).build();
    Asset stored = AssetStore.directory(dir).store(fromUri, AssetSources.of(fromUri, null), "g1", 0, dev.unigen.request.Task.TEXT_TO_IMAGE);
    assertEquals(8, Files.size(stored.file().get()));
    assertEquals("g1-0.png", stored.file().get().getFileName().toString());
    java.io.IOException tooBig = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () ->
        AssetStore.directory(dir, 4).store(fromUri, AssetSources.of(fromUri, null), "g2", 0, dev.unigen.request.Task.TEXT_TO_IMAGE));
    assertTrue(tooBig.getMessage().contains("over the limit of 4"), tooBig.getMessage());
  }

  static Map<String, List<String>> signed(String id, byte[] body) throws Exception {
    String ts = Long.toString(Instant.now().getEpochSecond());
    byte[] key = Base64.getDecoder().decode(QueueTestProvider.WEBHOOK_SECRET.substring(6));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
    String sig = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("webhook-id", List.of(id));
    h.put("webhook-timestamp", List.of(ts));
    h.put("webhook-signature", List.of(sig));
    return h;
  }

  /** How many journaled jobs the provider has accepted and not yet finished. */
  static long accepted(JobJournal journal) {
    return journal.list().stream().filter(e -> e.state() == JournalEntry.State.ACCEPTED).count();
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) throw new AssertionError("condition not met in 10 s");
      Thread.sleep(5);
    }
  }
}
