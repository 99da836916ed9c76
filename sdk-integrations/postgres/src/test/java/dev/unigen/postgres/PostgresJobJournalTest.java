package dev.unigen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.jobs.JournalEntry.State;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal itself on a real PostgreSQL, one database per test: entries in the journal's JSON
 * format, claims that go to one instance at a time however many take at once, leases that a
 * heartbeat keeps and that run out when it stops, nudges, and webhook delivery ids kept once.
 */
class PostgresJobJournalTest {
  private static final Request REQUEST = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-pro")
      .prompt("the bicycle rides away").duration(Duration.ofSeconds(5)).tag("user", "u-42").build();
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private String url;
  private PostgresDatabase db;
  private final List<PostgresJobJournal> journals = new ArrayList<>();

  @BeforeEach
  void openDatabase() {
    url = TestPostgres.get().newDatabase();
    db = PostgresDatabase.connect(url, "postgres", "", 40);
  }

  @AfterEach
  void closeDatabase() {
    for (PostgresJobJournal j : journals) j.stop();
    db.close();
  }

  private PostgresJobJournal journal(String instance, Duration lease) {
    PostgresJobJournal j = PostgresJobJournal.builder(db).instance(instance).lease(lease).build();
    journals.add(j);
    return j;
  }

  private PostgresJobJournal journal(String instance) {
    return journal(instance, Duration.ofSeconds(30));
  }

  static JournalEntry submitting(String id, int second) {
    return JournalEntry.builder(id).generationId("gen-" + id).state(State.SUBMITTING).provider("queue")
        .callId("call-" + id).model("kling-2.1-pro").request(REQUEST).estimate(Money.usd("0.45"))
        .created(T0.plusSeconds(second)).build();
  }

  static JournalEntry accepted(String id, int second) {
    return submitting(id, second).toBuilder().state(State.ACCEPTED)
        .ref(JobRef.of("queue", "job-" + id, "http://127.0.0.1:1/v1/jobs/job-" + id, null, Map.of("endpoint", "kling")))
        .updated(T0.plusSeconds(second + 1)).build();
  }

