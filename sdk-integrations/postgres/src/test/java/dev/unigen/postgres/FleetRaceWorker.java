package dev.unigen.postgres;

import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.Reservation;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of the fleet race (see {@link PostgresFleetRaceTest}), run in its own JVM: fires
 * {@code calls} paid calls at once from a pool of threads, each reserving the price against the
 * shared budget, recording the attempt in the shared ledger and committing. Prints
 * {@code succeeded=S refused=R failed=F}.
 */
public final class FleetRaceWorker {
  private FleetRaceWorker() {}

  /** Arguments: JDBC URL, budget name, daily cap, price, number of calls, threads, instance name. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String name = args[1];
    Money cap = Money.usd(args[2]);
    Money price = Money.usd(args[3]);
    int calls = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    String instance = args[6];
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    try (PostgresDatabase db = PostgresDatabase.connect(url, "postgres", "", threads);
        PostgresBudget budget = PostgresBudget.builder(db).name(name).instance(instance).perDay(cap).build();
        PostgresCostLedger ledger = PostgresCostLedger.builder(db).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < calls; i++) {
        int n = i;
        pool.execute(() -> {
          try {
            start.await();
            try (Reservation r = budget.reserve(price, Map.of("instance", instance))) {
              ledger.record(LedgerEntry.builder().id(instance + "-" + n + "-" + UUID.randomUUID())
                  .generationId("g-" + instance + "-" + n).timestamp(Instant.now()).provider("sandbox")
                  .model("flux-schnell").endpoint("sandbox/flux-schnell").task("text-to-image")
                  .outcome(Outcome.SUCCEEDED).estimate(price).actual(price).basis(CostBasis.COMPUTED)
                  .tag("instance", instance).build());
              r.commit(price);
              succeeded.incrementAndGet();
            }
          } catch (BudgetExceededException e) {
            refused.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
            e.printStackTrace();
          }
        });
      }
      start.countDown();
      pool.shutdown();
      if (!pool.awaitTermination(5, TimeUnit.MINUTES)) failed.incrementAndGet();
    }
    System.out.println("succeeded=" + succeeded + " refused=" + refused + " failed=" + failed);
  }
}
