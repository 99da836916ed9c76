package dev.unigen;

import dev.failsafe.CircuitBreakerOpenException;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.Reservation;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.AssetSources;
import dev.unigen.internal.Ids;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PricingException;
import dev.unigen.request.Request;
import dev.unigen.routing.Quote;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call at one provider, owned from its first step to its last, and the only code that writes
 * its journal entry, its ledger entry and settles its reservation: reserve the estimate; write a
 * {@code SUBMITTING} journal entry before the request leaves; submit under the provider's
 * policies; journal the accepted job; poll it, or take a webhook's news of it; read and price the
 * result; record the ledger entry and settle the budget; store the assets; end the journal entry.
 * A resumed owner starts from a journal entry instead: it polls an accepted job again, and looks
 * up (or records as an unknown outcome) a call whose answer a restart lost. Threadsafe: polls,
 * webhooks and cancels may arrive on any thread, and the call ends exactly once.
 */
final class JobOwner {
  private static final Logger log = LoggerFactory.getLogger(JobOwner.class);

  /** How an owned call ended, for the generation's failover. */
  static final class Ended {
    final Attempt attempt;
    final ProviderOutput output;
    final Cost cost;
    final List<Asset> assets;
    final List<String> warnings;
    final GenerationException error;
    final boolean stop;
    final BudgetExceededException refusal;

    private Ended(Attempt attempt, ProviderOutput output, Cost cost, List<Asset> assets, List<String> warnings,
        GenerationException error, boolean stop, BudgetExceededException refusal) {
      this.attempt = attempt;
      this.output = output;
      this.cost = cost;
      this.assets = assets;
      this.warnings = warnings;
      this.error = error;
      this.stop = stop;
      this.refusal = refusal;
    }

    boolean succeeded() {
      return output != null;
    }
  }

  private final Pipeline engine;
  private final Request request;
  private final String generationId;
  private final String jobId;
  private final GenerationJob job;
  private final Quote quote;
  private final Offer offer;
  private final Provider provider;
  private final Money estimate;
  private final String endpoint;
  private final String callId;
  private final Instant t0;
  private final JournalEntry resumedFrom;
  /** The budget the call draws on: the generator's, or one set aside for what the call is part of. */
  private final Budget budget;
  /** Whether the journal entry stays, with where the outputs went, after the call succeeds. */
  private final boolean keepJournal;
  private final CompletableFuture<Ended> done = new CompletableFuture<>();
  private final AtomicBoolean over = new AtomicBoolean();
  private final AtomicInteger tries = new AtomicInteger();
  private volatile Reservation reservation;
  private volatile JournalEntry entry;
  private volatile JobRef ref;
  private volatile boolean canceled;
  // Guarded by this: the poll loop.
  private Duration interval;
  private Instant deadline;
  private int errors;
  private int rereads;
  private java.util.concurrent.ScheduledFuture<?> nextPoll;
  /** For a resumed call, whether the ledger already held its entry: asked once, as the ledger may be a database. */
  private volatile Boolean recordedBefore;

  private JobOwner(Pipeline engine, Request request, String generationId, String jobId, GenerationJob job, Quote quote,
      String callId, JournalEntry resumedFrom, CallScope scope) {
    this.engine = engine;
    this.budget = scope.budget != null ? scope.budget : engine.budget;
    this.keepJournal = scope.keepJournal;
    this.request = request;
    this.generationId = generationId;
    this.jobId = jobId;
    this.job = job;
    this.quote = quote;
    this.offer = quote.offer();
    this.provider = engine.providers.get(offer.provider());
    this.estimate = quote.estimate().orElse(null);
    this.endpoint = offer.endpoint(request.task());
    this.callId = callId;
    this.t0 = engine.clock.instant();
    this.resumedFrom = resumedFrom;
    this.interval = engine.settings.pollInitial;
  }

  /** An owner for a new attempt of {@code request} on {@code quote}. */
  static JobOwner attempt(Pipeline engine, Request request, String generationId, String jobId, GenerationJob job,
      Quote quote, CallScope scope) {
    return new JobOwner(engine, request, generationId, jobId, job, quote, Ids.random(), null, scope);
  }

