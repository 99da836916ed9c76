package dev.unigen.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The caps hold when many threads reserve at once. */
class BudgetConcurrencyTest {
  private static final Money CENT = Money.usd("0.01");

  private ExecutorService pool;
  private final MutableClock clock = MutableClock.at("2025-05-14T12:00:00Z");

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(32);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  @RepeatedTest(3)
  void aDailyCapOfOneDollarAdmitsExactlyOneHundredCentRequests() throws Exception {
    Budget budget = Budget.builder().perDay(Money.usd("1.00")).clock(clock).build();
    Outcomes outcomes = run(500, i -> Map.of(), budget);

    // $1.00 / $0.01 = 100 requests fit; the other 400 are refused.
    assertEquals(100, outcomes.admitted.get());
    assertEquals(400, outcomes.refused.get());
    assertTrue(outcomes.unexpected.isEmpty(), outcomes.unexpected.toString());
    assertEquals(Money.usd("1.00"), budget.spentToday());
    assertEquals(Money.usd("0"), budget.reserved());
  }

  @Test
  void eachUserGetsExactlyTheirOwnDailyCap() throws Exception {
    Budget budget = Budget.builder()
        .perDay(Money.usd("1.00"))
        .perTagPerDay("user", Money.usd("0.10"))
        .clock(clock)
        .build();
    // 5 users x 60 requests of $0.01, interleaved; each user's $0.10 admits 10 of theirs.
    Outcomes outcomes = run(300, i -> Map.of("user", "u-" + (i % 5)), budget);

    assertEquals(50, outcomes.admitted.get());
    assertEquals(250, outcomes.refused.get());
    assertTrue(outcomes.unexpected.isEmpty(), outcomes.unexpected.toString());
    for (int u = 0; u < 5; u++) {
      assertEquals(Money.usd("0.10"), budget.spent("user", "u-" + u, ChronoUnit.DAYS));
    }
    assertEquals(Money.usd("0.50"), budget.spentToday());
  }

  @Test
  void theBudgetWideCapBindsBeforeThePerUserCaps() throws Exception {
    Budget budget = Budget.builder()
        .perDay(Money.usd("0.35"))
        .perTagPerDay("user", Money.usd("0.10"))
        .clock(clock)
        .build();
    // Per-user caps would allow 5 x $0.10 = $0.50, but the day allows only $0.35: 35 requests.
    Outcomes outcomes = run(300, i -> Map.of("user", "u-" + (i % 5)), budget);

    assertEquals(35, outcomes.admitted.get());
    assertEquals(265, outcomes.refused.get());
    assertTrue(outcomes.unexpected.isEmpty(), outcomes.unexpected.toString());
    assertEquals(Money.usd("0.35"), budget.spentToday());
    Money sumOfUsers = Money.usd("0");
    for (int u = 0; u < 5; u++) {
      Money spent = budget.spent("user", "u-" + u, ChronoUnit.DAYS);
      assertTrue(!spent.isGreaterThan(Money.usd("0.10")), "u-" + u + " spent " + spent);
      sumOfUsers = sumOfUsers.plus(spent);
    }
    assertEquals(Money.usd("0.35"), sumOfUsers);
  }

  private Outcomes run(int tasks, java.util.function.IntFunction<Map<String, String>> tags, Budget budget)
      throws Exception {
    Outcomes outcomes = new Outcomes();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      Map<String, String> t = tags.apply(i);
      futures.add(pool.submit(() -> {
        try {
          start.await();
          Reservation r = budget.reserve(CENT, t);
          r.commit(CENT);
          outcomes.admitted.incrementAndGet();
        } catch (BudgetExceededException e) {
          outcomes.refused.incrementAndGet();
        } catch (Throwable e) {
          outcomes.unexpected.add(e);
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) f.get(30, TimeUnit.SECONDS);
    return outcomes;
  }

  private static final class Outcomes {
    final AtomicInteger admitted = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
  }
}
