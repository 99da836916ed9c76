package dev.unigen;

import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Offer;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a chain: restores the steps an earlier process finished, reserves the rest of the
 * chain's estimate, runs each step once the steps it takes inputs from are done (independent steps
 * at once), stops starting steps at the first failure, and settles the budget and the journal
 * when every started step has ended. Each step runs as a journaled call with a job id made of the
 * run id and the step name, so a restart finds it.
 */
final class ChainRun {
  private static final Logger log = LoggerFactory.getLogger(ChainRun.class);

  private final Chain chain;
  private final String runId;
  private final boolean resuming;
  private final Pipeline pipeline;
  private final Map<String, Generation> done = new ConcurrentHashMap<>();
  private final Map<String, GenerationJob> running = new ConcurrentHashMap<>();
  private final List<String> restored = new ArrayList<>();
  private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Chain.Result> result = new CompletableFuture<>();
  private volatile boolean canceled;
  // Guarded by this.
  private String failedStep;
  private GenerationException failure;

  ChainRun(Chain chain, String runId, boolean resuming) {
    this.chain = chain;
    this.runId = runId;
    this.resuming = resuming;
    this.pipeline = chain.bound().pipeline();
  }

  static String jobId(String runId, String step) {
    return "chain_" + runId + "_" + step;
  }

  /** Run ids of {@code chain} with step entries in the journal, oldest first. */
  static List<String> unfinished(Chain chain) {
    LinkedHashMap<String, Boolean> runs = new LinkedHashMap<>();
    for (JournalEntry e : chain.bound().pipeline().journal.list()) {
      Map<String, String> tags = e.request().tags();
      if (chain.name.equals(tags.get(Chain.TAG)) && tags.containsKey(Chain.RUN_TAG)
          && e.jobId().equals(jobId(tags.get(Chain.RUN_TAG), tags.getOrDefault(Chain.STEP_TAG, "")))) {
        runs.put(tags.get(Chain.RUN_TAG), Boolean.TRUE);
      }
    }
    return new ArrayList<>(runs.keySet());
  }

