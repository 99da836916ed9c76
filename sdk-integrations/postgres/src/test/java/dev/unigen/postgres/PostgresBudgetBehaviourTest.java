package dev.unigen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.BudgetExceededException.Cap;
import dev.unigen.budget.Reservation;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-memory budget's behaviour, run against {@link PostgresBudget} on a real PostgreSQL: the
 * same amounts, refusals and messages. Each test uses a budget of its own name.
 */
class PostgresBudgetBehaviourTest {
  private static final Map<String, String> NO_TAGS = Map.of();
  private static final Currency IDR = Currency.getInstance("IDR");
  private static PostgresDatabase db;
  private static int budgets;

  private final MutableClock clock = MutableClock.at("2025-03-31T23:59:00Z");

  @BeforeAll
  static void openDatabase() {
    db = PostgresDatabase.connect(TestPostgres.get().newDatabase(), "postgres", "");
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  /** A builder for a budget no other test uses. */
  private static synchronized PostgresBudget.Builder builder() {
    return PostgresBudget.builder(db).name("behaviour-" + (++budgets));
  }

  @Test
  void reserveCommitAndTheDailyCap() {
    Budget budget = builder().perDay(Money.usd("1.00")).clock(clock).build();

    Reservation r = budget.reserve(Money.usd("0.40"), NO_TAGS);
    assertEquals(Money.usd("0.40"), r.amount());
    assertEquals(Money.usd("0.40"), budget.reserved());
    assertEquals(Money.usd("0"), budget.spentToday());

    // The actual may differ from the estimate: 0.40 reserved, 0.35 spent.
    r.commit(Money.usd("0.35"));
    assertEquals(Money.usd("0"), budget.reserved());
    assertEquals(Money.usd("0.35"), budget.spentToday());
    assertEquals(Money.usd("0.35"), budget.spentThisMonth());

    // 0.35 + 0.65 = 1.00 fits exactly; one cent more does not.
    Reservation full = budget.reserve(Money.usd("0.65"), NO_TAGS);
    BudgetExceededException e = assertThrows(BudgetExceededException.class,
        () -> budget.reserve(Money.usd("0.01"), NO_TAGS));
    assertEquals(Cap.PER_DAY, e.cap());
    assertEquals(Money.usd("1.00"), e.limit());
    assertEquals(Money.usd("0.35"), e.spent());
    assertEquals(Money.usd("0.65"), e.reserved());
    assertEquals(Money.usd("0.01"), e.estimate());
    assertEquals(Optional.empty(), e.tagKey());
    assertEquals("budget exceeded: per-day cap of 1.00 USD: spent 0.35 USD + reserved 0.65 USD"
        + " + estimate 0.01 USD would be over it", e.getMessage());
    // The refusal reserved nothing.
    assertEquals(Money.usd("0.65"), budget.reserved());
    full.release();
  }

  @Test
  void anActualOverTheCapIsRecordedAnyway() {
    Budget budget = builder().perDay(Money.usd("1.00")).clock(clock).build();
    budget.reserve(Money.usd("0.50"), NO_TAGS).commit(Money.usd("1.20"));
    assertEquals(Money.usd("1.20"), budget.spentToday());
    // Over the cap, even a free request is refused: 1.20 + 0 + 0 > 1.00.
    assertThrows(BudgetExceededException.class, () -> budget.reserve(Money.usd("0"), NO_TAGS));
  }

  @Test
  void releaseFreesTheEstimateAndSettlingTwiceIsANoOp() {
    Budget budget = builder().perDay(Money.usd("1.00")).clock(clock).build();
    Reservation first = budget.reserve(Money.usd("0.60"), NO_TAGS);
    // 0.60 reserved + 0.50 = 1.10 > 1.00.
    assertThrows(BudgetExceededException.class, () -> budget.reserve(Money.usd("0.50"), NO_TAGS));

    first.release();
    assertEquals(Money.usd("0"), budget.reserved());
    assertEquals(Money.usd("0"), budget.spentToday());
    first.release();
    first.commit(Money.usd("0.60")); // already settled: nothing is added
    assertEquals(Money.usd("0"), budget.spentToday());

    Reservation second = budget.reserve(Money.usd("0.50"), NO_TAGS);
    second.commit(Money.usd("0.50"));
    second.release(); // the commit already settled it
    second.close();
    assertEquals(Money.usd("0.50"), budget.spentToday());
    assertEquals(Money.usd("0"), budget.reserved());

    // try-with-resources releases what was not committed.
    try (Reservation r = budget.reserve(Money.usd("0.30"), NO_TAGS)) {
      assertEquals(r.amount(), budget.reserved());
    }
    assertEquals(Money.usd("0"), budget.reserved());
    assertEquals(Money.usd("0.50"), budget.spentToday());
  }

  @Test
  void maxPerRequestLimitsTheEstimateAlone() {
    Budget budget = builder().maxPerRequest(Money.usd("0.05")).clock(clock).build();
    budget.reserve(Money.usd("0.05"), NO_TAGS).commit(Money.usd("0.05"));
    BudgetExceededException e = assertThrows(BudgetExceededException.class,
        () -> budget.reserve(Money.usd("0.06"), NO_TAGS));
    assertEquals(Cap.PER_REQUEST, e.cap());
    assertEquals(Money.usd("0.05"), e.limit());
    assertEquals(Money.usd("0.06"), e.estimate());
    assertEquals("budget exceeded: estimate 0.06 USD is over the per-request cap of 0.05 USD", e.getMessage());
    assertEquals(Money.usd("0"), budget.reserved());
    // No period caps: many requests under the per-request cap are fine.
    for (int i = 0; i < 100; i++) budget.reserve(Money.usd("0.05"), NO_TAGS).commit(Money.usd("0.05"));
    // 101 x 0.05 = 5.05
    assertEquals(Money.usd("5.05"), budget.spentToday());
  }

  @Test
  void daysAndMonthsRollOverByTheClock() {
    Budget budget = builder()
        .perDay(Money.usd("1.00"))
        .perMonth(Money.usd("1.50"))
        .clock(clock)
        .build();
    // 2025-03-31 23:59 UTC.
    budget.reserve(Money.usd("0.80"), NO_TAGS).commit(Money.usd("0.80"));
    BudgetExceededException day = assertThrows(BudgetExceededException.class,
        () -> budget.reserve(Money.usd("0.30"), NO_TAGS));
    assertEquals(Cap.PER_DAY, day.cap());
    Reservation heldOverMidnight = budget.reserve(Money.usd("0.20"), NO_TAGS); // 0.80 + 0.20 = 1.00

    clock.advance(Duration.ofMinutes(2)); // 2025-04-01 00:01 UTC: a new day and a new month
    assertEquals(Money.usd("0"), budget.spentToday());
    assertEquals(Money.usd("0"), budget.spentThisMonth());
    assertEquals(Money.usd("0.20"), budget.reserved());

    // March's open reservation does not count against April: 0 + 0 + 1.00 <= 1.00.
    Reservation april = budget.reserve(Money.usd("1.00"), NO_TAGS);
    // It settles against March, the period it was made in.
    heldOverMidnight.commit(Money.usd("0.25"));
    assertEquals(Money.usd("0"), budget.spentToday());
    assertEquals(Money.usd("1.00"), budget.reserved());
    april.commit(Money.usd("1.00"));
    assertEquals(Money.usd("1.00"), budget.spentToday());
    assertEquals(Money.usd("1.00"), budget.spentThisMonth());
    assertThrows(BudgetExceededException.class, () -> budget.reserve(Money.usd("0.01"), NO_TAGS));

    clock.advance(Duration.ofDays(1)); // 2025-04-02: the day is fresh, the month is not
    assertEquals(Money.usd("0"), budget.spentToday());
    BudgetExceededException month = assertThrows(BudgetExceededException.class,
        () -> budget.reserve(Money.usd("0.60"), NO_TAGS)); // 1.00 + 0.60 = 1.60 > 1.50
    assertEquals(Cap.PER_MONTH, month.cap());
    assertEquals(Money.usd("1.00"), month.spent());
    assertEquals(Money.usd("1.50"), month.limit());
    budget.reserve(Money.usd("0.50"), NO_TAGS).commit(Money.usd("0.50")); // 1.00 + 0.50 = 1.50
    assertEquals(Money.usd("1.50"), budget.spentThisMonth());
    assertEquals(Money.usd("0.50"), budget.spentToday());
  }

  @Test
  void periodsFollowTheBudgetsZone() {
    // 16:59 UTC on March 31 is 23:59 in Jakarta (UTC+7).
    clock.set(java.time.Instant.parse("2025-03-31T16:59:00Z"));
    Budget budget = builder()
        .perMonth(Money.usd("1.00"))
        .zone(ZoneId.of("Asia/Jakarta"))
        .clock(clock)
        .build();
    budget.reserve(Money.usd("0.70"), NO_TAGS).commit(Money.usd("0.70"));
    assertThrows(BudgetExceededException.class, () -> budget.reserve(Money.usd("0.40"), NO_TAGS));

    clock.advance(Duration.ofMinutes(2)); // 17:01 UTC, still March in UTC, April 1 00:01 in Jakarta
    assertEquals(Money.usd("0"), budget.spentThisMonth());
    budget.reserve(Money.usd("0.40"), NO_TAGS).commit(Money.usd("0.40"));
    assertEquals(Money.usd("0.40"), budget.spentThisMonth());
  }

  @Test
  void perTagCapsApplyToEachValueSeparately() {
    Budget budget = builder()
        .perDay(Money.usd("10.00"))
        .perTagPerDay("user", Money.usd("1.00"))
        .perTagPerMonth("project", Money.usd("2.00"))
        .clock(clock)
        .build();
    budget.reserve(Money.usd("0.90"), Map.of("user", "u-1", "project", "p")).commit(Money.usd("0.90"));

    BudgetExceededException e = assertThrows(BudgetExceededException.class,
        () -> budget.reserve(Money.usd("0.20"), Map.of("user", "u-1", "project", "p")));
    assertEquals(Cap.PER_DAY, e.cap());
    assertEquals(Optional.of("user"), e.tagKey());
    assertEquals(Optional.of("u-1"), e.tagValue());
    assertEquals("budget exceeded: per-day cap for user=u-1 of 1.00 USD: spent 0.90 USD + reserved 0.00 USD"
        + " + estimate 0.20 USD would be over it", e.getMessage());

    // Another user has their own dollar.
    budget.reserve(Money.usd("0.90"), Map.of("user", "u-2", "project", "p")).commit(Money.usd("0.90"));
    // Project p has spent 0.90 + 0.90 = 1.80 this month; 0.30 more would be 2.10 > 2.00.
    BudgetExceededException p = assertThrows(BudgetExceededException.class,
        () -> budget.reserve(Money.usd("0.30"), Map.of("user", "u-3", "project", "p")));
    assertEquals(Cap.PER_MONTH, p.cap());
    assertEquals(Optional.of("project"), p.tagKey());
    assertEquals(Optional.of("p"), p.tagValue());
    assertEquals(Money.usd("1.80"), p.spent());
    // The refused request reserved nothing, not even against u-3.
    assertEquals(Money.usd("0"), budget.spent("user", "u-3", ChronoUnit.DAYS));
    assertEquals(Money.usd("0"), budget.reserved());

    budget.reserve(Money.usd("0.30"), Map.of("user", "u-3", "project", "q")).commit(Money.usd("0.30"));
    // A request without the tags is subject only to the budget-wide cap: 2.10 + 5.00 <= 10.00.
    budget.reserve(Money.usd("5.00"), NO_TAGS).commit(Money.usd("5.00"));

    assertEquals(Money.usd("0.90"), budget.spent("user", "u-1", ChronoUnit.DAYS));
    assertEquals(Money.usd("0.30"), budget.spent("user", "u-3", ChronoUnit.MONTHS));
    assertEquals(Money.usd("1.80"), budget.spent("project", "p", ChronoUnit.MONTHS));
    assertEquals(Money.usd("0.30"), budget.spent("project", "q", ChronoUnit.DAYS));
    // 0.90 + 0.90 + 0.30 + 5.00
    assertEquals(Money.usd("7.10"), budget.spentToday());
    assertThrows(IllegalArgumentException.class, () -> budget.spent("episode", "e1", ChronoUnit.DAYS));
    assertThrows(IllegalArgumentException.class, () -> budget.spent("user", "u-1", ChronoUnit.HOURS));
  }

  @Test
  void amountsInAnotherCurrencyAreConvertedWithTheBudgetsRates() {
    FxRates fx = FxRates.builder().rate("USD", "IDR", "16000").scale(2).build();
    Budget budget = builder().perDay(Money.of("100000", "IDR")).fxRates(fx).clock(clock).build();
    assertEquals(IDR, budget.currency());

    // 5.00 USD x 16000 = 80000.00 IDR
    budget.reserve(Money.usd("5.00"), NO_TAGS).commit(Money.usd("5.00"));
    assertEquals(Money.of("80000", "IDR"), budget.spentToday());
    // 1.50 USD = 24000 IDR; 80000 + 24000 = 104000 > 100000.
    BudgetExceededException e = assertThrows(BudgetExceededException.class,
        () -> budget.reserve(Money.usd("1.50"), NO_TAGS));
    assertEquals(Money.of("24000", "IDR"), e.estimate());
    // 1.25 USD = 20000 IDR fits exactly.
    Reservation r = budget.reserve(Money.usd("1.25"), NO_TAGS);
    assertEquals(Money.usd("1.25"), r.amount());
    assertEquals(Money.of("20000", "IDR"), budget.reserved());
  }

  @Test
  void aRateGivenTheOtherWayIsUsedByDivision() {
    FxRates fx = FxRates.builder().rate("USD", "IDR", "16000").scale(2).build();
    Budget budget = builder().perDay(Money.usd("1.00")).fxRates(fx).clock(clock).build();
    // 8000 IDR / 16000 = 0.50 USD
    budget.reserve(Money.of("8000", "IDR"), NO_TAGS).commit(Money.of("8000", "IDR"));
    assertEquals(Money.usd("0.50"), budget.spentToday());
    // 9600 IDR = 0.60 USD; 0.50 + 0.60 > 1.00
    assertThrows(BudgetExceededException.class, () -> budget.reserve(Money.of("9600", "IDR"), NO_TAGS));
  }

  @Test
  void anotherCurrencyWithoutARateIsACurrencyMismatch() {
    Budget budget = builder().perDay(Money.usd("1.00")).clock(clock).build();
    CurrencyMismatchException e = assertThrows(CurrencyMismatchException.class,
        () -> budget.reserve(Money.of("0.10", "EUR"), NO_TAGS));
    assertTrue(e.getMessage().contains("EUR") && e.getMessage().contains("USD"), e.getMessage());
    assertEquals(Money.usd("0"), budget.reserved());

    // An actual in the wrong currency leaves the reservation open, to be released.
    Reservation r = budget.reserve(Money.usd("0.10"), NO_TAGS);
    assertThrows(CurrencyMismatchException.class, () -> r.commit(Money.of("0.10", "EUR")));
    assertEquals(Money.usd("0.10"), budget.reserved());
    r.release();
    assertEquals(Money.usd("0"), budget.reserved());

    // A budget without caps keeps spend in US dollars, so it needs rates for other currencies too.
    assertThrows(CurrencyMismatchException.class,
        () -> builder().build().reserve(Money.of("0.10", "EUR"), NO_TAGS));
  }
}