  /**
   * An owner for a journaled call a previous process (or an earlier wait in this one) left
   * unfinished; {@code held} is the reservation it still holds in this process, or null.
   */
  static JobOwner resumed(Pipeline engine, JournalEntry entry, GenerationJob job, Quote quote, Reservation held,
      CallScope scope) {
    JobOwner owner = new JobOwner(engine, entry.request(), entry.generationId(), entry.jobId(), job, quote,
        entry.callId().orElseGet(Ids::random), entry, scope);
    owner.reservation = held;
    owner.entry = entry;
    return owner;
  }

  String jobId() { return jobId; }
  Provider provider() { return provider; }
  Optional<JobRef> ref() { return Optional.ofNullable(ref); }
  CompletableFuture<Ended> done() { return done; }

  // ---------------------------------------------------------------- submit

  /** Reserves, journals, submits, and follows the call to its end. */
  CompletableFuture<Ended> start() {
    try {
      if (budget != null) reservation = budget.reserve(reserved(), request.tags());
    } catch (BudgetExceededException e) {
      over.set(true);
      done.complete(new Ended(attempt(Attempt.Outcome.SKIPPED, e), null, null, null, null, e, false, e));
      return done;
    }
    ProviderCall call;
    try {
      call = new ProviderCall(callId, request, offer, estimate, engine.settings.submitTimeout);
    } catch (RuntimeException e) {
      // Refused before anything was sent: nothing to journal, record or hold.
      over.set(true);
      release();
      GenerationException error = Generator.unwrap(e);
      done.complete(new Ended(attempt(Attempt.Outcome.FAILED, error), null, null, null, null, error, true, null));
      return done;
    }
    // Written before the request leaves: a process killed before the answer is read still knows of it.
    engine.follow(this);
    journal(JournalEntry.State.SUBMITTING, null, "");
    CompletableFuture<Submission> submitted;
    try {
      submitted = engine.policies.get(provider.name()).submit(offer, () -> {
        tries.incrementAndGet();
        for (GenerationListener l : engine.listeners) Pipeline.notify(() -> l.attemptStarted(provider.name(), offer.model()));
        return provider.submit(call);
      }, done);
    } catch (RuntimeException e) {
      submitted = CompletableFuture.failedFuture(e);
    }
    submitted.whenComplete((s, err) -> guarded(() -> {
      if (err != null) failed(err, false);
      else if (s.output().isPresent()) succeed(s.output().get());
      else accepted(s.job().get());
    }));
    return done;
  }

  /** Continues a journaled call: polls an accepted job, or finds a call whose answer was lost. */
  CompletableFuture<Ended> resume() {
    engine.follow(this);
    if (resumedFrom.ref().isPresent()) {
      accepted(resumedFrom.ref().get());
      return done;
    }
    ProviderCall call;
    try {
      call = new ProviderCall(callId, request, offer, estimate, engine.settings.submitTimeout);
    } catch (RuntimeException e) {
      guarded(() -> unknown(provider.name() + " could not be asked (" + e.getMessage() + ")"));
      return done;
    }
    if (!provider.findsCalls()) {
      guarded(() -> unknown(provider.name() + " cannot look calls up"));
      return done;
    }
    CompletableFuture<Optional<Submission>> found;
    try {
      found = provider.find(call);
    } catch (RuntimeException e) {
      found = CompletableFuture.failedFuture(e);
    }
    found.whenComplete((s, err) -> guarded(() -> {
      if (err != null) unknown(provider.name() + " could not be asked (" + err.getMessage() + ")");
      else if (s.isEmpty()) neverArrived();
      else if (s.get().output().isPresent()) succeed(s.get().output().get());
      else accepted(s.get().job().get());
    }));
    return done;
  }

