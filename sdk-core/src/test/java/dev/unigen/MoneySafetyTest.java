package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
      assertEquals(Money.usd("0.01"), budget.spentToday(), "the held estimate is settled on the actual, not counted twice");
      assertEquals(Money.usd("0"), budget.reserved());
    }
  }

  /** A provider whose per-image offer bills the units it reports, and reports twice the units asked for. */
  private static FakeProvider billingTwice(String name, boolean mayExceed) {
    FakeProvider p = new FakeProvider(name, "{'format':1,'provider':'" + name + "','offers':[{'model':'flux-schnell',"
        + "'endpoint':'" + name + "/flux-schnell','tasks':['text-to-image'],"
        + "'price':{'kind':'per-image','price':'0.10'" + (mayExceed ? ",'actualMayExceed':true" : "") + "},"
        + "'asOf':'2026-11-01','source':'test'}]}");
    return p.then(call -> CompletableFuture.completedFuture(Submission.completed(ProviderOutput.builder()
        .asset(FakeProvider.output(1).assets().get(0))
        .usage(Usage.builder().image(1024, 1024).billedUnits(new BigDecimal("2")).build()).build())));
  }

  @Test
  void anActualAboveTheEstimateIsHeldWithHeadroomSoTheCapHoldsAndIsReportedAsAnOverrun() {
    List<GenerationListener.Overrun> heard = new CopyOnWriteArrayList<>();
    Budget budget = Budget.perDay(Money.usd("0.30"));
    try (Generator gen = Generator.builder().providers(billingTwice("a", true)).budget(budget)
        .listener(new GenerationListener() {
          @Override
          public void overrun(GenerationListener.Overrun overrun) {
            heard.add(overrun);
          }
        }).build()) {
      Generation g = gen.image("flux-schnell").prompt("x").generate();

      // By hand: estimated 1 x $0.10, billed 2 units x $0.10 = $0.20.
      assertEquals(Money.usd("0.20"), g.cost().actual().get());
      assertTrue(g.warnings().stream().anyMatch(w -> w.startsWith("overrun")), g.warnings().toString());
      assertEquals(List.of(new GenerationListener.Overrun(g.id(), "a", "flux-schnell", Optional.of(Money.usd("0.10")), Money.usd("0.20"), false)), heard);
      assertEquals(Money.usd("0.10"), heard.get(0).excess());
      LedgerEntry entry = gen.ledger().entries().get(0);
      assertEquals(Optional.of(Money.usd("0.10")), entry.overrun());
      assertTrue(entry.detail().contains("overrun"), entry.detail());

      // $0.20 spent; the next call holds $0.10 plus 100 % headroom, which the $0.30 cap refuses.
      assertThrows(BudgetExceededException.class, () -> gen.image("flux-schnell").prompt("x").generate());
      assertEquals(Money.usd("0.20"), budget.spentToday());
      assertEquals(Money.usd("0"), budget.reserved());
    }
  }

  @Test
  void withoutHeadroomAnActualThatPassesTheCapIsCountedAndReported() {
    List<GenerationListener.Overrun> heard = new CopyOnWriteArrayList<>();
    Budget budget = Budget.perDay(Money.usd("0.30"));
    try (Generator gen = Generator.builder().providers(billingTwice("a", true)).budget(budget)
        .reservationHeadroom(BigDecimal.ZERO)
        .listener(new GenerationListener() {
          @Override
          public void overrun(GenerationListener.Overrun overrun) {
            heard.add(overrun);
          }
        }).build()) {
      gen.image("flux-schnell").prompt("x").generate();
      Generation second = gen.image("flux-schnell").prompt("x").generate();

      assertEquals(Money.usd("0.40"), budget.spentToday(), "money spent is counted even past the cap");
      assertEquals(2, heard.size());
      assertTrue(heard.get(1).capPassed());
      assertTrue(second.warnings().stream().anyMatch(w -> w.startsWith("budget overrun")), second.warnings().toString());
      assertTrue(gen.ledger().entries().get(1).detail().contains("budget overrun"));
    }
  }

  @Test
  void anOfferWhoseActualCannotExceedItsEstimateHoldsTheEstimateAlone() {
    // The cap is exactly the estimate: no headroom is added for an offer that does not say its actual may exceed.
    Budget budget = Budget.perDay(Money.usd("0.10"));
    try (Generator gen = Generator.builder().providers(billingTwice("a", false)).budget(budget).build()) {
      gen.image("flux-schnell").prompt("x").generate();
      assertEquals(Money.usd("0.20"), budget.spentToday());
    }
  }

  /** A flux offer at $0.01 whose submit never answers, as in a process killed before the answer was read. */
  private static FakeProvider neverAnswers(String name) {
    return FakeProvider.flux(name, "0.01").then(call -> new CompletableFuture<>());
  }

  /** Leaves a SUBMITTING entry in {@code dir}, as a process killed while its submit was in flight would. */
  private static JournalEntry killedWhileSubmitting(Path dir) throws Exception {
    JobJournal journal = JobJournal.directory(dir);
    FakeProvider a = neverAnswers("a");
    try (Generator first = generator(Budget.perDay(Money.usd("1.00")), journal, a).build()) {
      first.image("flux-schnell").prompt("x").submit();
      JobsTest.waitUntil(() -> a.submits() == 1);
      JournalEntry e = journal.list().get(0);
      assertEquals(JournalEntry.State.SUBMITTING, e.state(), "written before the request left");
      assertEquals(a.calls.get(0).id(), e.callId().get(), "with the client-side id the call was sent with");
      assertEquals(Optional.of(Money.usd("0.01")), e.estimate());
      return e;
    }
  }

  @Test
  void aCallWhoseAnswerARestartLostIsAnUnknownOutcomeWithItsEstimateCounted(@TempDir Path dir) throws Exception {
    JournalEntry submitting = killedWhileSubmitting(dir);
    FakeProvider a = FakeProvider.flux("a", "0.01");
    Budget budget = Budget.perDay(Money.usd("1.00"));
    JobJournal journal = JobJournal.directory(dir);
    try (Generator second = generator(budget, journal, a).build()) {
      List<Job<Generation>> resumed = second.jobs().resume();

      assertEquals(1, resumed.size());
      OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () -> resumed.get(0).await(WAIT));
      assertTrue(e.getMessage().contains("may have been accepted and billed"), e.getMessage());
      assertEquals(0, a.submits(), "never sent again");
      LedgerEntry entry = second.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.OUTCOME_UNKNOWN, entry.outcome());
      assertEquals(submitting.callId().get(), entry.id());
      assertEquals(Money.usd("0.01"), entry.estimate().get());
      assertEquals(Money.usd("0.01"), budget.spentToday(), "its estimate stays counted");
      assertEquals(List.of(), journal.list(), "the ledger holds it now");
      assertEquals(List.of(), second.jobs().resume(), "accounted for once");
    }
  }

  @Test
  void aCallWhoseAnswerARestartLostIsFoundAtAProviderThatCanLookItUp(@TempDir Path dir) throws Exception {
    JournalEntry submitting = killedWhileSubmitting(dir);
    FakeProvider a = FakeProvider.flux("a", "0.01").thenAccept(FakeProvider.running(50), PollResult.succeeded(FakeProvider.output(1)));
    a.finder = call -> Optional.of(Submission.accepted(JobRef.of("a", "job-found", "https://example.com/poll", null, Map.of())));
    JobJournal journal = JobJournal.directory(dir);
    try (Generator second = generator(Budget.perDay(Money.usd("1.00")), journal, a).build()) {
      Generation g = second.jobs().resume().get(0).await(WAIT);

      assertEquals("a", g.provider());
      assertEquals(submitting.callId().get(), a.lookedUp.get(0).id(), "looked up by its client-side id");
      assertEquals(0, a.submits(), "never sent again");
      assertEquals(LedgerEntry.Outcome.SUCCEEDED, second.ledger().entries().get(0).outcome());
      assertEquals(submitting.callId().get(), second.ledger().entries().get(0).id());
      JournalEntry end = journal.list().get(0);
      assertEquals(JournalEntry.State.SUCCEEDED, end.state());
      assertEquals("job-found", end.ref().get().id());
    }
  }

  @Test
  void aJobAProcessRecordedBeforeDyingIsNeitherRecordedNorCountedAgainWhenResumed() {
    // The process before recorded the job's success in a shared ledger (and counted it in a shared
    // budget), then died before its journal entry said SUCCEEDED: the journal still says ACCEPTED.
    Request request = Request.builder(dev.unigen.request.Task.TEXT_TO_IMAGE).model("flux-schnell")
        .prompt("x").build();
    JobJournal journal = JobJournal.inMemory();
    journal.put(JournalEntry.builder("job-1").generationId("gen-1").state(JournalEntry.State.ACCEPTED)
        .ref(JobRef.of("a", "provider-job-1", "https://example.com/poll", null, Map.of())).callId("call-1")
        .model("flux-schnell").request(request).estimate(Money.usd("0.01")).created(java.time.Instant.now()).build());
    dev.unigen.ledger.CostLedger ledger = dev.unigen.ledger.CostLedger.inMemory();
    ledger.record(LedgerEntry.builder().id("call-1").generationId("gen-1").timestamp(java.time.Instant.now()).provider("a")
        .model("flux-schnell").endpoint("a/flux-schnell").task(request.task()).outcome(LedgerEntry.Outcome.SUCCEEDED)
        .billed(true).estimate(Money.usd("0.01")).actual(Money.usd("0.01")).basis(dev.unigen.pricing.CostBasis.COMPUTED).build());
    FakeProvider a = FakeProvider.flux("a", "0.01").answerPolls(PollResult.succeeded(FakeProvider.output(1)));
    Budget budget = Budget.perDay(Money.usd("1.00"));
    try (Generator gen = generator(budget, journal, a).ledger(ledger).build()) {
      gen.jobs().resume().get(0).await(WAIT);

      assertEquals(1, ledger.entries().size(), "recorded once");
      assertTrue(budget.spentToday().isZero(), "counted once, by the process that recorded it: " + budget.spentToday());
      assertEquals(JournalEntry.State.SUCCEEDED, journal.get("job-1").get().state(), "and its journal entry ends");
      assertEquals(List.of(), gen.jobs().resume());
    }
  }

  @Test
  void aCallTheProviderNeverReceivedIsRecordedUnbilled(@TempDir Path dir) throws Exception {
    killedWhileSubmitting(dir);
    FakeProvider a = FakeProvider.flux("a", "0.01");
    a.finder = call -> Optional.empty();
    Budget budget = Budget.perDay(Money.usd("1.00"));
    JobJournal journal = JobJournal.directory(dir);
    try (Generator second = generator(budget, journal, a).build()) {
      Job<Generation> job = second.jobs().resume().get(0);
      assertThrows(GenerationException.class, () -> job.await(WAIT));

      LedgerEntry entry = second.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.FAILED, entry.outcome());
      assertEquals(false, entry.billed());
      assertEquals(Money.usd("0"), budget.spentToday());
      assertEquals(List.of(), journal.list(), "the ledger holds it now");
      assertEquals(0, a.submits());
    }
  }
}
