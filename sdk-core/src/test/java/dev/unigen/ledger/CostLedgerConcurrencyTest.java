package dev.unigen.ledger;

import static dev.unigen.ledger.Entries.huggingFacePro;
import static dev.unigen.ledger.Entries.paid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads record at once: no entry is lost or torn, and the included credit is used exactly once. */
class CostLedgerConcurrencyTest {
  private static final Instant MAY = Instant.parse("2025-05-01T00:00:00Z");
  private static final Instant JUNE = Instant.parse("2025-06-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void concurrentRecordsKeepEveryEntryAndCreditTheIncludedAmountOnce() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    int threads = 16;
    int perThread = 50;
    try (CostLedger ledger = CostLedger.builder().file(file).subscriptions(List.of(huggingFacePro())).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            ledger.record(paid("t" + thread + "-" + i, "2025-05-10T10:00:00Z", "huggingface", "flux-schnell", "0.01")
                .tag("user", "u-" + thread).build());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) f.get(30, TimeUnit.SECONDS);
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

      // 800 entries of $0.01 = $8.00; the first $2.00 is credited, $6.00 is charged.
      assertEquals(800, ledger.entries().size());
      assertEquals(Money.usd("6.00"), ledger.totals(MAY, JUNE).total());
      Money credited = Money.usd("0");
      for (LedgerEntry e : ledger.entries()) credited = credited.plus(e.credited());
      assertEquals(Money.usd("2.00"), credited);
    }
    assertEquals(800, Files.readAllLines(file).size());
    try (CostLedger reopened = CostLedger.builder().file(file).subscriptions(List.of(huggingFacePro())).build()) {
      assertEquals(800, new HashSet<>(reopened.entries()).size());
      assertEquals(Money.usd("6.00"), reopened.totals(MAY, JUNE).total());
      // Each of the 16 users recorded 50 x $0.01 = $0.50 of actual cost; credits are spread among them.
      assertEquals(16, reopened.totals(MAY, JUNE).byTag("user").size());
    }
  }
}
