package dev.unigen.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.BudgetExceededException.Cap;
import dev.unigen.budget.Reservation;
import dev.unigen.money.Money;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What sharing a budget across instances adds: settling by id anywhere, leases, total caps. */
class PostgresBudgetFleetTest {
  private static final Map<String, String> NO_TAGS = Map.of();
  private static String url;
  private static PostgresDatabase db;

  @BeforeAll
  static void openDatabase() {
    url = TestPostgres.get().newDatabase();
    db = PostgresDatabase.connect(url, "postgres", "");
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @Test
  void twoInstancesShareOneCap() {
    try (PostgresBudget a = PostgresBudget.builder(db).name("shared").perDay(Money.usd("1.00")).build();
        PostgresBudget b = PostgresBudget.builder(db).name("shared").perDay(Money.usd("1.00")).build()) {
      a.reserve(Money.usd("0.60"), NO_TAGS).commit(Money.usd("0.60"));
      // b sees a's spend: 0.60 + 0.50 > 1.00.
      BudgetExceededException e = assertThrows(BudgetExceededException.class,
          () -> b.reserve(Money.usd("0.50"), NO_TAGS));
      assertEquals(Money.usd("0.60"), e.spent());
      PostgresReservation held = b.reserve(Money.usd("0.40"), NO_TAGS);
      assertEquals(Money.usd("0.40"), a.reserved());
      assertEquals(Money.usd("1.00"), a.spentToday().plus(a.reserved()));
    }
  }

  @Test
  void anyInstanceSettlesAReservationByIdOnce() {
    try (PostgresBudget a = PostgresBudget.builder(db).name("by-id").perDay(Money.usd("1.00")).build();
        PostgresBudget b = PostgresBudget.builder(db).name("by-id").perDay(Money.usd("1.00")).build()) {
      PostgresReservation r = a.reserve(Money.usd("0.30"), NO_TAGS);
      assertFalse(r.id().isBlank());
      // Another instance commits it (a webhook reached b, say); a second commit and a release do nothing.
      assertFalse(b.commit(r.id(), Money.usd("0.25")));
      assertFalse(b.commit(r.id(), Money.usd("0.25")));
      r.release();
      assertFalse(r.commit(Money.usd("0.25")));
      assertEquals(Money.usd("0.25"), a.spentToday());
      assertEquals(Money.usd("0"), a.reserved());
      // An id no one reserved settles nothing.
      assertFalse(b.commit("no-such-reservation", Money.usd("1")));
      b.release("no-such-reservation");
      assertEquals(Money.usd("0.25"), b.spentToday());
      // An actual over the cap reports the overrun, to the instance that commits it.
      PostgresReservation big = a.reserve(Money.usd("0.75"), NO_TAGS);
      assertTrue(b.commit(big.id(), Money.usd("0.80")));
      assertEquals(Money.usd("1.05"), a.spentToday());
    }
  }

  @Test
  void theReservationsOfADeadInstanceAreReleasedAfterTheirLease() throws Exception {
    PostgresBudget dead = PostgresBudget.builder(db).name("lease").perDay(Money.usd("1.00"))
        .lease(Duration.ofSeconds(1)).build();
    try (PostgresBudget alive = PostgresBudget.builder(db).name("lease").perDay(Money.usd("1.00")).build()) {
      Reservation lost = dead.reserve(Money.usd("0.90"), NO_TAGS);
      dead.close(); // stops renewing, as a killed process would
      assertThrows(BudgetExceededException.class, () -> alive.reserve(Money.usd("0.20"), NO_TAGS));
      // The lease is one second; the survivor releases it once it has run out (polled, bounded).
      int released = 0;
      for (int i = 0; i < 100 && released == 0; i++) {
        Thread.sleep(100);
        released = alive.releaseExpired();
      }
      assertEquals(1, released);
      assertEquals(Money.usd("0"), alive.reserved());
      alive.reserve(Money.usd("0.20"), NO_TAGS).commit(Money.usd("0.20"));
      // Had the call behind it still finished and been paid for, its spend is counted all the same.
      lost.commit(Money.usd("0.85"));
      assertEquals(Money.usd("1.05"), alive.spentToday());
      assertEquals(0, alive.releaseExpired());
    }
  }

  @Test
  void aReservationTheDatabaseLostIsCountedAtItsCommit() throws SQLException {
    try (PostgresBudget budget = PostgresBudget.builder(db).name("lost").perDay(Money.usd("1.00"))
        .perTagPerDay("user", Money.usd("0.50")).build()) {
      Reservation r = budget.reserve(Money.usd("0.40"), Map.of("user", "u-1"));
      // What a crash before the reservation's flush leaves: neither the row nor the held amounts.
      try (Connection c = DriverManager.getConnection(url)) {
        c.createStatement().executeUpdate("UPDATE unigen_budget_window SET reserved = 0 WHERE budget = 'lost'");
        c.createStatement().executeUpdate("DELETE FROM unigen_budget_reservation WHERE budget = 'lost'");
      }
      assertEquals(Money.usd("0"), budget.reserved());
      assertFalse(r.commit(Money.usd("0.40")));
      assertEquals(Money.usd("0.40"), budget.spentToday());
      assertEquals(Money.usd("0.40"), budget.spent("user", "u-1", ChronoUnit.DAYS));
    }
  }

  @Test
  void aCommitACrashInterruptedIsFinishedByAnyInstance() throws SQLException {
    try (PostgresBudget a = PostgresBudget.builder(db).name("interrupted").perDay(Money.usd("1.00")).build();
        PostgresBudget b = PostgresBudget.builder(db).name("interrupted").perDay(Money.usd("1.00")).build()) {
      PostgresReservation r = a.reserve(Money.usd("0.50"), NO_TAGS);
      // Only the commit's first, durable step: what a crash between its two steps leaves.
      try (Connection c = DriverManager.getConnection(url)) {
        c.createStatement().executeQuery("SELECT unigen_budget_commit('" + r.id() + "', 0.45)").close();
      }
      // Meanwhile the estimate stays held, so the cap still counts it: 0.50 + 0.60 > 1.00.
      assertEquals(Money.usd("0.50"), a.reserved());
      assertEquals(Money.usd("0"), a.spentToday());
      assertThrows(BudgetExceededException.class, () -> a.reserve(Money.usd("0.60"), NO_TAGS));
      // The first commit won: another commit or a release changes nothing.
      assertFalse(r.commit(Money.usd("0.99")));
      r.release();
      // Any instance's sweep applies it.
      assertEquals(0, b.releaseExpired());
      assertEquals(Money.usd("0.45"), a.spentToday());
      assertEquals(Money.usd("0"), a.reserved());
    }
  }

  @Test
  void totalCapsHoldForGood() {
    MutableClock clock = MutableClock.at("2025-03-31T12:00:00Z");
    try (PostgresBudget budget = PostgresBudget.builder(db).name("credits").total(Money.usd("10.00"))
        .perTagTotal("user", Money.usd("1.00")).clock(clock).build()) {
      budget.reserve(Money.usd("0.70"), Map.of("user", "u-1")).commit(Money.usd("0.70"));
      clock.advance(Duration.ofDays(40)); // another day and month: a total does not renew
      BudgetExceededException e = assertThrows(BudgetExceededException.class,
          () -> budget.reserve(Money.usd("0.40"), Map.of("user", "u-1")));
      assertEquals(Cap.TOTAL, e.cap());
      assertEquals(Optional.of("u-1"), e.tagValue());
      assertEquals("budget exceeded: total cap for user=u-1 of 1.00 USD: spent 0.70 USD + reserved 0.00 USD"
          + " + estimate 0.40 USD would be over it", e.getMessage());
      budget.reserve(Money.usd("0.30"), Map.of("user", "u-1")).commit(Money.usd("0.30"));
      budget.reserve(Money.usd("0.90"), Map.of("user", "u-2", "project", "p")).release();
      assertTrue(budget.spend(Money.usd("9.50"), Map.of("user", "u-3")));
      // 0.70 + 0.30 + 9.50 = 10.50 > 10.00: even a free request is refused now.
      assertEquals(Money.usd("10.50"), budget.spentInTotal());
      assertEquals(Money.usd("1.00"), budget.spent("user", "u-1", ChronoUnit.FOREVER));
      BudgetExceededException all = assertThrows(BudgetExceededException.class,
          () -> budget.reserve(Money.usd("0"), NO_TAGS));
      assertEquals(Cap.TOTAL, all.cap());
      assertEquals(Optional.empty(), all.tagKey());
    }
    try (PostgresBudget noTotal = PostgresBudget.builder(db).name("no-total").build()) {
      assertThrows(IllegalStateException.class, noTotal::spentInTotal);
    }
  }

  @Test
  void aBudgetKeepsTheCurrencyItWasCreatedIn() throws SQLException {
    PostgresBudget.builder(db).name("in-usd").perDay(Money.usd("1")).build().close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PostgresBudget.builder(db).name("in-usd").perDay(Money.of("1", "EUR")).build());
    assertTrue(e.getMessage().contains("USD"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PostgresBudget.builder(db).name(" "));
    assertThrows(IllegalArgumentException.class, () -> PostgresBudget.builder(db).lease(Duration.ofMillis(10)));
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT currency FROM unigen_budget WHERE name = 'in-usd'")) {
      assertTrue(rs.next());
      assertEquals("USD", rs.getString(1));
    }
  }
}
