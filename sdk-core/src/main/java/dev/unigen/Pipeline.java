package dev.unigen;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.TimeoutExceededException;
import dev.unigen.assets.AssetStore;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.Reservation;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.Downloads;
import dev.unigen.internal.Ids;
import dev.unigen.internal.Timeouts;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.CostLedger;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PriceRule.FailureBilling;
import dev.unigen.request.Request;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Selector;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, end to end: plan it, then try its quotes in order, each attempt owned by a
 * {@link JobOwner} from reservation to journal end, and fail over to the next quote when an
 * attempt ended in a way another provider can do better — never when money may already be spent
 * on it. Also the engine the owners share: the providers and their policies, the budget, ledger,
 * journal and asset store, and the owners of accepted jobs by provider job id, for webhooks.
 */
final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  final Map<String, Provider> providers;
  final Map<String, ProviderPolicies> policies = new HashMap<>();
  /** Swapped whole when the catalog is refreshed, so a call plans on one catalog or the other, never a mix. */
  volatile Selector selector;
  final Budget budget;
  final CostLedger ledger;
  final JobJournal journal;
  final AssetStore assetStore;
  final Executor io;
  final List<GenerationListener> listeners;
  final Clock clock;
  final Generator.Settings settings;
  final ScheduledExecutorService scheduler;
  /** The submit tries' timeouts, apart from the scheduler: see {@link Timeouts} for why. */
  final Timeouts timeouts;
  final Downloads downloads;
  /** Owners of accepted jobs by provider and provider job id, so a webhook finds exactly its job. */
  private final Map<String, JobOwner> active = new ConcurrentHashMap<>();
  /** Owners of the calls this process is making, from their first journal entry to their end, by job id. */
  private final Map<String, JobOwner> following = new ConcurrentHashMap<>();
  /** Reservations of jobs this process stopped following while they may still run, by job id. */
  private final Map<String, Reservation> parked = new ConcurrentHashMap<>();

  Pipeline(Map<String, Provider> providers, Selector selector, Budget budget, CostLedger ledger, JobJournal journal,
      AssetStore assetStore, Executor io, List<GenerationListener> listeners, Clock clock,
      ScheduledExecutorService scheduler, Generator.Settings settings, OkHttpClient http) {
    this.downloads = new Downloads(http, settings.allowLoopbackDownloads, settings.maxDownloadBytes);
    this.timeouts = new Timeouts("unigen-timeouts", settings.submitTimeout.toNanos());
    this.providers = providers;
    this.selector = selector;
    this.budget = budget;
    this.ledger = ledger;
    this.journal = journal;
    this.assetStore = assetStore;
    this.io = io;
    this.listeners = listeners;
    this.clock = clock;
    this.settings = settings;
    this.scheduler = scheduler;
    for (String name : providers.keySet()) policies.put(name, new ProviderPolicies(name, settings, scheduler, timeouts, listeners));
  }

  boolean circuitOpen(String provider) {
    return policies.get(provider).isOpen();
  }

  /** Plans and runs {@code request}; {@code job} is the job it runs as, or null for a plain generate. */
  CompletableFuture<Generation> run(Request request, GenerationJob job) {
    return run(request, job, CallScope.NONE);
  }

  /** Plans and runs {@code request} within {@code scope}. */
  CompletableFuture<Generation> run(Request request, GenerationJob job, CallScope scope) {
    Plan plan;
    try {
      plan = selector.plan(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (GenerationListener l : listeners) notify(() -> l.planned(plan));
    if (plan.isEmpty()) return fail(new NoOfferException(plan));
    String generationId = Ids.random();
    return new Run(request, plan.quotes(), generationId, job != null ? job.id() : generationId, job, scope).attempt(0);
  }

  /**
   * Finishes a journaled call a previous process (or an earlier wait in this one) left
   * unfinished: polls an accepted job again, or looks up a call whose answer was lost — it never
   * submits again — then prices, stores and records it like any other. There is no plan left to
   * fail over along, so a failure is reported.
   *
   * @throws IllegalStateException if the job's provider is not configured
   */
  CompletableFuture<Generation> resume(JournalEntry entry, GenerationJob job) {
    return resume(entry, job, CallScope.NONE);
  }

  /** Finishes {@code entry}'s call as {@link #resume(JournalEntry, GenerationJob)} does, within {@code scope}. */
  CompletableFuture<Generation> resume(JournalEntry entry, GenerationJob job, CallScope scope) {
    Provider provider = providers.get(entry.provider());
    if (provider == null) throw new IllegalStateException("provider " + entry.provider() + " is not configured");
    String endpoint = entry.ref().map(r -> r.attributes().get(JobRef.ENDPOINT)).orElse(null);
    Offer offer = selector.catalog().offer(entry.provider(), entry.model()).orElseGet(() -> Offer.builder(entry.provider(), entry.model())
        .endpoint(endpoint != null ? endpoint : entry.model()).tasks(entry.request().task())
        .provenance(entry.created().atZone(java.time.ZoneOffset.UTC).toLocalDate(), "journal").build());
    Quote quote = entry.estimate().isPresent() ? Quote.of(offer, entry.estimate().get()) : Quote.unpriced(offer);
    Run run = new Run(entry.request(), List.of(quote), entry.generationId(), entry.jobId(), job, scope);
    JobOwner owner = JobOwner.resumed(this, entry, job, quote, parked.remove(entry.jobId()), scope);
    if (job != null) job.attempting(owner);
    return run.follow(0, owner.resume());
  }

  /** Lets webhooks find {@code owner}'s accepted job. */
  void register(JobOwner owner) {
    active.put(key(owner.provider().name(), owner.ref().get().id()), owner);
  }

  void unregister(JobOwner owner) {
    active.remove(key(owner.provider().name(), owner.ref().get().id()), owner);
  }

  /** Marks {@code owner}'s call as made here until it ends, so {@code resume()} leaves it to its owner. */
  void follow(JobOwner owner) {
    following.put(owner.jobId(), owner);
  }

  void unfollow(JobOwner owner) {
    following.remove(owner.jobId(), owner);
  }

  /** True while a call of job {@code jobId} is being made here. */
  boolean follows(String jobId) {
    return following.containsKey(jobId);
  }

  /** Polls job {@code jobId} now if this process follows it: news of it reached another process. */
  void lookAt(String jobId) {
    JobOwner owner = following.get(jobId);
    if (owner != null) owner.lookNow();
  }

  /**
   * Hands a verified webhook's news about a job to its owner, which then ends it without waiting
   * for its next poll; false if no owner here follows that job.
   */
  boolean deliver(String provider, String providerJobId, PollResult result) {
    JobOwner owner = active.get(key(provider, providerJobId));
    if (owner == null) return false;
    owner.deliver(result);
    return true;
  }

  /** How many accepted jobs are being followed. */
  int active() {
    return active.size();
  }

  /**
   * Keeps the reservation of a job this process stopped following while it may still run, so a
   * {@code resume()} in this process settles it instead of counting the job twice.
   */
  void park(JobOwner owner, Reservation reservation) {
    if (reservation != null) parked.put(owner.jobId(), reservation);
  }

  private static String key(String provider, String providerJobId) {
    return provider + '\u0000' + providerJobId;
  }

  private CompletableFuture<Generation> fail(GenerationException e) {
    for (GenerationListener l : listeners) notify(() -> l.failed(e));
    return CompletableFuture.failedFuture(e);
  }

  static void notify(Runnable r) {
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
    final GenerationJob job;
    final String generationId;
    final String jobId;
    final CallScope scope;
    final Instant started = clock.instant();
    final List<Attempt> attempts = new ArrayList<>(2);
    BudgetExceededException budgetRefusal;

    Run(Request request, List<Quote> quotes, String generationId, String jobId, GenerationJob job, CallScope scope) {
      this.request = request;
      this.scope = scope;
      this.quotes = quotes;
      this.job = job;
      this.generationId = generationId;
      this.jobId = jobId;
    }

    CompletableFuture<Generation> attempt(int index) {
      if (job != null && job.canceled()) return fail(new JobCanceledException(null, "canceled before it was sent"));
      if (index >= quotes.size()) {
        if (budgetRefusal != null && attempts.stream().allMatch(a -> a.outcome() == Attempt.Outcome.SKIPPED)) {
          return fail(budgetRefusal);
        }
        return fail(new AllProvidersFailedException(attempts));
      }
      JobOwner owner = JobOwner.attempt(Pipeline.this, request, generationId, jobId, job, quotes.get(index), scope);
      if (job != null) job.attempting(owner);
      return follow(index, owner.start());
    }

    /** What to do once the attempt on quote {@code index} ended: the generation, the next quote, or the failure. */
    CompletableFuture<Generation> follow(int index, CompletableFuture<JobOwner.Ended> ended) {
      return ended.thenCompose(e -> {
        attempts.add(e.attempt);
        for (GenerationListener l : listeners) Pipeline.notify(() -> l.attemptEnded(e.attempt));
        if (e.succeeded()) {
          Attempt a = e.attempt;
          Generation g = new Generation(generationId, request, a.provider(), a.model(), a.endpoint(), e.assets,
              e.output.text().orElse(null), e.output.usage(), e.cost, attempts, started, clock.instant(), e.warnings,
              e.output.providerRequestId().orElse(null));
          for (GenerationListener l : listeners) Pipeline.notify(() -> l.succeeded(g));
          return CompletableFuture.completedFuture(g);
        }
        if (e.refusal != null) budgetRefusal = e.refusal;
        if (e.stop) return fail(e.error);
        return attempt(index + 1);
      });
    }
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

  /**
   * Whether a failed attempt is billed, by the offer's failure-billing flags. An input refused in
   * the submit's own answer was never queued, so only a job the provider accepted and then refused
   * (after spending compute on it) is billed for it.
   */
  static boolean billed(Offer offer, GenerationException error, boolean accepted) {
    // A request that never reached the network cannot have been billed, whatever the offer says.
    if (error instanceof NotSentException) return false;
    FailureBilling fb = offer.price().map(PriceRule::failureBilling).orElse(FailureBilling.NEVER);
    if (error instanceof JobCanceledException) return accepted && fb.canceledAfterStart();
    if (error instanceof InvalidRequestException) return accepted && fb.rejectedInput();
    if (error instanceof ContentModeratedException) return fb.moderated();
    if (error instanceof ProviderFailureException || error instanceof GenerationTimeoutException) return fb.providerError();
    return false;
  }
}
