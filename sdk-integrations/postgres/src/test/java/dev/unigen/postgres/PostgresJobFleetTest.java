package dev.unigen.postgres;

import static dev.unigen.postgres.PostgresJobJournalTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.WebhookReceiver.Outcome;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two generators, each on its own journal instance of one PostgreSQL journal, as two application
 * instances would be: a webhook reaching either completes the right job once, and the jobs of an
 * instance that dies are taken over by the other, polled again and never submitted again.
 */
class PostgresJobFleetTest {
  private static final Duration NEVER = Duration.ofMinutes(5);

  private String url;
  private PostgresDatabase db;
  private PostgresCostLedger ledger;
  private FleetQueue queue;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    url = TestPostgres.get().newDatabase();
    db = PostgresDatabase.connect(url, "postgres", "", 20);
    ledger = PostgresCostLedger.builder(db).build();
    queue = new FleetQueue(1);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    queue.close();
    db.close();
  }

  private PostgresJobJournal journal(String instance, Duration lease) {
    PostgresJobJournal j = PostgresJobJournal.builder(db).instance(instance).lease(lease).build();
    open.add(j::stop);
    return j;
  }

  /** A generator on {@code journal} whose polls come every {@code poll}. */
  private Generator generator(String instance, PostgresJobJournal journal, Duration poll) {
    Generator gen = Generator.builder().environment(FleetQueueProvider.environment(queue.baseUrl()))
        .provider(ctx -> new FleetQueueProvider(ctx, instance)).journal(journal).ledger(ledger)
        .pollInterval(poll, poll.multipliedBy(4)).build();
    open.add(gen);
    return gen;
  }

  private static Job<Generation> submit(Generator gen, String prompt) {
    return gen.video("kling-2.1-pro").prompt(prompt).duration(Duration.ofSeconds(5)).submit();
  }

  private static long accepted(PostgresJobJournal journal) {
    return journal.list().stream().filter(e -> e.state() == JournalEntry.State.ACCEPTED).count();
  }

  private String column(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  @Test
  void aWebhookReachingTheOtherInstanceCompletesTheJobThere() throws Exception {
    PostgresJobJournal ja = journal("a", Duration.ofSeconds(30));
    PostgresJobJournal jb = journal("b", Duration.ofSeconds(30));
    Generator a = generator("a", ja, NEVER);
    Generator b = generator("b", jb, NEVER);
    Job<Generation> job = submit(a, "waves");
    waitUntil(() -> accepted(ja) == 1);
    queue.finish("job-1");
    byte[] body = queue.job("job-1").getBytes(StandardCharsets.UTF_8);
    Map<String, java.util.List<String>> headers = FleetQueue.signed("msg_1", body);

    // b does not hold the job: it wakes a, which polls it at once and ends it.
    assertEquals(Outcome.ACCEPTED, b.webhooks().receive("queue", headers, body));
    Generation g = job.await(Duration.ofSeconds(20));
    assertTrue(g.assets().get(0).url().get().endsWith("/job-1.mp4"));
    assertEquals(List.of("a"), queue.pollersOf("job-1"), "a polled it (its own loop waits minutes); b never did");
    assertEquals(List.of(), b.jobs().list(), "b took nothing over");
    // The same delivery again, anywhere, is a duplicate.
    assertEquals(Outcome.DUPLICATE, a.webhooks().receive("queue", headers, body));
    assertEquals(Outcome.DUPLICATE, b.webhooks().receive("queue", headers, body));
    assertEquals(1, ledger.count());
    assertEquals(JournalEntry.State.SUCCEEDED, jb.get(job.id()).get().state());
    assertEquals(1, queue.submits.get());
  }

  @Test
  void copiesOfOneDeliveryReachingBothInstancesAtOnceCompleteTheJobOnce() throws Exception {
    PostgresJobJournal ja = journal("a", Duration.ofSeconds(30));
    PostgresJobJournal jb = journal("b", Duration.ofSeconds(30));
    Generator a = generator("a", ja, NEVER);
    Generator b = generator("b", jb, NEVER);
    Job<Generation> job = submit(a, "waves");
    waitUntil(() -> accepted(ja) == 1);
    queue.finish("job-1");
    byte[] body = queue.job("job-1").getBytes(StandardCharsets.UTF_8);
    Map<String, java.util.List<String>> headers = FleetQueue.signed("msg_1", body);
    int copies = 16;
    ExecutorService pool = Executors.newFixedThreadPool(copies);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Outcome>> outcomes = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      Generator to = i % 2 == 0 ? a : b;
      outcomes.add(pool.submit(() -> {
        go.await();
        return to.webhooks().receive("queue", headers, body);
      }));
    }
    go.countDown();
    int acceptedCopies = 0;
    for (Future<Outcome> o : outcomes) {
      Outcome outcome = o.get(20, TimeUnit.SECONDS);
      if (outcome == Outcome.ACCEPTED) acceptedCopies++;
      else assertEquals(Outcome.DUPLICATE, outcome);
    }
    pool.shutdown();
    assertEquals(1, acceptedCopies);
    job.await(Duration.ofSeconds(20));
    assertEquals(1, ledger.count());
    assertEquals("1", column("SELECT count(*) FROM unigen_webhook_delivery"));
  }

  @Test
  void aWebhookForADeadInstancesJobResumesExactlyThatJobWhereItArrives() throws Exception {
    PostgresJobJournal ja = journal("a", Duration.ofSeconds(30));
    // b's own heartbeat would take both jobs over in time; here only the delivery may.
    PostgresJobJournal jb = journal("b", Duration.ofMinutes(5));
    Generator a = generator("a", ja, NEVER);
    Generator b = generator("b", jb, NEVER);
    Job<Generation> first = submit(a, "waves");
    // the queue numbers jobs as they arrive: "waves" must be job-1, so "dunes" goes once it is accepted
    waitUntil(() -> accepted(ja) == 1);
    submit(a, "dunes");
    waitUntil(() -> accepted(ja) == 2);
    // a dies: its journal stops renewing its lease (no last write), its generator stops.
    ja.stop();
    a.close();
    try (Connection c = DriverManager.getConnection(url)) {
      // Its lease runs out (now, rather than in 30 s).
      c.createStatement().executeUpdate("UPDATE unigen_job_instance SET lease_until = now() - interval '1 second'"
          + " WHERE instance = 'a'");
    }
    queue.finish("job-1");
    byte[] body = queue.job("job-1").getBytes(StandardCharsets.UTF_8);
    assertEquals(Outcome.ACCEPTED, b.webhooks().receive("queue", FleetQueue.signed("msg_1", body), body));

    assertEquals(1, b.jobs().list().size(), "only the job the delivery names");
    Job<Generation> taken = b.jobs().list().get(0);
    assertEquals(first.id(), taken.id());
    taken.await(Duration.ofSeconds(20));
    assertEquals(List.of(), queue.pollersOf("job-1"), "the delivery ended it: no poll");
    assertEquals(1, ledger.count());
    assertEquals(first.id() + " SUCCEEDED 1", column("SELECT job_id || ' ' || state || ' ' || takeovers"
        + " FROM unigen_job WHERE provider_job_id = 'job-1'"));
    assertEquals("ACCEPTED a", column("SELECT state || ' ' || holder FROM unigen_job WHERE provider_job_id = 'job-2'"),
        "the other job waits for a take-over");
    assertEquals(2, queue.submits.get());
  }

  @Test
  void aDeadInstancesJobsAreTakenOverPolledAgainAndNeverSubmittedAgain() throws Exception {
    int jobs = 6;
    PostgresJobJournal ja = journal("a", Duration.ofSeconds(1));
    PostgresJobJournal jb = journal("b", Duration.ofSeconds(1));
    Generator a = generator("a", ja, Duration.ofMillis(50));
    Generator b = generator("b", jb, Duration.ofMillis(50));
    for (int i = 0; i < jobs; i++) submit(a, "clip " + i);
    waitUntil(() -> {
      for (int i = 1; i <= jobs; i++) if (!queue.pollersOf("job-" + i).contains("a")) return false;
      return true;
    });
    ja.stop();
    a.close();
    long leaseEnd;
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT (extract(epoch FROM lease_until) * 1000)::bigint"
            + " FROM unigen_job_instance WHERE instance = 'a'")) {
      assertTrue(rs.next());
      leaseEnd = rs.getLong(1);
    }
    // b's heartbeat finds a's jobs once a's lease runs out, takes them and polls them.
    waitUntil(() -> {
      for (int i = 1; i <= jobs; i++) if (!queue.pollersOf("job-" + i).equals(List.of("a", "b"))) return false;
      return true;
    });
    long firstTaken = Long.MAX_VALUE;
    long lastTaken = 0;
    for (int i = 1; i <= jobs; i++) {
      long at = queue.firstPoll.get("b job-" + i);
      firstTaken = Math.min(firstTaken, at);
      lastTaken = Math.max(lastTaken, at);
    }
    for (int i = 1; i <= jobs; i++) queue.finish("job-" + i);
    waitUntil(() -> ledger.count() == jobs);
    for (Job<Generation> j : b.jobs().list()) j.await(Duration.ofSeconds(20));
    assertEquals(jobs, b.jobs().list().size());
    assertTrue(jb.list().stream().allMatch(e -> e.state() == JournalEntry.State.SUCCEEDED));
    assertEquals(jobs, queue.submits.get(), "nothing submitted again");
    assertTrue(queue.received.values().stream().allMatch(n -> n.get() == 1));
    for (LedgerEntry e : ledger.entries()) assertEquals(LedgerEntry.Outcome.SUCCEEDED, e.outcome());
    assertEquals("" + jobs, column("SELECT sum(takeovers) FROM unigen_job"));
    // A figure for docs/fleet.md, not an assertion: lease 1 s, heartbeat every 333 ms.
    System.out.println("fleet: " + jobs + " jobs of a dead instance first polled by the survivor " + (firstTaken - leaseEnd)
        + " to " + (lastTaken - leaseEnd) + " ms after its lease ran out");
  }
}
