package dev.unigen.postgres;

import dev.unigen.budget.Reservation;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throughput harness, not a test: reservations per second (reserve then commit, and reserve
 * alone) and ledger appends per second from 8 threads on one PostgreSQL server started as the
 * tests start theirs, durable settings unchanged. Prints one line per figure.
 *
 * <p>Run: {@code mvn -pl sdk-integrations/postgres -am test-compile} then
 * {@code java -cp <test classpath> dev.unigen.postgres.FleetThroughput [seconds]}; see docs/fleet.md.
 */
public final class FleetThroughput {
  private static final int THREADS = 8;

  private FleetThroughput() {}

  /** Runs each measurement for the given seconds (default 10) after a warm-up of a third of that. */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    try (PostgresDatabase db = PostgresDatabase.connect(TestPostgres.get().newDatabase(), "postgres", "", THREADS + 2);
        PostgresBudget budget = PostgresBudget.builder(db).perDay(Money.usd("1000000000"))
            .perTagPerDay("user", Money.usd("1000000")).build();
        PostgresCostLedger ledger = PostgresCostLedger.builder(db).build()) {
      Map<String, String> tags = Map.of("user", "u-1");
      Runnable cycle = () -> {
        Reservation r = budget.reserve(Money.usd("0.003"), tags);
        r.commit(Money.usd("0.003"));
      };
      Runnable reserveOnly = () -> budget.reserve(Money.usd("0.003"), tags);
      Runnable append = () -> ledger.record(LedgerEntry.builder().generationId("g").timestamp(Instant.now())
          .provider("fal").model("flux-schnell").endpoint("fal-ai/flux/schnell").task("text-to-image")
          .outcome(Outcome.SUCCEEDED).actual(Money.usd("0.003")).basis(CostBasis.COMPUTED).tag("user", "u-1").build());
      report("budget reserve+commit cycles/s", measure(cycle, seconds));
      report("budget reservations/s (reserve only)", measure(reserveOnly, seconds));
      report("ledger appends/s", measure(append, seconds));
    }
    System.exit(0);
  }

  private static void report(String what, double perSecond) {
    System.out.printf("%s, %d threads: %.0f%n", what, THREADS, perSecond);
  }

  /** Runs {@code op} in a loop on 8 threads; returns operations per second after a warm-up. */
  private static double measure(Runnable op, double seconds) throws InterruptedException {
    long warmupEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
    long end = warmupEnd + (long) (seconds * 1e9);
    AtomicLong done = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < warmupEnd) op.run();
          long n = 0;
          while (System.nanoTime() < end) {
            op.run();
            n++;
          }
          done.addAndGet(n);
        } finally {
          finished.countDown();
        }
      });
      threads.add(t);
      t.start();
    }
    finished.await();
    return done.get() / seconds;
  }
}
