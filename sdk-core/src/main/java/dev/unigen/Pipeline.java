package dev.unigen;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.TimeoutExceededException;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.Reservation;
import dev.unigen.catalog.Offer;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.FailureBilling;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PricingException;
import dev.unigen.request.Request;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Selector;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, end to end: plan, then for each quote in order reserve its estimate in the budget,
 * submit under the provider's policies, poll an accepted job, price what came back, record the
 * attempt in the ledger and commit the budget — or record why the offer was left and move on.
 */
final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final Map<String, Provider> providers;
  private final Map<String, ProviderPolicies> policies = new HashMap<>();
  private final Selector selector;
  private final Budget budget;
  private final CostLedger ledger;
  private final List<GenerationListener> listeners;
  private final Clock clock;
  private final Generator.Settings settings;
  private final JobRunner jobs;
  private final Asset.Fetcher fetcher;

  Pipeline(Map<String, Provider> providers, Selector selector, Budget budget, CostLedger ledger,
      List<GenerationListener> listeners, Clock clock, ScheduledExecutorService scheduler,
      Generator.Settings settings, OkHttpClient http) {
    this.providers = providers;
    this.selector = selector;
    this.budget = budget;
    this.ledger = ledger;
    this.listeners = listeners;
    this.clock = clock;
    this.settings = settings;
    this.jobs = new JobRunner(scheduler, clock, settings);
    this.fetcher = Downloads.fetcher(http);
    for (String name : providers.keySet()) policies.put(name, new ProviderPolicies(name, settings, scheduler, listeners));
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
    return new Run(request, plan, observer).attempt(0);
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
    final Plan plan;
    final JobObserver observer;
    final String generationId = UUID.randomUUID().toString();
    final Instant started = clock.instant();
    final List<Attempt> attempts = new ArrayList<>(2);
    BudgetExceededException budgetRefusal;

    Run(Request request, Plan plan, JobObserver observer) {
      this.request = request;
      this.plan = plan;
      this.observer = observer;
    }

    CompletableFuture<Generation> attempt(int index) {
      if (observer != null && observer.canceled()) return fail(new JobCanceledException(null, "canceled before it was sent"));
      if (index >= plan.quotes().size()) {
        if (budgetRefusal != null && attempts.stream().allMatch(a -> a.outcome() == Attempt.Outcome.SKIPPED)) {
          return fail(budgetRefusal);
        }
        return fail(new AllProvidersFailedException(attempts));
      }
      Quote quote = plan.quotes().get(index);
      Offer offer = quote.offer();
      Provider provider = providers.get(offer.provider());
      Money estimate = quote.estimate().orElse(null);
      Instant t0 = clock.instant();
      Reservation reservation = null;
      try {
        if (budget != null) {
          reservation = budget.reserve(estimate != null ? estimate : Money.zero(selector.currency()), request.tags());
        }
      } catch (BudgetExceededException e) {
        budgetRefusal = e;
        ended(new Attempt(offer.provider(), offer.model(), offer.endpoint(request.task()), Attempt.Outcome.SKIPPED,
            e, 0, t0, Duration.ZERO, estimate));
        return attempt(index + 1);
      }
      Reservation held = reservation;
      ProviderCall call = new ProviderCall(UUID.randomUUID().toString(), request, offer, estimate, settings.submitTimeout);
      AtomicInteger tries = new AtomicInteger();
      boolean[] accepted = new boolean[1];
      CompletableFuture<Submission> submitted;
      try {
        submitted = policies.get(provider.name()).executor().getStageAsync(() -> {
          tries.incrementAndGet();
          for (GenerationListener l : listeners) Pipeline.notify(() -> l.attemptStarted(provider.name(), offer.model()));
          return provider.submit(call);
        });
      } catch (RuntimeException e) {
        submitted = CompletableFuture.failedFuture(e);
      }
      CompletableFuture<ProviderOutput> output = submitted.thenCompose(s -> {
        if (s.output().isPresent()) return CompletableFuture.completedFuture(s.output().get());
        accepted[0] = true;
        if (observer != null) observer.accepted(provider, s.job().get());
        return jobs.await(provider, s.job().get(), observer);
      });
      return output.handle((out, err) -> {
        try {
          return err == null
              ? CompletableFuture.completedFuture(succeed(quote, call, out, t0, tries.get(), held))
              : failed(index, quote, call, err, t0, tries.get(), held, accepted[0]);
        } catch (RuntimeException e) {
          if (held != null) held.release();
          return Pipeline.this.fail(Generator.unwrap(e));
        }
      }).thenCompose(f -> f);
    }

    private Generation succeed(Quote quote, ProviderCall call, ProviderOutput out, Instant t0, int tries,
        Reservation reservation) {
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
      if (reservation != null) {
        reservation.commit(actual != null ? actual : estimate != null ? estimate : Money.zero(selector.currency()));
      }
      Instant now = clock.instant();
      LedgerEntry.Builder entry = entry(call, LedgerEntry.Outcome.SUCCEEDED, true, now)
          .basis(cost.basis()).detail(cost.detail());
      if (actual != null) entry.actual(actual);
      out.providerRequestId().ifPresent(entry::providerRequestId);
      // The output is paid for: a ledger that cannot record it must not lose it.
      record(entry, warnings);
      ended(new Attempt(offer.provider(), offer.model(), call.endpoint(), Attempt.Outcome.SUCCEEDED, null, tries,
          t0, Duration.between(t0, now), estimate));
      List<Asset> assets = new ArrayList<>(out.assets().size());
      for (Asset a : out.assets()) assets.add(a.url().isPresent() ? a.toBuilder().fetcher(fetcher).build() : a);
      Generation g = new Generation(generationId, request, offer.provider(), offer.model(), call.endpoint(), assets,
          out.text().orElse(null), cost, attempts, started, now, warnings, out.providerRequestId().orElse(null));
      for (GenerationListener l : listeners) Pipeline.notify(() -> l.succeeded(g));
      return g;
    }

    private CompletableFuture<Generation> failed(int index, Quote quote, ProviderCall call, Throwable err, Instant t0,
        int tries, Reservation reservation, boolean accepted) {
      Offer offer = quote.offer();
      Money estimate = quote.estimate().orElse(null);
      boolean skipped = Generator.unwrap(err) != null && isCircuitOpen(err);
      GenerationException error = classify(offer.provider(), err);
      Attempt.Outcome outcome = skipped ? Attempt.Outcome.SKIPPED
          : error instanceof OutcomeUnknownException ? Attempt.Outcome.OUTCOME_UNKNOWN : Attempt.Outcome.FAILED;
      boolean billed = !skipped && billed(offer, error, accepted);
      boolean maybeBilled = billed || outcome == Attempt.Outcome.OUTCOME_UNKNOWN;
      // What may have been charged stays counted against the budget, so the cap holds.
      if (reservation != null) {
        if (maybeBilled && estimate != null) reservation.commit(estimate);
        else reservation.release();
      }
      Instant now = clock.instant();
      if (!skipped) {
        LedgerEntry.Outcome ledgerOutcome = error instanceof JobCanceledException ? LedgerEntry.Outcome.CANCELED
            : outcome == Attempt.Outcome.OUTCOME_UNKNOWN ? LedgerEntry.Outcome.OUTCOME_UNKNOWN : LedgerEntry.Outcome.FAILED;
        record(entry(call, ledgerOutcome, billed, now).basis(estimate != null ? CostBasis.ESTIMATED : CostBasis.UNPRICED)
            .detail(error.getClass().getSimpleName() + ": " + error.getMessage()), new ArrayList<>());
      }
      ended(new Attempt(offer.provider(), offer.model(), call.endpoint(), outcome, error, tries, t0,
          Duration.between(t0, now), estimate));
      if (error instanceof InvalidRequestException || error instanceof JobCanceledException) return fail(error);
      if (error instanceof ContentModeratedException && !settings.failoverOnModeration) return fail(error);
      // A job the provider accepted and will bill is reported, not paid for again elsewhere.
      if (accepted && billed) return fail(error);
      return attempt(index + 1);
    }

    private LedgerEntry.Builder entry(ProviderCall call, LedgerEntry.Outcome outcome, boolean billed, Instant at) {
      LedgerEntry.Builder b = LedgerEntry.builder().id(call.id()).generationId(generationId).timestamp(at)
          .provider(call.offer().provider()).model(call.offer().model()).endpoint(call.endpoint())
          .task(request.task()).outcome(outcome).billed(billed).tags(request.tags());
      call.estimate().ifPresent(b::estimate);
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
    FailureBilling fb = offer.price().map(PriceRule::failureBilling).orElse(FailureBilling.NEVER);
    if (error instanceof JobCanceledException) return accepted && fb.canceledAfterStart();
    if (error instanceof InvalidRequestException) return fb.rejectedInput();
    if (error instanceof ProviderFailureException || error instanceof GenerationTimeoutException) return fb.providerError();
    return false;
  }
}