  static Chain.Result await(CompletableFuture<Chain.Result> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw Generator.unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenerationException("interrupted while waiting for a chain", e);
    }
  }

  /** Starts the run; throws before any call if a step has no offer or the budget cannot hold the chain. */
  CompletableFuture<Chain.Result> start() {
    Map<String, JournalEntry> entries = new LinkedHashMap<>();
    Map<String, Size> sizes = new HashMap<>();
    if (resuming) {
      for (Chain.StepSpec s : chain.steps) {
        pipeline.journal.get(jobId(runId, s.name)).ifPresent(e -> entries.put(s.name, e));
      }
      if (entries.isEmpty()) throw new IllegalArgumentException("the journal knows no step of run " + runId + " of chain " + chain.name);
      entries.forEach((step, e) -> {
        if (e.state() != JournalEntry.State.SUCCEEDED) return;
        Generation g = ChainRecords.generation(e);
        done.put(step, g);
        restored.add(step);
        g.assets().stream().findFirst().flatMap(ChainRun::size).ifPresent(sz -> sizes.put(step, sz));
      });
    }
    Chain.Quote quote = ChainQuotes.quote(chain, pipeline.selector, sizes);
    ChainBudget allowance = reserve(quote, entries);
    CallScope scope = new CallScope(allowance, true);
    Map<String, CompletableFuture<Generation>> steps = new HashMap<>();
    for (Chain.StepSpec s : chain.steps) {
      List<CompletableFuture<Generation>> inputs = new ArrayList<>();
      for (Chain.Input in : s.inputs) inputs.add(steps.get(in.ref.step));
      CompletableFuture<Generation> step = CompletableFuture.allOf(inputs.toArray(new CompletableFuture<?>[0]))
          .thenApply(v -> !stopped() && s.inputs.stream().allMatch(in -> done.containsKey(in.ref.step)))
          .thenCompose(go -> go ? step(s, entries.get(s.name), scope) : CompletableFuture.<Generation>completedFuture(null));
      steps.put(s.name, step);
    }
    CompletableFuture.allOf(steps.values().toArray(new CompletableFuture<?>[0]))
        .whenComplete((v, err) -> finish(quote, allowance));
    return result;
  }

  /** A handle on the run as a job. */
  Job<Chain.Result> job() {
    start();
    return new Handle();
  }

  /** Reserves what each unfinished step is expected to cost, on the generator's budget. */
  private ChainBudget reserve(Chain.Quote quote, Map<String, JournalEntry> entries) {
    Budget budget = pipeline.budget;
    if (budget == null) return null;
    Money none = Money.zero(quote.total().currency());
    Map<String, Money> estimates = new LinkedHashMap<>();
    Map<String, Map<String, String>> tags = new HashMap<>();
    for (Chain.StepQuote q : quote.steps()) {
      // A restored step is paid; a step sent before the restart counts what it spends when it ends.
      if (entries.containsKey(q.step())) continue;
      Offer offer = q.chosen().offer();
      Money expected = q.estimate().orElseGet(() -> pipeline.selector.unpricedCeiling().orElse(none));
      boolean mayExceed = q.estimate().isPresent() && offer.price().map(PriceRule::actualMayExceedEstimate).orElse(false);
      estimates.put(q.step(), mayExceed ? expected.times(BigDecimal.ONE.add(pipeline.settings.headroom)) : expected);
      tags.put(q.step(), ChainQuotes.tags(chain, runId, q.step()));
    }
    return ChainBudget.reserveAll(budget, estimates, tags);
  }

  private CompletableFuture<Generation> step(Chain.StepSpec s, JournalEntry entry, CallScope scope) {
    if (done.containsKey(s.name)) return CompletableFuture.completedFuture(done.get(s.name));
    String id = jobId(runId, s.name);
    GenerationJob job = new GenerationJob(id);
    running.put(s.name, job);
    if (canceled) job.cancel();
    CompletableFuture<Generation> call;
    try {
      if (entry == null) {
        Request r = ChainQuotes.request(chain, s, runId, this::input);
        call = pipeline.run(dev.unigen.internal.Validation.checked(r), job, scope);
      } else if (!entry.state().isDone()) {
        // Sent before the restart: followed or looked up, never sent again.
        call = pipeline.resume(entry, job, scope);
      } else {
        call = CompletableFuture.failedFuture(new GenerationException("step " + s.name + " had ended " + entry.state()
            + " before the restart: " + entry.detail()));
      }
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle((g, err) -> {
      running.remove(s.name);
      if (err == null) {
        done.put(s.name, g);
        progress(s.name + " done on " + g.provider() + "/" + g.model() + ", " + g.cost());
      } else {
        failed(s.name, Generator.unwrap(err));
      }
      return g;
    });
  }

  /** Step input {@code in}, taken from the output of the step it names. */
  private Object input(Chain.Input in) {
    Generation g = done.get(in.ref.step);
    if (in.slot.takesText()) {
      return g.text().orElseThrow(() -> new InvalidRequestException("step " + in.ref.step + " produced no text"));
    }
    Asset a = g.assets().stream().findFirst()
        .orElseThrow(() -> new InvalidRequestException("step " + in.ref.step + " produced no output to take"));
    Media m;
    if (a.file().isPresent()) m = Media.file(a.file().get());
    else if (a.url().isPresent() && a.url().get().startsWith("data:")) m = Media.dataUri(a.url().get());
    else if (a.url().isPresent()) m = Media.url(a.url().get());
    else m = Media.bytes(a.bytes(), a.mediaType());
    if (a.width().isPresent() && a.height().isPresent()) m = m.withSize(a.width().getAsInt(), a.height().getAsInt());
    if (a.durationSeconds().isPresent()) m = m.withDuration(Duration.ofMillis(a.durationSeconds().get().movePointRight(3).longValue()));
    return m;
  }

  private synchronized void failed(String step, GenerationException e) {
    if (failure == null) {
      failure = e;
      failedStep = step;
    }
    progress(step + " failed: " + e.getMessage());
  }

  private synchronized boolean stopped() {
    return failure != null || canceled;
  }

  private void finish(Chain.Quote quote, ChainBudget allowance) {
    GenerationException why;
    String where;
    synchronized (this) {
      why = failure;
      where = failedStep;
    }
    if (why == null && canceled && done.size() < chain.steps.size()) {
      why = new JobCanceledException(null, "chain " + chain.name + " run " + runId + " canceled");
    }
    if (allowance != null) allowance.releaseUnused();
    // A step that may still run at the provider keeps the run resumable; otherwise its records go.
    boolean resumable = why instanceof LostJobException || why instanceof GeneratorClosedException;
    if (!resumable) {
      for (Chain.StepSpec s : chain.steps) {
        try {
          pipeline.journal.remove(jobId(runId, s.name));
        } catch (RuntimeException e) {
          log.warn("chain {} run {}: the journal entry of step {} could not be removed: {}", chain.name, runId, s.name, e.toString());
        }
      }
    }
    Map<String, Generation> ordered = new LinkedHashMap<>();
    for (Chain.StepSpec s : chain.steps) if (done.containsKey(s.name)) ordered.put(s.name, done.get(s.name));
    Money actual = Money.zero(quote.total().currency());
    for (Generation g : ordered.values()) {
      if (g.cost().actual().isPresent()) actual = actual.plus(pipeline.selector.fxRates().convert(g.cost().actual().get(), actual.currency()));
    }
    result.complete(new Chain.Result(chain.name, runId, ordered, quote, where, why, restored, actual));
  }

  private void progress(String what) {
    int finished = done.size();
    Progress p = new Progress(what, null, finished * 100 / chain.steps.size(), List.of(what));
    for (Consumer<Progress> l : listeners) {
      try {
        l.accept(p);
      } catch (RuntimeException e) {
        log.warn("a chain progress listener failed: {}", e.toString());
      }
    }
  }

  private static java.util.Optional<Size> size(Asset a) {
    return a.width().isPresent() && a.height().isPresent()
        ? java.util.Optional.of(Size.of(a.width().getAsInt(), a.height().getAsInt())) : java.util.Optional.empty();
  }

  /** The run as a {@link Job}. */
  private final class Handle implements Job<Chain.Result> {
    @Override public String id() { return runId; }

    @Override
    public JobStatus status() {
      if (!result.isDone()) return JobStatus.RUNNING;
      Chain.Result r = result.join();
      if (r.succeeded()) return JobStatus.SUCCEEDED;
      return r.failure().get() instanceof JobCanceledException ? JobStatus.CANCELED : JobStatus.FAILED;
    }

    @Override
    public Chain.Result await(Duration timeout) {
      try {
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new GenerationTimeoutException(null, "chain " + chain.name + " run " + runId + " not done within " + timeout + "; it goes on");
      } catch (ExecutionException e) {
        throw Generator.unwrap(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GenerationException("interrupted while waiting for chain run " + runId, e);
      }
    }

    @Override public CompletableFuture<Chain.Result> future() { return result; }

    @Override
    public Job<Chain.Result> onProgress(Consumer<Progress> listener) {
      listeners.add(listener);
      return this;
    }

    @Override
    public boolean cancel() {
      if (result.isDone()) return false;
      canceled = true;
      for (GenerationJob j : running.values()) j.cancel();
      return true;
    }
  }
}
