package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.budget.Budget;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.spi.PollResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Money already spent, or maybe spent, is never lost, never spent twice and never outside the cap. */
class MoneySafetyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Generator.Builder generator(Budget budget, JobJournal journal, FakeProvider... providers) {
    return Generator.builder().providers(providers).budget(budget).journal(journal)
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  private static ProviderFailureException unavailable() {
    return new ProviderFailureException("a", "503 Service Unavailable", 503, true, null);
  }

  @Test
  void aJobWhosePollsKeepFailingIsCanceledAtTheProviderAndNeverBoughtAgain() {
    FakeProvider a = FakeProvider.flux("a", "0.01").thenAccept(FakeProvider.queued(0));
    FakeProvider b = FakeProvider.flux("b", "0.02");
    a.pollError = unavailable();
    Budget budget = Budget.perDay(Money.usd("1.00"));
    JobJournal journal = JobJournal.inMemory();
    try (Generator gen = generator(budget, journal, a, b).build()) {
      Job<Generation> job = gen.image("flux-schnell").prompt("x").submit();

      JobCanceledException e = assertThrows(JobCanceledException.class, () -> job.await(WAIT));
      assertTrue(e.getMessage().contains("lost track"), e.getMessage());
      assertEquals(11, a.pollCount.get(), "the first poll and ten retries");
      assertEquals(1, a.canceled.size(), "canceled at the provider");
      assertEquals(0, b.submits(), "never bought again elsewhere");
      assertEquals(JobStatus.CANCELED, job.status());
      assertEquals(JournalEntry.State.CANCELED, journal.list().get(0).state());
      LedgerEntry entry = gen.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.CANCELED, entry.outcome());
      assertEquals(1, gen.ledger().entries().size());
      assertEquals(Money.usd("0"), budget.reserved());
    }
  }

  @Test
  void aJobWhosePollsKeepFailingAndCannotBeCanceledStaysResumableAndIsNeverFailed() {
    FakeProvider a = FakeProvider.flux("a", "0.01").thenAccept(FakeProvider.queued(0), FakeProvider.running(50),
        PollResult.succeeded(FakeProvider.output(1)));
    FakeProvider b = FakeProvider.flux("b", "0.02");
    a.pollError = unavailable();
    a.cancelable = false;
    Budget budget = Budget.perDay(Money.usd("1.00"));
    JobJournal journal = JobJournal.inMemory();
    try (Generator gen = generator(budget, journal, a, b).build()) {
      Job<Generation> job = gen.image("flux-schnell").prompt("x").submit();

      OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () -> job.await(WAIT));
      assertTrue(e.getMessage().contains("jobs().resume()"), e.getMessage());
      assertNotEquals(JobStatus.FAILED, job.status(), "it may still be running");
      assertEquals(0, b.submits(), "never bought again elsewhere");
      assertEquals(JournalEntry.State.ACCEPTED, journal.list().get(0).state(), "resumable");
      assertEquals(List.of(), gen.ledger().entries(), "recorded when it really ends");
      assertEquals(Money.usd("0.01"), budget.spentToday().plus(budget.reserved()), "its estimate stays held");

      a.pollError = null;
      List<Job<Generation>> resumed = gen.jobs().resume();
      assertEquals(1, resumed.size());
      Generation g = resumed.get(0).await(WAIT);
      assertEquals("a", g.provider());
      assertEquals(JournalEntry.State.SUCCEEDED, journal.list().get(0).state());
      assertEquals(1, a.submits());
      assertEquals(0, b.submits());
      List<LedgerEntry> entries = gen.ledger().entries();
      assertEquals(1, entries.size());
      assertInstanceOf(LedgerEntry.class, entries.get(0));
      assertEquals(LedgerEntry.Outcome.SUCCEEDED, entries.get(0).outcome());
    }
  }
}