  /** Ends every lease of {@code instance} now, as if its last heartbeat were a lease ago. */
  private void expire(String instance) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s = c.prepareStatement(
            "UPDATE unigen_job_instance SET lease_until = now() - interval '1 second' WHERE instance = ?")) {
      s.setString(1, instance);
      assertEquals(1, s.executeUpdate());
    }
  }

  private Map<String, String> column(String sql) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) out.put(rs.getString(1), rs.getString(2));
    }
    return out;
  }

  @Test
  void entriesAreKeptInTheJournalsJsonFormatAndListedOldestFirst() throws Exception {
    PostgresJobJournal a = journal("a");
    a.put(accepted("j2", 2));
    a.put(submitting("j1", 1));
    a.put(accepted("j1", 1));
    assertEquals(accepted("j1", 1), a.get("j1").get());
    assertEquals(List.of("j1", "j2"), a.list().stream().map(JournalEntry::jobId).collect(Collectors.toList()));
    JournalEntry done = accepted("j2", 2).toBuilder().state(State.SUCCEEDED).detail("0.45 USD")
        .assets(List.of("s3://outputs/j2-0.mp4")).updated(T0.plusSeconds(9)).build();
    a.put(done);
    assertEquals(done, a.get("j2").get());
    // The row is the file journal's document (format 2), and says who holds the job.
    assertEquals(Map.of("j1", "2", "j2", "2"), column("SELECT job_id, entry->>'v' FROM unigen_job"));
    assertEquals(Map.of("j1", "ACCEPTED a", "j2", "SUCCEEDED -"),
        column("SELECT job_id, state || ' ' || coalesce(holder, '-') FROM unigen_job"));
    assertEquals(Map.of("j1", "job-j1", "j2", "job-j2"), column("SELECT job_id, provider_job_id FROM unigen_job"));
    // Writing the same end again changes nothing; another end is refused.
    a.put(done);
    IllegalStateException ended = assertThrows(IllegalStateException.class,
        () -> a.put(done.toBuilder().state(State.FAILED).build()));
    assertTrue(ended.getMessage().contains("already ended SUCCEEDED"), ended.getMessage());
    a.remove("j1");
    assertTrue(a.get("j1").isEmpty());
    a.remove("no-such-job");

    // Another journal in the same database sees none of it.
    try (PostgresJobJournal other = PostgresJobJournal.builder(db).name("other-app").build()) {
      assertEquals(List.of(), other.list());
      assertTrue(other.get("j2").isEmpty());
      assertThrows(IllegalStateException.class, () -> other.put(accepted("j2", 2)));
    }
  }

  @Test
  void aJobIsClaimedByOneInstanceAtATimeHoweverManyTakeAtOnce() throws Exception {
    int jobs = 300;
    PostgresJobJournal dead = journal("dead");
    for (int i = 0; i < jobs; i++) dead.put(i % 3 == 0 ? submitting("j" + i, i) : accepted("j" + i, i));
    dead.stop();
    expire("dead");

    // Eight instances take at once, half by bulk claims, half job by job in random orders.
    int instances = 8;
    List<PostgresJobJournal> takers = new ArrayList<>();
    for (int i = 0; i < instances; i++) takers.add(journal("taker-" + i));
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> claimed = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      PostgresJobJournal taker = takers.get(i);
      boolean bulk = i % 2 == 0;
      long seed = i;
      claimed.add(pool.submit(() -> {
        start.await();
        List<String> mine = new ArrayList<>();
        if (bulk) {
          for (int round = 0; round < 5; round++) {
            for (JournalEntry e : taker.claimUnfinished(Set.of("queue"))) {
              if (!mine.contains(e.jobId())) mine.add(e.jobId());
            }
          }
        } else {
          List<Integer> order = new ArrayList<>();
          for (int n = 0; n < jobs; n++) order.add(n);
          Collections.shuffle(order, new java.util.Random(seed));
          for (int n : order) taker.claim("j" + n).ifPresent(e -> mine.add(e.jobId()));
        }
        return mine;
      }));
    }
    start.countDown();
    Map<String, String> winner = new HashMap<>();
    for (int i = 0; i < instances; i++) {
      for (String id : claimed.get(i).get(60, TimeUnit.SECONDS)) {
        String before = winner.putIfAbsent(id, "taker-" + i);
        // A taker may see its own job again (it holds it); never one another taker holds.
        assertTrue(before == null || before.equals("taker-" + i), id + " claimed by " + before + " and taker-" + i);
      }
    }
    pool.shutdown();
    assertEquals(jobs, winner.size(), "every job was taken");
    assertEquals(winner, column("SELECT job_id, holder FROM unigen_job"), "each job is held by the one that took it");
    assertEquals(Set.of("1"), new HashSet<>(column("SELECT job_id, takeovers FROM unigen_job").values()));
    // Nobody takes a job a live instance holds.
    PostgresJobJournal late = journal("late");
    assertEquals(List.of(), late.claimUnfinished(Set.of("queue")));
    assertTrue(late.claim("j1").isEmpty());
  }

  @Test
  void aDeadInstancesJobsAreTakenOverOnceItsLeaseRunsOutAndItCanNoLongerWriteThem() throws Exception {
    PostgresJobJournal a = journal("a", Duration.ofSeconds(1));
    PostgresJobJournal b = journal("b", Duration.ofSeconds(1));
    a.put(accepted("j1", 1));
    a.put(submitting("j2", 2));
    // Held by a live instance: nothing to take, and no claim that names it succeeds.
    assertEquals(List.of(), b.claimUnfinished(Set.of("queue")));
    assertTrue(b.claim("j1").isEmpty());
    assertFalse(b.orphans());

    a.stop(); // as kill -9 would: no last write, the lease simply stops being renewed
    waitUntil(b::orphans);
    List<JournalEntry> taken = b.claimUnfinished(Set.of("queue"));
    assertEquals(List.of(accepted("j1", 1), submitting("j2", 2)), taken);
    assertEquals(Map.of("j1", "b 1", "j2", "b 1"), column("SELECT job_id, holder || ' ' || takeovers FROM unigen_job"));
    // Providers the taker does not run are left for another instance.
    assertEquals(List.of(), b.claimUnfinished(Set.of("fal")));

    // The old instance comes back (a long pause, not a death): what was taken is no longer its to write.
    PostgresJobJournal back = journal("a", Duration.ofSeconds(1));
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> back.put(accepted("j1", 1).toBuilder().state(State.SUCCEEDED).build()));
    assertTrue(refused.getMessage().contains("another live instance holds it"), refused.getMessage());
    assertThrows(IllegalStateException.class, () -> back.remove("j2"));
    // The holder ends it.
    b.put(accepted("j1", 1).toBuilder().state(State.SUCCEEDED).build());
    assertEquals(State.SUCCEEDED, back.get("j1").get().state());
  }

  @Test
  void theHeartbeatKeepsTheLeaseAndClosingGivesItUp() throws Exception {
    PostgresJobJournal a = journal("a", Duration.ofSeconds(1));
    PostgresJobJournal b = journal("b", Duration.ofSeconds(1));
    List<String> calls = new CopyOnWriteArrayList<>();
    b.listen(new JobJournal.Listener() {
      @Override
      public void takeOver() {
        calls.add("takeOver");
      }

      @Override
      public void nudged(String jobId) {
        calls.add("nudged " + jobId);
      }
    });
    a.put(accepted("j1", 1));
    // Three leases long, a's heartbeat keeps its job: b can take nothing, and is never asked to.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < until) {
      assertTrue(b.claim("j1").isEmpty(), "taken while its holder lives");
      assertFalse(b.orphans());
      Thread.sleep(50);
    }
    assertEquals(List.of(), calls);
    assertEquals(Map.of("j1", "a"), column("SELECT job_id, holder FROM unigen_job"));

    // Closing gives the lease up and tells the others: b is asked to take over at once.
    a.close();
    waitUntil(() -> calls.contains("takeOver"));
    assertEquals(accepted("j1", 1), b.claim("j1").get());
  }

  @Test
  void aDeadInstancesJobsAreOfferedToTheLiveOnes() throws Exception {
    PostgresJobJournal a = journal("a", Duration.ofSeconds(1));
    PostgresJobJournal b = journal("b", Duration.ofSeconds(1));
    List<String> calls = new CopyOnWriteArrayList<>();
    b.listen(new JobJournal.Listener() {
      @Override
      public void takeOver() {
        calls.add("takeOver");
      }

      @Override
      public void nudged(String jobId) {
        calls.add("nudged " + jobId);
      }
    });
    a.put(accepted("j1", 1));
    a.stop();
    // b's heartbeat finds the job of an instance whose lease ran out.
    waitUntil(() -> calls.contains("takeOver"));
    assertEquals(List.of("j1"), b.claimUnfinished(Set.of("queue")).stream().map(JournalEntry::jobId)
        .collect(Collectors.toList()));
  }

  @Test
  void aNudgeReachesTheLiveInstanceHoldingTheJobOnly() throws Exception {
    PostgresJobJournal a = journal("a");
    PostgresJobJournal b = journal("b");
    List<String> heard = new CopyOnWriteArrayList<>();
    a.listen(new JobJournal.Listener() {
      @Override
      public void takeOver() {}

      @Override
      public void nudged(String jobId) {
        heard.add(jobId);
      }
    });
    a.put(accepted("j1", 1));
    a.put(accepted("j2", 2).toBuilder().state(State.SUCCEEDED).build());
    assertTrue(b.nudge("j1"));
    waitUntil(() -> heard.contains("j1"));
    // Nobody to wake: a finished job, an unknown one, one b holds itself.
    assertFalse(b.nudge("j2"));
    assertFalse(b.nudge("j9"));
    b.put(accepted("j3", 3));
    assertFalse(b.nudge("j3"));
    // Nor a job whose holder is dead.
    a.stop();
    expire("a");
    assertFalse(b.nudge("j1"));
    assertEquals(List.of("j1"), heard);
  }

  @Test
  void aDeliveryIsRecordedOnceWhereverItArrives() throws Exception {
    PostgresJobJournal a = journal("a");
    PostgresJobJournal b = journal("b");
    assertTrue(a.firstDelivery("queue", "msg_1"));
    assertFalse(b.firstDelivery("queue", "msg_1"));
    assertFalse(a.firstDelivery("queue", "msg_1"));
    assertTrue(b.firstDelivery("fal", "msg_1"), "another provider's delivery");
    // A delivery that changed nothing is forgotten, so the provider's retry is handled.
    a.forgetDelivery("queue", "msg_1");
    assertTrue(b.firstDelivery("queue", "msg_1"));

    // Sixteen copies at once, on two instances: one is first.
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> firsts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      PostgresJobJournal j = i % 2 == 0 ? a : b;
      firsts.add(pool.submit(() -> {
        start.await();
        return j.firstDelivery("queue", "msg_2");
      }));
    }
    start.countDown();
    int first = 0;
    for (Future<Boolean> f : firsts) first += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
    pool.shutdown();
    assertEquals(1, first);
  }

  @Test
  void aDatabaseOfTheFirstSchemaIsBroughtUpToDate() throws Exception {
    String fresh = TestPostgres.get().newDatabase();
    try (Connection c = DriverManager.getConnection(fresh);
        InputStream v1 = PostgresDatabase.class.getResourceAsStream("migrations/V1__budget_and_ledger.sql")) {
      // What the previous release left: version 1 only.
      c.createStatement().execute("CREATE TABLE unigen_schema_version (version integer PRIMARY KEY,"
          + " file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      c.createStatement().execute(new String(v1.readAllBytes(), StandardCharsets.UTF_8));
      c.createStatement().execute("INSERT INTO unigen_schema_version (version, file) VALUES (1, 'V1__budget_and_ledger.sql')");
    }
    try (PostgresDatabase upgraded = PostgresDatabase.connect(fresh, "postgres", "");
        PostgresJobJournal j = PostgresJobJournal.builder(upgraded).build()) {
      j.put(accepted("j1", 1));
      assertEquals(accepted("j1", 1), j.get("j1").get());
    }
    try (Connection c = DriverManager.getConnection(fresh);
        ResultSet rs = c.createStatement().executeQuery("SELECT version FROM unigen_schema_version ORDER BY version")) {
      List<Integer> versions = new ArrayList<>();
      while (rs.next()) versions.add(rs.getInt(1));
      assertEquals(List.of(1, 2), versions);
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PostgresJobJournal.builder(db).lease(Duration.ofMillis(999)));
    assertThrows(IllegalArgumentException.class, () -> PostgresJobJournal.builder(db).instance(" "));
    assertThrows(IllegalArgumentException.class, () -> PostgresJobJournal.builder(db).name("a\tb"));
    assertThrows(NullPointerException.class, () -> PostgresJobJournal.builder(null));
  }

  static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) throw new AssertionError("condition not met in 20 s");
      Thread.sleep(20);
    }
  }
}