  /** Runs {@code step}; a bug in it ends the call instead of leaving it hanging. */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.error("generation {}: unexpected failure on {}: {}", generationId, offer.key(), e.toString());
      if (over.compareAndSet(false, true)) {
        // The request may have left: what it may cost stays counted.
        commitOrSpend(expected());
        GenerationException error = Generator.unwrap(e);
        finish(new Ended(attempt(Attempt.Outcome.FAILED, error), null, null, null, null, error, true, null));
      }
    }
  }

  // ---------------------------------------------------------------- the accepted job

  /** The provider accepted the job: journal it, let webhooks find it, then poll it. */
  private void accepted(JobRef accepted) {
    ref = accepted;
    // Found by webhooks before the journal says ACCEPTED, so no delivery falls between the two.
    engine.register(this);
    // Journaled before the first poll: from here on a restart resumes the job, never re-submits it.
    // Under the lock deliveries take, and only while the job is not over: a webhook that ended it
    // in between has written its end, which ACCEPTED must not overwrite.
    synchronized (this) {
      JournalEntry known = entry;
      if (!over.get() && (known == null || known.state() != JournalEntry.State.ACCEPTED
          || !known.ref().equals(Optional.of(accepted)))) {
        journal(JournalEntry.State.ACCEPTED, accepted, "");
      }
    }
    if (job != null) job.accepted(this);
    if (canceled) cancelAtProvider();
    synchronized (this) {
      deadline = engine.clock.instant().plus(engine.settings.jobTimeout);
      if (!over.get()) schedule(engine.settings.pollInitial);
    }
  }

  /** Cancels the call: at the provider once it holds a job, and its poll loop then ends it. */
  void cancel() {
    canceled = true;
    if (ref != null) cancelAtProvider();
  }

  private void cancelAtProvider() {
    try {
      provider.cancel(ref);
    } catch (RuntimeException e) {
      log.warn("canceling {} at {} failed: {}", ref.id(), provider.name(), e.toString());
    }
  }

  /** Hands a verified webhook's news to the poll loop, which ends without waiting for its next poll. */
  void deliver(PollResult result) {
    handle(result, null);
  }

  /** Polls the accepted job now, in its poll loop: news of it reached another process. */
  void lookNow() {
    if (ref == null || over.get()) return;
    schedule(Duration.ZERO);
  }

  /**
   * Schedules the next poll, replacing one already scheduled: a webhook's pending news moves the
   * loop along rather than starting a second one.
   */
  private synchronized void schedule(Duration delay) {
    try {
      if (nextPoll != null) nextPoll.cancel(false);
      nextPoll = engine.scheduler.schedule(this::poll, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The generator is closing: the job stays accepted in the journal for resume().
      failed(new GeneratorClosedException(provider.name(), "closed while job " + ref.id()
          + " was pending; resume it with jobs().resume()"), false);
    }
  }

  private void poll() {
    if (over.get()) return;
    if (canceled) {
      failed(new JobCanceledException(provider.name(), "canceled while " + ref.id() + " was pending"), false);
      return;
    }
    CompletableFuture<PollResult> f;
    try {
      f = provider.poll(ref);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((res, err) -> guarded(() -> handle(res, err)));
  }

  private synchronized void handle(PollResult res, Throwable err) {
    if (over.get()) return;
    if (err != null) {
      GenerationException g = Generator.unwrap(err);
      if (transientFailure(g) && ++errors <= engine.settings.maxPollErrors) {
        schedule(next(null));
        return;
      }
      // The job's state is unknown: it may be running, and billed, whatever the polls say.
      int failed = transientFailure(g) ? errors : errors + 1;
      String why = "lost track of job " + ref.id() + " after " + failed + " failed polls in a row (last: " + g.getMessage() + ")";
      giveUp(() -> new JobCanceledException(provider.name(), why + "; it was canceled at the provider"),
          () -> new LostJobException(provider.name(), why + "; it cannot be canceled and may still run, so it stays in the"
              + " journal for jobs().resume()", g));
      return;
    }
    errors = 0;
    if (res.isUnreadable()) {
      // The work ran and is billed: read its result again, a bounded number of times.
      if (++rereads <= engine.settings.maxResultReads) schedule(next(null));
      else failed(unreadable(res), true);
      return;
    }
    if (res.isDone()) {
      if (res.state() == PollResult.State.SUCCEEDED) succeed(res.output().get());
      else failed(res.error().get(), res.ran());
      return;
    }
    if (job != null) {
      job.status(res.state() == PollResult.State.QUEUED ? JobStatus.QUEUED : JobStatus.RUNNING);
      res.progress().ifPresent(job::progress);
    }
    if (engine.clock.instant().isAfter(deadline)) {
      String why = "job " + ref.id() + " did not finish within " + engine.settings.jobTimeout;
      giveUp(() -> new GenerationTimeoutException(provider.name(), why + "; it was canceled at the provider"),
          () -> new LostJobException(provider.name(), why + " and cannot be canceled; it may still run, so it stays in"
              + " the journal for jobs().resume()", null));
      return;
    }
    schedule(next(res.retryAfter().orElse(null)));
  }

  /**
   * Stops polling: asks the provider to cancel the job and ends with {@code canceled} if it took
   * the request, else with {@code running}, as the job may still run and be billed.
   */
  private void giveUp(Supplier<GenerationException> canceledError, Supplier<GenerationException> running) {
    CompletableFuture<Boolean> cancel;
    try {
      cancel = provider.cancel(ref);
    } catch (RuntimeException e) {
      cancel = CompletableFuture.completedFuture(false);
    }
    cancel.handle((taken, e) -> e == null && Boolean.TRUE.equals(taken))
        .thenAccept(taken -> guarded(() -> failed(taken ? canceledError.get() : running.get(), false)));
  }

  private Duration next(Duration hint) {
    Duration current = interval;
    long grown = (long) (interval.toMillis() * 1.5);
    interval = Duration.ofMillis(Math.min(grown, engine.settings.pollMax.toMillis()));
    return hint != null ? hint : current;
  }

  static boolean transientFailure(GenerationException g) {
    return g instanceof RateLimitedException || g instanceof OutcomeUnknownException
        || (g instanceof ProviderFailureException && ((ProviderFailureException) g).retryable());
  }

  /** The error a result that stayed unreadable is reported with: billed, and why nothing came of it. */
  private GenerationException unreadable(PollResult result) {
    GenerationException error = result.error().get();
    String name = error.provider().orElse(provider.name());
    String why = error.getMessage();
    if (why.startsWith(name + ": ")) why = why.substring(name.length() + 2);
    return new NoOutputException(name, "the job completed and is billed, but its result could not be read in "
        + (engine.settings.maxResultReads + 1) + " reads (" + why + "); it is not bought again");
  }

  // ---------------------------------------------------------------- after a restart

  /** A call sent before a restart that cannot be looked up: it may have been accepted and billed. */
  private void unknown(String why) {
    if (!over.compareAndSet(false, true)) return;
    Money expected = expected();
    // What it may cost stays counted, whatever the caps say.
    commitOrSpend(expected);
    String detail = "sent before a restart and its answer was lost; " + why + ", so it may have been accepted and billed";
    OutcomeUnknownException error = new OutcomeUnknownException(provider.name(), detail);
    boolean recorded = record(entryBuilder(LedgerEntry.Outcome.OUTCOME_UNKNOWN, false)
        .basis(estimate != null ? CostBasis.ESTIMATED : CostBasis.UNPRICED).detail(detail), new ArrayList<>());
    end(JournalEntry.State.OUTCOME_UNKNOWN, detail, List.of(), recorded);
    finish(new Ended(attempt(Attempt.Outcome.OUTCOME_UNKNOWN, error), null, null, null, null, error, true, null));
  }

  /** A call sent before a restart that the provider says it never received: nothing was spent. */
  private void neverArrived() {
    if (!over.compareAndSet(false, true)) return;
    release();
    String detail = "sent before a restart, and " + provider.name() + " never received it";
    ProviderFailureException error = new ProviderFailureException(provider.name(), detail);
    boolean recorded = record(entryBuilder(LedgerEntry.Outcome.FAILED, false)
        .basis(estimate != null ? CostBasis.ESTIMATED : CostBasis.UNPRICED).detail(detail), new ArrayList<>());
    end(JournalEntry.State.FAILED, detail, List.of(), recorded);
    finish(new Ended(attempt(Attempt.Outcome.FAILED, error), null, null, null, null, error, true, null));
  }

  // ---------------------------------------------------------------- the end

  private void succeed(ProviderOutput out) {
    if (!over.compareAndSet(false, true)) return;
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
    Money spent = actual != null ? actual : expected();
    String capPassed = commitSpent(spent);
    String detail = cost.detail();
    // Every overrun is reported: an actual above what was expected, and a cap it took past its limit.
    Money expected = estimate != null ? estimate : engine.selector.unpricedCeiling().orElse(null);
    Money inLedger = actual == null ? null : inCurrencyOf(actual, expected);
    boolean above = inLedger != null && expected != null && inLedger.currency().equals(expected.currency())
        && inLedger.isGreaterThan(expected);
    if (above) {
      String why = "overrun: the actual " + inLedger + " is above the " + (estimate != null ? "estimate " : "unpriced ceiling ")
          + expected + " by " + inLedger.minus(expected);
      warnings.add(why);
      detail += "; " + why;
    }
    if (capPassed != null) {
      warnings.add(capPassed);
      detail += "; " + capPassed;
    }
    if (above || capPassed != null) {
      GenerationListener.Overrun o = new GenerationListener.Overrun(generationId, offer.provider(), offer.model(), Optional.ofNullable(expected),
          inLedger != null ? inLedger : spent, capPassed != null);
      for (GenerationListener l : engine.listeners) Pipeline.notify(() -> l.overrun(o));
    }
    LedgerEntry.Builder entry = entryBuilder(LedgerEntry.Outcome.SUCCEEDED, true).basis(cost.basis()).detail(detail);
    if (inLedger != null) entry.actual(inLedger);
    out.providerRequestId().ifPresent(entry::providerRequestId);
    // The output is paid for: a ledger that cannot record it must not lose it.
    boolean recorded = record(entry, warnings);
    Attempt attempt = attempt(Attempt.Outcome.SUCCEEDED, null);
    store(out.assets(), warnings).whenComplete((assets, err) -> {
      List<Asset> kept = assets != null ? assets : out.assets();
      if (journalKeeps(JournalEntry.State.SUCCEEDED, recorded)) {
        List<String> where = new ArrayList<>();
        for (Asset a : kept) where.add(keepJournal ? ChainRecords.location(a) : a.file().map(Object::toString)
            .orElse(a.url().filter(u -> !u.startsWith("data:")).orElse("(in memory)")));
        if (keepJournal) out.text().ifPresent(t -> where.add(ChainRecords.textUri(t)));
        journal(JournalEntry.State.SUCCEEDED, ref, cost.toString(), where);
      }
      finish(new Ended(attempt, out, cost, kept, warnings, null, false, null));
    });
  }

  private void failed(Throwable err, boolean ran) {
    if (!over.compareAndSet(false, true)) return;
    boolean skipped = isCircuitOpen(err);
    GenerationException error = Pipeline.classify(offer.provider(), err);
    Attempt.Outcome outcome = skipped ? Attempt.Outcome.SKIPPED
        : error instanceof OutcomeUnknownException ? Attempt.Outcome.OUTCOME_UNKNOWN : Attempt.Outcome.FAILED;
    boolean wasAccepted = ref != null;
    // The provider said the work ran (a completed status, billed units): it is billed however it ended.
    boolean billed = !skipped && (ran || Pipeline.billed(offer, error, wasAccepted));
    boolean maybeBilled = billed || outcome == Attempt.Outcome.OUTCOME_UNKNOWN;
    if (error instanceof GeneratorClosedException || error instanceof LostJobException) {
      // Maybe still running at the provider: the job stays accepted in the journal, its estimate
      // stays held, nothing is recorded until it really ends, and nothing is bought again meanwhile.
      engine.park(this, reservation);
      finish(new Ended(attempt(outcome, error), null, null, null, null, error, true, null));
      return;
    }
    if (maybeBilled) commitOrSpend(expected());
    else release();
    String detail = error.getClass().getSimpleName() + ": " + error.getMessage();
    // A call the breaker kept back was never sent: there is nothing to record.
    boolean recorded = skipped;
    if (!skipped) {
      LedgerEntry.Outcome ledgerOutcome = error instanceof JobCanceledException ? LedgerEntry.Outcome.CANCELED
          : outcome == Attempt.Outcome.OUTCOME_UNKNOWN ? LedgerEntry.Outcome.OUTCOME_UNKNOWN : LedgerEntry.Outcome.FAILED;
      recorded = record(entryBuilder(ledgerOutcome, billed).basis(estimate != null ? CostBasis.ESTIMATED : CostBasis.UNPRICED)
          .detail(detail), new ArrayList<>());
      log.info("{} failed on {}: {}", offer.key(), generationId, error.getMessage());
    }
    end(error instanceof JobCanceledException ? JournalEntry.State.CANCELED
        : outcome == Attempt.Outcome.OUTCOME_UNKNOWN ? JournalEntry.State.OUTCOME_UNKNOWN : JournalEntry.State.FAILED,
        detail, List.of(), recorded);
    boolean stop = error instanceof InvalidRequestException || error instanceof JobCanceledException
        || (error instanceof ContentModeratedException && !engine.settings.failoverOnModeration)
        // Work the provider ran, or accepted and will bill, is reported, never paid for again elsewhere.
        || ran || (wasAccepted && billed);
    finish(new Ended(attempt(outcome, error), null, null, null, null, error, stop, null));
  }

  private void finish(Ended ended) {
    if (ref != null) engine.unregister(this);
    engine.unfollow(this);
    done.complete(ended);
  }

  private Attempt attempt(Attempt.Outcome outcome, GenerationException error) {
    Instant now = engine.clock.instant();
    return new Attempt(offer.provider(), offer.model(), endpoint, outcome, error, tries.get(), t0,
        Duration.between(t0, now), estimate);
  }

  // ---------------------------------------------------------------- journal, ledger, budget

  /**
   * The journal's last word on the call. An accepted job's entry stays as its history; a call that
   * never became a job is removed once its ledger entry is recorded — the ledger holds it then, and
   * a journal of every synchronous call would only grow. Kept, in its end state, if the ledger
   * could not record it.
   */
  private void end(JournalEntry.State state, String detail, List<String> assets, boolean recorded) {
    if (journalKeeps(state, recorded)) journal(state, ref, detail, assets);
  }

  /**
   * Whether the journal keeps this call's entry now it ended in {@code state}: a call never
   * journaled has none, and a finished synchronous call recorded in the ledger is removed
   * (unless a chain keeps its successes), so its final detail need not be worked out.
   */
  private boolean journalKeeps(JournalEntry.State state, boolean recorded) {
    if (entry == null) return false;
    if (ref == null && recorded && !(keepJournal && state == JournalEntry.State.SUCCEEDED)) {
      try {
        engine.journal.remove(jobId);
        return false;
      } catch (RuntimeException e) {
        log.warn("job {} ended but its journal entry could not be removed: {}", jobId, e.toString());
      }
    }
    return true;
  }

  private void journal(JournalEntry.State state, JobRef job, String detail) {
    journal(state, job, detail, List.of());
  }

  /** Writes this call's journal entry; a journal that cannot write is logged, and the call goes on. */
  private void journal(JournalEntry.State state, JobRef job, String detail, List<String> assets) {
    Instant now = engine.clock.instant();
    JournalEntry previous = entry;
    JournalEntry.Builder b = previous != null ? previous.toBuilder()
        : JournalEntry.builder(jobId).generationId(generationId).provider(offer.provider()).callId(callId)
            .model(offer.model()).request(request).estimate(estimate).created(now);
    JournalEntry next = b.state(state).ref(job != null ? job : previous != null ? previous.ref().orElse(null) : null)
        .updated(now).detail(detail).assets(assets).build();
    try {
      engine.journal.put(next);
      entry = next;
    } catch (RuntimeException e) {
      entry = next;
      if (state == JournalEntry.State.SUBMITTING || state == JournalEntry.State.ACCEPTED) {
        log.error("job {} at {} could not be journaled and will not survive a restart: {}", jobId, offer.provider(), e.toString());
      } else {
        log.warn("job {} ended but its journal entry could not be updated: {}", jobId, e.toString());
      }
    }
  }

  private LedgerEntry.Builder entryBuilder(LedgerEntry.Outcome outcome, boolean billed) {
    LedgerEntry.Builder b = LedgerEntry.builder().id(callId).generationId(generationId).timestamp(engine.clock.instant())
        .provider(offer.provider()).model(offer.model()).endpoint(endpoint)
        .task(request.task()).outcome(outcome).billed(billed).tags(request.tags());
    if (estimate != null) b.estimate(estimate);
    return b;
  }

  /** Records the call's ledger entry; false (and a warning) if the ledger could not. */
  private boolean record(LedgerEntry.Builder entry, List<String> warnings) {
    try {
      // A process that died after recording the call, before its journal said so: recorded once.
      if (recordedBefore()) return true;
      engine.ledger.record(entry.build());
      return true;
    } catch (RuntimeException e) {
      String why = "the cost ledger could not record attempt: " + e.getMessage();
      log.warn(why);
      warnings.add(why);
      return false;
    }
  }

  /**
   * What the call is expected to cost before its actual is known: its estimate, or for an unpriced
   * offer the user's unpriced ceiling (the selector admits an unpriced offer under a cap only with
   * one).
   */
  private Money expected() {
    return estimate != null ? estimate
        : engine.selector.unpricedCeiling().orElse(Money.zero(engine.selector.currency()));
  }

  /** What the call holds against the budget: what is expected, plus the headroom where the actual can exceed it. */
  private Money reserved() {
    boolean mayExceed = estimate != null && offer.price().map(PriceRule::actualMayExceedEstimate).orElse(false);
    return mayExceed ? expected().times(BigDecimal.ONE.add(engine.settings.headroom)) : expected();
  }

  private void release() {
    Reservation r = reservation;
    if (r != null) r.release();
  }

  /**
   * Whether a resumed call's ledger entry is already there: the process before recorded it, and
   * counted it in the budget, then died before its journal entry ended. Such a call is neither
   * recorded nor counted again.
   */
  private boolean recordedBefore() {
    if (resumedFrom == null) return false;
    Boolean known = recordedBefore;
    if (known != null) return known;
    boolean found;
    try {
      found = engine.ledger.contains(callId);
    } catch (RuntimeException e) {
      log.warn("the cost ledger could not say whether call {} is recorded: {}", callId, e.toString());
      found = false;
    }
    recordedBefore = found;
    return found;
  }

  /**
   * Counts {@code amount}, which may have been spent: the reservation's commit, or for a resumed
   * call (whose reservation died with the old process) the budget's spend, which no cap refuses.
   */
  private void commitOrSpend(Money amount) {
    try {
      if (reservation != null) reservation.commit(amount);
      else if (budget != null && resumedFrom != null && !recordedBefore()) budget.spend(amount, request.tags());
    } catch (RuntimeException e) {
      log.error("the budget could not count {} that may have been spent: {}", amount, e.toString());
    }
  }

  /**
   * Counts money that is already spent, as {@link #commitOrSpend} does. Returns what to report
   * when that took a cap over its limit, else null; a budget that cannot count it is reported
   * too, and never loses the paid result.
   */
  private String commitSpent(Money spent) {
    try {
      boolean overran = reservation != null ? reservation.commit(spent)
          : budget != null && resumedFrom != null && !recordedBefore() && budget.spend(spent, request.tags());
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
  private Money inCurrencyOf(Money actual, Money estimate) {
    if (estimate == null || actual.currency().equals(estimate.currency())) return actual;
    FxRates rates = engine.selector.fxRates();
    return rates.canConvert(actual.currency(), estimate.currency()) ? rates.convert(actual, estimate.currency()) : actual;
  }

  /** Stores the assets off the scheduler; one that cannot be stored keeps its URL and says why. */
  private CompletableFuture<List<Asset>> store(List<Asset> produced, List<String> warnings) {
    List<Asset> bound = new ArrayList<>(produced.size());
    for (Asset a : produced) {
      bound.add(a.url().isPresent() ? a.toBuilder().fetcher(engine.downloads.fetcher(a.mediaType())).build() : a);
    }
    if (engine.assetStore == null || bound.isEmpty()) return CompletableFuture.completedFuture(bound);
    return CompletableFuture.supplyAsync(() -> {
      List<Asset> stored = new ArrayList<>(bound.size());
      for (int i = 0; i < bound.size(); i++) {
        Asset a = bound.get(i);
        try {
          stored.add(engine.assetStore.store(a, AssetSources.of(a, engine.downloads), generationId, i, request.task()));
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
    }, engine.io);
  }

  private static boolean isCircuitOpen(Throwable err) {
    Throwable t = err;
    while (t != null) {
      if (t instanceof CircuitBreakerOpenException) return true;
      t = t.getCause();
    }
    return false;
  }

  @Override
  public String toString() {
    return "JobOwner(" + jobId + " " + offer.key() + (ref != null ? " " + ref.id() : "") + ")";
  }
}
