package dev.unigen;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.TimeoutExceededException;
import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.Reservation;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.AssetSources;
import dev.unigen.internal.Downloads;
import dev.unigen.internal.Ids;
import dev.unigen.internal.JobObserver;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PriceRule.FailureBilling;
import dev.unigen.pricing.PricingException;
import dev.unigen.request.Request;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Selector;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, end to end: plan, then for each quote in order reserve its estimate in the budget,
 * submit under the provider's policies, journal an accepted job before polling it, price what came
 * back, store its assets, record the attempt in the ledger and commit the budget — or record why
 * the offer was left and move on.
 */
final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final Map<String, Provider> providers;
  private final Map<String, ProviderPolicies> policies = new HashMap<>();
  private final Selector selector;
  private final Catalog catalog;
  private final Budget budget;
  private final CostLedger ledger;
  private final JobJournal journal;
  private final AssetStore assetStore;
  private final Executor io;
  private final List<GenerationListener> listeners;
  private final Clock clock;
  private final Generator.Settings settings;
  private final JobRunner jobs;
  private final Downloads downloads;

  Pipeline(Map<String, Provider> providers, Selector selector, Budget budget, CostLedger ledger, JobJournal journal,
      AssetStore assetStore, Executor io, List<GenerationListener> listeners, Clock clock,
      ScheduledExecutorService scheduler, Generator.Settings settings, OkHttpClient http) {
    this.downloads = new Downloads(http, settings.allowLoopbackDownloads, settings.maxDownloadBytes);
    this.providers = providers;
    this.selector = selector;
    this.catalog = selector.catalog();
    this.budget = budget;
    this.ledger = ledger;
    this.journal = journal;
    this.assetStore = assetStore;
    this.io = io;
    this.listeners = listeners;
    this.clock = clock;
    this.settings = settings;
    this.jobs = new JobRunner(scheduler, clock, settings);
    for (String name : providers.keySet()) policies.put(name, new ProviderPolicies(name, settings, scheduler, listeners));
  }

  JobRunner jobRunner() {
    return jobs;
  }

  CompletableFuture<Generation> run(Request request, JobObserver observer) {
    Plan plan;
    try {
      plan = selector.plan(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (GenerationListener l : listeners) notify(() -> l.planned(plan));
    if (plan.isEmpty()) return fail(new NoOfferException(plan));
    return new Run(request, plan.quotes(), Ids.random(), observer).attempt(0);
  }

  /**
   * Finishes a journaled job a previous process left running: polls it again (never submits it
   * again), then prices, stores and records it like any other. After a restart there is no plan
   * left to fail over along, so a failure is reported.
   *
   * @throws IllegalStateException if the job's provider is not configured
   */
  CompletableFuture<Generation> resume(JournalEntry entry, JobObserver observer) {
    Provider provider = providers.get(entry.provider());
    if (provider == null) throw new IllegalStateException("provider " + entry.provider() + " is not configured");
    Offer offer = catalog.offer(entry.provider(), entry.model()).orElseGet(() -> Offer.builder(entry.provider(), entry.model())
        .endpoint(entry.ref().attributes().getOrDefault("endpoint", entry.model())).tasks(entry.request().task())
        .provenance(entry.created().atZone(java.time.ZoneOffset.UTC).toLocalDate(), "journal").build());
    Quote quote = entry.estimate().isPresent() ? Quote.of(offer, entry.estimate().get()) : Quote.unpriced(offer);
    Run run = new Run(entry.request(), List.of(quote), entry.generationId(), observer);
    run.resumedFrom = entry;
    return run.poll(quote, provider, entry.ref());
  }

  private CompletableFuture<Generation> fail(GenerationException e) {
    for (GenerationListener l : listeners) notify(() -> l.failed(e));
    return CompletableFuture.failedFuture(e);
  }

  private static void notify(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("a generation listener failed: {}", e.toString());
    }
  }

  /** The state of one request across its attempts; attempts run one after another. */
  private final class Run {
    final Request request;
    final List<Quote> quotes;
    final JobObserver observer;
    final String generationId;
    final String jobId;
    final Instant started = clock.instant();
    final List<Attempt> attempts = new ArrayList<>(2);
    BudgetExceededException budgetRefusal;
    JournalEntry resumedFrom;

    Run(Request request, List<Quote> quotes, String generationId, JobObserver observer) {
      this.request = request;
      this.quotes = quotes;
      this.observer = observer;
      this.generationId = generationId;
      this.jobId = observer != null ? observer.jobId() : generationId;
    }

    CompletableFuture<Generation> attempt(int index) {
      if (observer != null && observer.canceled()) return fail(new JobCanceledException(null, "canceled before it was sent"));
      if (index >= quotes.size()) {
        if (budgetRefusal != null && attempts.stream().allMatch(a -> a.outcome() == Attempt.Outcome.SKIPPED)) {
          return fail(budgetRefusal);
        }
        return fail(new AllProvidersFailedException(attempts));
      }
      Quote quote = quotes.get(index);
      Offer offer = quote.offer();
      Provider provider = providers.get(offer.provider());
      Money estimate = quote.estimate().orElse(null);
      Instant t0 = clock.instant();
      Reservation reservation = null;
      try {
        if (budget != null) {
          reservation = budget.reserve(held(estimate), request.tags());
        }
      } catch (BudgetExceededException e) {
        budgetRefusal = e;
        ended(new Attempt(offer.provider(), offer.model(), offer.endpoint(request.task()), Attempt.Outcome.SKIPPED,
            e, 0, t0, Duration.ZERO, estimate));
        return attempt(index + 1);
      }
      Reservation held = reservation;
      ProviderCall call = new ProviderCall(Ids.random(), request, offer, estimate, settings.submitTimeout);
      AtomicInteger tries = new AtomicInteger();
      JournalEntry[] accepted = new JournalEntry[1];
      CompletableFuture<Submission> submitted;
      try {
        submitted = policies.get(provider.name()).submit(offer, () -> {
          tries.incrementAndGet();
          for (GenerationListener l : listeners) Pipeline.notify(() -> l.attemptStarted(provider.name(), offer.model()));
          return provider.submit(call);
        });
      } catch (RuntimeException e) {
        submitted = CompletableFuture.failedFuture(e);
      }
      CompletableFuture<ProviderOutput> output = submitted.thenCompose(s -> {
        if (s.output().isPresent()) return CompletableFuture.completedFuture(s.output().get());
        JobRef ref = s.job().get();
        // Journaled before the first poll: from here on a restart resumes the job, never re-submits it.
        accepted[0] = journalAccepted(offer, ref, estimate);
        if (observer != null) observer.accepted(provider, ref);
        return jobs.await(provider, ref, observer);
      });
      return output.handle((out, err) -> {
        try {
          return err == null
              ? succeed(quote, call.id(), call.endpoint(), out, t0, tries.get(), held, accepted[0])
              : failed(index, quote, call.id(), call.endpoint(), err, t0, tries.get(), held, accepted[0]);
        } catch (RuntimeException e) {
          if (held != null) held.release();
          return Pipeline.this.fail(Generator.unwrap(e));
        }
      }).thenCompose(f -> f);
    }

    /** Polls a resumed job to its end. */
    CompletableFuture<Generation> poll(Quote quote, Provider provider, JobRef ref) {
      Instant t0 = clock.instant();
      String callId = Ids.random();
      String endpoint = quote.offer().endpoint(request.task());
      if (observer != null) observer.accepted(provider, ref);
      return jobs.await(provider, ref, observer).handle((out, err) -> {
        try {
          return err == null
              ? succeed(quote, callId, endpoint, out, t0, 0, null, resumedFrom)
              : failed(quotes.size(), quote, callId, endpoint, err, t0, 0, null, resumedFrom);
        } catch (RuntimeException e) {
          return Pipeline.this.fail(Generator.unwrap(e));
        }
      }).thenCompose(f -> f);
    }

    private JournalEntry journalAccepted(Offer offer, JobRef ref, Money estimate) {
      Instant now = clock.instant();
      JournalEntry entry = JournalEntry.builder(jobId).generationId(generationId).ref(ref).model(offer.model())
          .request(request).estimate(estimate).created(now).updated(now).build();
      try {
        journal.put(entry);
      } catch (RuntimeException e) {
        log.error("job {} at {} could not be journaled and will not survive a restart: {}", jobId, ref.provider(), e.toString());
      }
      return entry;
    }

    private void journalEnd(JournalEntry entry, JournalEntry.State state, String detail, List<Asset> assets) {
      if (entry == null) return;
      List<String> where = new ArrayList<>();
      for (Asset a : assets) where.add(a.file().map(Object::toString).orElse(a.url().filter(u -> !u.startsWith("data:")).orElse("(in memory)")));
      try {
        journal.put(entry.toBuilder().state(state).updated(clock.instant()).detail(detail).assets(where).build());
      } catch (RuntimeException e) {
        log.warn("job {} finished but its journal entry could not be updated: {}", jobId, e.toString());
      }
    }

    /**
     * What a call is held to before its actual is known: its estimate, or for an unpriced offer
     * the user's unpriced ceiling (the selector admits an unpriced offer under a cap only with one).
     */
    private Money held(Money estimate) {
      return estimate != null ? estimate : selector.unpricedCeiling().orElse(Money.zero(selector.currency()));
    }

    /**
     * Counts money that is already spent: the reservation's commit, or for a resumed job (whose
     * reservation died with the old process) the budget's spend, which no cap refuses. Returns
     * what to report when that took a cap over its limit, else null; a budget that cannot count
     * it is reported too, and never loses the paid result.
     */
    private String commitSpent(Reservation reservation, Money spent) {
      try {
        boolean overran = reservation != null ? reservation.commit(spent)
            : budget != null && resumedFrom != null && budget.spend(spent, request.tags());
        return overran ? "budget overrun: " + spent + " was already spent and took a cap over its limit" : null;
      } catch (RuntimeException e) {
        log.error("the budget could not count {} already spent: {}", spent, e.toString());
        return "the budget could not count " + spent + " already spent: " + e.getMessage();
      }
    }

    /**
     * The estimate is in the selector's currency and the actual in the offer's: the ledger keeps
     * both in one currency, so the actual is converted when the rates allow it.
     */
    private Money inEstimateCurrency(Money actual, Money estimate) {
      if (estimate == null || actual.currency().equals(estimate.currency())) return actual;
      FxRates rates = selector.fxRates();
      return rates.canConvert(actual.currency(), estimate.currency()) ? rates.convert(actual, estimate.currency()) : actual;
    }

    private CompletableFuture<Generation> succeed(Quote quote, String callId, String endpoint, ProviderOutput out,
        Instant t0, int tries, Reservation reservation, JournalEntry accepted) {
      Offer offer = quote.offer();
      Money estimate = quote.estimate().orElse(null);
      List<String> warnings = new ArrayList<>(out.warnings());
      Cost cost;
      PriceRule rule = offer.price().orElse(null);
      if (rule != null) {
        Charge charge;
        try {
          charge = rule.actual(out.usage());
        } catch (PricingException e) {
          charge = Charge.unpriced("could not price the output: " + e.getMessage());
          warnings.add(charge.detail());
        }
        cost = new Cost(estimate, charge.amount().orElse(null), charge.basis(), charge.detail(), rule.kind());
      } else if (out.usage().reportedCost().isPresent()) {
        cost = new Cost(null, out.usage().reportedCost().get(), CostBasis.REPORTED, "reported by the provider", "unpriced");
      } else {
        cost = new Cost(null, null, CostBasis.UNPRICED, "no known price for " + offer.key(), "unpriced");
        warnings.add(cost.detail());
      }
      Money actual = cost.actual().orElse(null);
      Money spent = actual != null ? actual : held(estimate);
      String overrun = commitSpent(reservation, spent);
      if (overrun != null) warnings.add(overrun);
      Instant now = clock.instant();
      LedgerEntry.Builder entry = entry(callId, offer, endpoint, LedgerEntry.Outcome.SUCCEEDED, true, estimate, now)
          .basis(cost.basis()).detail(overrun == null ? cost.detail() : cost.detail() + "; " + overrun);
      if (actual != null) entry.actual(inEstimateCurrency(actual, estimate));
      out.providerRequestId().ifPresent(entry::providerRequestId);
      // The output is paid for: a ledger that cannot record it must not lose it.
      record(entry, warnings);
      ended(new Attempt(offer.provider(), offer.model(), endpoint, Attempt.Outcome.SUCCEEDED, null, tries, t0,
          Duration.between(t0, now), estimate));
      return store(out.assets(), warnings).thenApply(assets -> {
        if (accepted != null) journalEnd(accepted, JournalEntry.State.SUCCEEDED, cost.toString(), assets);
        Generation g = new Generation(generationId, request, offer.provider(), offer.model(), endpoint, assets,
            out.text().orElse(null), cost, attempts, started, clock.instant(), warnings, out.providerRequestId().orElse(null));
        for (GenerationListener l : listeners) Pipeline.notify(() -> l.succeeded(g));
        return g;
      });
    }

    /** Stores the assets off the scheduler; one that cannot be stored keeps its URL and says why. */
    private CompletableFuture<List<Asset>> store(List<Asset> produced, List<String> warnings) {
      List<Asset> bound = new ArrayList<>(produced.size());
      for (Asset a : produced) {
        bound.add(a.url().isPresent() ? a.toBuilder().fetcher(downloads.fetcher(a.mediaType())).build() : a);
      }
      if (assetStore == null || bound.isEmpty()) return CompletableFuture.completedFuture(bound);
      return CompletableFuture.supplyAsync(() -> {
        List<Asset> stored = new ArrayList<>(bound.size());
        for (int i = 0; i < bound.size(); i++) {
          Asset a = bound.get(i);
          try {
            stored.add(assetStore.store(a, AssetSources.of(a, downloads), generationId, i, request.task()));
          } catch (Exception e) {
            String why = "asset " + i + " was not stored (" + e.getMessage() + "); its provider URL is kept";
            log.warn("generation {}: {}", generationId, why);
            synchronized (warnings) {
              warnings.add(why);
            }
            stored.add(a);
          }
        }
        return stored;
      }, io);
    }

    private CompletableFuture<Generation> failed(int index, Quote quote, String callId, String endpoint, Throwable err,
        Instant t0, int tries, Reservation reservation, JournalEntry accepted) {
      Offer offer = quote.offer();
      Money estimate = quote.estimate().orElse(null);
      boolean skipped = isCircuitOpen(err);
      GenerationException error = classify(offer.provider(), err);
      Attempt.Outcome outcome = skipped ? Attempt.Outcome.SKIPPED
          : error instanceof OutcomeUnknownException ? Attempt.Outcome.OUTCOME_UNKNOWN : Attempt.Outcome.FAILED;
      boolean wasAccepted = accepted != null;
      boolean billed = !skipped && billed(offer, error, wasAccepted);
      boolean maybeBilled = billed || outcome == Attempt.Outcome.OUTCOME_UNKNOWN;
      // What may have been charged stays counted against the budget, so the cap holds.
      if (reservation != null) {
        if (maybeBilled || error instanceof GeneratorClosedException) reservation.commit(reservation.amount());
        else reservation.release();
      }
      Instant now = clock.instant();
      // Still running at the provider and journaled as accepted: resume() finishes it later.
      if (error instanceof GeneratorClosedException) return fail(error);
      if (!skipped) {
        LedgerEntry.Outcome ledgerOutcome = error instanceof JobCanceledException ? LedgerEntry.Outcome.CANCELED
            : outcome == Attempt.Outcome.OUTCOME_UNKNOWN ? LedgerEntry.Outcome.OUTCOME_UNKNOWN : LedgerEntry.Outcome.FAILED;
        record(entry(callId, offer, endpoint, ledgerOutcome, billed, estimate, now)
            .basis(estimate != null ? CostBasis.ESTIMATED : CostBasis.UNPRICED)
            .detail(error.getClass().getSimpleName() + ": " + error.getMessage()), new ArrayList<>());
      }
      journalEnd(accepted, error instanceof JobCanceledException ? JournalEntry.State.CANCELED : JournalEntry.State.FAILED,
          error.getClass().getSimpleName() + ": " + error.getMessage(), List.of());
      ended(new Attempt(offer.provider(), offer.model(), endpoint, outcome, error, tries, t0,
          Duration.between(t0, now), estimate));
      if (!skipped) {
        log.info("{} failed on {}: {}", offer.key(), generationId, error.getMessage());
      }
      if (error instanceof InvalidRequestException || error instanceof JobCanceledException) return fail(error);
      if (error instanceof ContentModeratedException && !settings.failoverOnModeration) return fail(error);
      // A job the provider accepted and will bill is reported, not paid for again elsewhere.
      if (wasAccepted && billed) return fail(error);
      return attempt(index + 1);
    }

    private LedgerEntry.Builder entry(String callId, Offer offer, String endpoint, LedgerEntry.Outcome outcome,
        boolean billed, Money estimate, Instant at) {
      LedgerEntry.Builder b = LedgerEntry.builder().id(callId).generationId(generationId).timestamp(at)
          .provider(offer.provider()).model(offer.model()).endpoint(endpoint)
          .task(request.task()).outcome(outcome).billed(billed).tags(request.tags());
      if (estimate != null) b.estimate(estimate);
      return b;
    }

    private void record(LedgerEntry.Builder entry, List<String> warnings) {
      try {
        ledger.record(entry.build());
      } catch (RuntimeException e) {
        String why = "the cost ledger could not record attempt: " + e.getMessage();
        log.warn(why);
        warnings.add(why);
      }
    }

    private void ended(Attempt a) {
      attempts.add(a);
      for (GenerationListener l : listeners) Pipeline.notify(() -> l.attemptEnded(a));
    }
  }

  private static boolean isCircuitOpen(Throwable err) {
    Throwable t = err;
    while (t != null) {
      if (t instanceof CircuitBreakerOpenException) return true;
      t = t.getCause();
    }
    return false;
  }

  /** Turns whatever an attempt failed with into the typed error failover decides on. */
  static GenerationException classify(String provider, Throwable err) {
    Throwable t = err;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException
        || t instanceof dev.failsafe.FailsafeException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof GenerationException) return (GenerationException) t;
    if (t instanceof CircuitBreakerOpenException) {
      return new ProviderFailureException(provider, "circuit breaker open after repeated failures; not sent");
    }
    if (t instanceof TimeoutExceededException) {
      return new OutcomeUnknownException(provider, "no answer within the submit timeout; it may have been accepted", t);
    }
    return new ProviderFailureException(provider, "unexpected failure: " + t, 0, false, t);
  }

  /** Whether a failed attempt is billed, by the offer's failure-billing flags. */
  static boolean billed(Offer offer, GenerationException error, boolean accepted) {
    // A request that never reached the network cannot have been billed, whatever the offer says.
    if (error instanceof NotSentException) return false;
    FailureBilling fb = offer.price().map(PriceRule::failureBilling).orElse(FailureBilling.NEVER);
    if (error instanceof JobCanceledException) return accepted && fb.canceledAfterStart();
    if (error instanceof InvalidRequestException) return fb.rejectedInput();
    if (error instanceof ProviderFailureException || error instanceof GenerationTimeoutException) return fb.providerError();
    return false;
  }
}
