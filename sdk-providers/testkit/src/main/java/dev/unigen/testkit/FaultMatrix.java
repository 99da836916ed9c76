package dev.unigen.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unigen.AllProvidersFailedException;
import dev.unigen.Attempt;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.JobCanceledException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Offer;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The fault matrix of {@link ProviderContractTest}: the sample request goes through a real
 * {@link Generator} (a budget, the default ledger, an in-memory journal) against the check's
 * server, which answers with one fault, and each check asserts the typed error, that the wait was
 * bounded, how many billable requests (submits) were sent, and what the ledger and the budget
 * say. One generator setting holds for every fault: one retry of what is safe to repeat, polls a
 * millisecond apart, and a submit timeout of {@link #SUBMIT_TIMEOUT}.
 */
final class FaultMatrix {
  static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(2);
  static final int RETRIES = 1;
  /** The generator reads a completed result this many times before it gives up: the first read and three more. */
  static final int RESULT_READS = 4;
  /** Polls that fail in a row before the generator stops polling: the first and ten retries. */
  static final int POLL_ERRORS = 11;
  private static final Money CEILING = Money.usd("5.00");

  private final ProviderContractTest kit;

  FaultMatrix(ProviderContractTest kit) {
    this.kit = kit;
  }

  /** What one run of the sample request came to. */
  record Outcome(Throwable error, List<Attempt> attempts, List<LedgerEntry> ledger, Budget budget, JobJournal journal,
      int submits, Money expected, Money reserved) {
    /** The failure of the one attempt made. */
    GenerationException attemptError() {
      assertEquals(1, attempts.size(), "one offer was tried: " + attempts);
      return attempts.get(0).error().orElseThrow(() -> new AssertionError("the attempt did not fail: " + attempts));
    }
  }

  /**
   * Runs the sample request (or the job sample when {@code job}) with {@code answers} queued on
   * the server, and waits a bounded time for its end.
   */
  Outcome run(boolean job, List<MockResponse> answers) {
    MockWebServer server = kit.server();
    Offer offer = job ? kit.jobOffer(kit.catalogOf()) : kit.sampleOffer(kit.catalogOf());
    Task task = job ? kit.jobTask(offer) : kit.sampleTask(offer);
    Request request = kit.request(offer, task);
    Budget budget = Budget.perDay(Money.usd("100000"));
    JobJournal journal = JobJournal.inMemory();
    try (Generator gen = Generator.builder().environment(kit.environment())
        .provider(ctx -> kit.factory().create(ctx))
        // Provider order admits an unpriced offer (held to the ceiling), which the cheapest strategy leaves out.
        .strategy(Strategy.providerOrder(kit.factory().name()))
        .budget(budget).unpricedCeiling(CEILING).journal(journal)
        .maxRetries(RETRIES).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(2))
        .submitTimeout(SUBMIT_TIMEOUT).build()) {
      Plan plan = gen.quote(request);
      assumeTrue(!plan.isEmpty(), offer.key() + " cannot serve the sample request through a generator: " + plan);
      Money expected = plan.quotes().get(0).estimate().orElse(CEILING);
      boolean mayExceed = plan.quotes().get(0).estimate().isPresent()
          && offer.price().map(p -> p.actualMayExceedEstimate()).orElse(false);
      Money reserved = mayExceed ? expected.times(BigDecimal.valueOf(2)) : expected;
      answers.forEach(server::enqueue);
      CompletableFuture<?> result = job ? gen.submit(request).future() : gen.generateAsync(request);
      Throwable error = null;
      try {
        // Bounded: every fault ends in a typed error well within this.
        result.get(TestCalls.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        error = e.getCause();
      } catch (TimeoutException e) {
        fail(offer.key() + ": no end within " + TestCalls.WAIT + " — an unbounded wait");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      List<Attempt> attempts = error instanceof AllProvidersFailedException
          ? ((AllProvidersFailedException) error).attempts() : List.of();
      if (attempts.isEmpty() && error instanceof GenerationException) {
        attempts = List.of(new Attempt(offer.provider(), offer.model(), offer.endpoint(task), Attempt.Outcome.FAILED,
            (GenerationException) error, 1, java.time.Instant.EPOCH, Duration.ZERO, null));
      }
      return new Outcome(error, attempts, gen.ledger().entries(), budget, journal, submits(server), expected, reserved);
    }
  }

  /** The requests the server got that are submits: sent to the first request's method and path, and not polls. */
  private int submits(MockWebServer server) {
    List<RecordedRequest> all = new ArrayList<>();
    try {
      for (RecordedRequest r = server.takeRequest(0, TimeUnit.SECONDS); r != null; r = server.takeRequest(0, TimeUnit.SECONDS)) {
        all.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (all.isEmpty()) return 0;
    RecordedRequest first = all.get(0);
    int n = 0;
    for (RecordedRequest r : all) {
      if (r.getMethod().equals(first.getMethod()) && r.getUrl().encodedPath().equals(first.getUrl().encodedPath())
          && !kit.isPoll(r)) {
        n++;
      }
    }
    return n;
  }

  /** The one ledger entry, with {@code outcome} and {@code billed}; the budget spent what the entry says was billed. */
  static void assertRecorded(Outcome o, LedgerEntry.Outcome outcome, boolean billed) {
    assertEquals(1, o.ledger().size(), "one ledger entry: " + o.ledger());
    LedgerEntry e = o.ledger().get(0);
    assertEquals(outcome, e.outcome(), e.detail());
    assertEquals(billed, e.billed(), "billed: " + e.detail());
    assertEquals(billed ? o.expected() : Money.zero(o.expected().currency()), o.budget().spentToday(),
        "the budget counts what may be billed, and nothing else");
    assertEquals(Money.zero(o.expected().currency()), o.budget().reserved(), "nothing stays reserved");
  }

  /** The ledger's one entry agrees with the budget, whatever the offer's failure billing says. */
  static void assertBudgetFollowsLedger(Outcome o, LedgerEntry.Outcome outcome) {
    assertEquals(1, o.ledger().size(), "one ledger entry: " + o.ledger());
    assertEquals(outcome, o.ledger().get(0).outcome(), o.ledger().get(0).detail());
    assertRecorded(o, outcome, o.ledger().get(0).billed());
  }

  /** Polls kept failing: canceled at the provider, or left resumable with its estimate held; never failed. */
  static void assertLostTrackSafely(Outcome o) {
    assertEquals(1, o.submits(), "submitted once");
    if (o.error() instanceof JobCanceledException) {
      assertEquals(1, o.ledger().size(), "the canceled job is recorded");
      assertEquals(LedgerEntry.Outcome.CANCELED, o.ledger().get(0).outcome());
      return;
    }
    assertInstanceOf(OutcomeUnknownException.class, o.error(), "lost track of, not failed");
    assertEquals(List.of(), o.ledger(), "recorded when it really ends");
    List<JournalEntry> entries = o.journal().list();
    assertEquals(1, entries.size());
    assertEquals(JournalEntry.State.ACCEPTED, entries.get(0).state(), "resumable");
    assertEquals(o.reserved(), o.budget().reserved().plus(o.budget().spentToday()), "its reservation stays held");
    assertNotEquals(Money.zero(o.expected().currency()), o.budget().reserved().plus(o.budget().spentToday()));
  }

  /** The attempt ended with an unknown outcome: sent once, recorded so, its estimate counted. */
  static void assertUnknownOutcome(Outcome o) {
    assertInstanceOf(OutcomeUnknownException.class, o.attemptError());
    assertEquals(1, o.submits(), "an unknown outcome is never re-sent");
    assertEquals(1, o.ledger().size(), "one ledger entry: " + o.ledger());
    assertEquals(LedgerEntry.Outcome.OUTCOME_UNKNOWN, o.ledger().get(0).outcome(), o.ledger().get(0).detail());
    assertEquals(o.expected(), o.budget().spentToday(), "what may have been billed stays counted");
    assertEquals(Money.zero(o.expected().currency()), o.budget().reserved(), "nothing stays reserved");
  }

  /** Failed as {@code type}: sent {@code submits} times, recorded as failed and unbilled, nothing spent. */
  static <E extends GenerationException> E assertFailedUnbilled(Outcome o, Class<E> type, int submits) {
    E e = assertInstanceOf(type, o.attemptError());
    assertEquals(submits, o.submits(), "submits sent");
    assertRecorded(o, LedgerEntry.Outcome.FAILED, false);
    assertTrue(o.journal().list().stream().allMatch(j -> j.state().isDone()), "nothing left unfinished");
    return e;
  }
}
