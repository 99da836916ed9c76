package dev.unigen.postgres;

import dev.unigen.jobs.JournalEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throughput harness for the PostgreSQL job journal, not a test, on a server started as the tests
 * start theirs, durable settings unchanged: journal writes per second (8 threads), then, once the
 * instance that wrote them is dead, single-job claims per second (8 threads, each job asked for
 * once, by one of 8 instances) and a bulk take-over (one instance takes every job of a dead
 * one in one statement). Prints one line per figure.
 *
 * <p>Run: {@code mvn -pl sdk-integrations/postgres -am test-compile} then
 * {@code java -cp <test classpath> dev.unigen.postgres.JournalThroughput [jobs]}; see docs/fleet.md.
 */
public final class JournalThroughput {
  private static final int THREADS = 8;

  private JournalThroughput() {}

  /** Writes {@code jobs} entries (default 20,000) twice over, claims them one by one, writes and takes them over again. */
  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String url = TestPostgres.get().newDatabase();
    try (PostgresDatabase db = PostgresDatabase.connect(url, "postgres", "", 2 * THREADS + 4)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);

      PostgresJobJournal dead = PostgresJobJournal.builder(db).instance("dead").build();
      double writes = run(pool, jobs, n -> dead.put(PostgresJobJournalTest.submitting("a" + n, n)));
      System.out.printf("journal writes/s (SUBMITTING entries), %d threads: %.0f%n", THREADS, writes);
      double accepts = run(pool, jobs, n -> dead.put(PostgresJobJournalTest.accepted("a" + n, n)));
      System.out.printf("journal writes/s (SUBMITTING to ACCEPTED), %d threads: %.0f%n", THREADS, accepts);
      die(dead, url);

      List<PostgresJobJournal> takers = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) takers.add(PostgresJobJournal.builder(db).instance("taker-" + i).build());
      AtomicInteger taken = new AtomicInteger();
      // Each job is asked for once, by one of eight instances, from eight threads.
      double claims = run(pool, jobs, n -> {
        if (takers.get(n % THREADS).claim("a" + n).isPresent()) taken.incrementAndGet();
      });
      System.out.printf("single-job claims/s, %d instances: %.0f (%d of %d taken)%n", THREADS, claims, taken.get(), jobs);

      PostgresJobJournal dead2 = PostgresJobJournal.builder(db).instance("dead-2").build();
      run(pool, jobs, n -> dead2.put(PostgresJobJournalTest.accepted("b" + n, n)));
      die(dead2, url);
      PostgresJobJournal heir = PostgresJobJournal.builder(db).instance("heir").build();
      long start = System.nanoTime();
      List<JournalEntry> all = heir.claimUnfinished(Set.of("queue"));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("bulk take-over: %d jobs of a dead instance in one claim, %.0f ms (%.0f jobs/s)%n",
          all.size(), seconds * 1000, all.size() / seconds);
      pool.shutdown();
      for (PostgresJobJournal t : takers) t.close();
      heir.close();
    }
    System.exit(0);
  }

  /** Stops {@code journal} as a kill would and ends its lease now. */
  private static void die(PostgresJobJournal journal, String url) throws Exception {
    journal.stop();
    try (Connection c = DriverManager.getConnection(url)) {
      c.createStatement().executeUpdate("UPDATE unigen_job_instance SET lease_until = now() - interval '1 second'"
          + " WHERE instance = '" + journal.instance() + "'");
    }
  }

  /** Runs {@code op} for 0 to {@code count - 1} on the pool's threads; returns operations per second. */
  private static double run(ExecutorService pool, int count, IntOp op) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(pool.submit(() -> {
        for (int n; (n = next.getAndIncrement()) < count; ) op.run(n);
        return null;
      }));
    }
    for (Future<?> f : done) f.get();
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private interface IntOp {
    void run(int n) throws Exception;
  }
}
