package dev.unigen;

import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Size;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A provider scripted step by step for tests: each submit takes the next scripted answer (an
 * output, an accepted job, or an error), and the last one repeats. Accepted jobs answer polls
 * from their own script.
 */
final class FakeProvider implements Provider {
  private final String name;
  private final Catalog catalog;
  private final Deque<Function<ProviderCall, CompletableFuture<Submission>>> script = new ArrayDeque<>();
  private Function<ProviderCall, CompletableFuture<Submission>> last = FakeProvider::image;
  private final Deque<PollResult> polls = new ArrayDeque<>();
  final List<ProviderCall> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger pollCount = new AtomicInteger();
  final List<JobRef> canceled = new CopyOnWriteArrayList<>();
  /** When set, every poll fails with it. */
  volatile GenerationException pollError;
  /** Whether the provider takes a cancel request. */
  volatile boolean cancelable = true;
  /** When set, the provider can look calls up by their client-side id, and answers with this. */
  volatile Function<ProviderCall, Optional<Submission>> finder;
  final List<ProviderCall> lookedUp = new CopyOnWriteArrayList<>();

  FakeProvider(String name, String catalogJson) {
    this.name = name;
    this.catalog = Catalog.parse(catalogJson.replace('\'', '"'), name + ".json");
  }

  /** A provider serving flux-schnell at {@code pricePerImage} dollars an image. */
  static FakeProvider flux(String name, String pricePerImage) {
    return new FakeProvider(name, "{'format':1,'provider':'" + name + "','offers':[{'model':'flux-schnell',"
        + "'endpoint':'" + name + "/flux-schnell','tasks':['text-to-image'],'capabilities':{'maxCount':4,'maxReferences':2},"
        + "'price':{'kind':'per-image','price':'" + pricePerImage + "'},'asOf':'2026-11-01','source':'test'}]}");
  }

  FakeProvider then(Function<ProviderCall, CompletableFuture<Submission>> step) {
    script.add(step);
    last = step;
    return this;
  }

  FakeProvider thenFail(GenerationException e) {
    return then(call -> CompletableFuture.failedFuture(e));
  }

  FakeProvider thenSucceed() {
    return then(FakeProvider::image);
  }

  FakeProvider thenAccept(PollResult... results) {
    polls.addAll(List.of(results));
    return then(call -> CompletableFuture.completedFuture(
        Submission.accepted(JobRef.of(name, "job-" + calls.size(), "https://example.com/poll", null, Map.of()))));
  }

  /** Answers polls of accepted jobs with {@code results}, the last one repeating. */
  FakeProvider answerPolls(PollResult... results) {
    polls.addAll(List.of(results));
    return this;
  }

  static CompletableFuture<Submission> image(ProviderCall call) {
    return CompletableFuture.completedFuture(Submission.completed(output(call.request().count())));
  }

  static ProviderOutput output(int count) {
    ProviderOutput.Builder b = ProviderOutput.builder();
    List<Size> sizes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      b.asset(Asset.builder("image/png").bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}).size(1024, 1024).seed(42).build());
      sizes.add(Size.of(1024, 1024));
    }
    Usage.Builder u = Usage.builder();
    sizes.forEach(s -> u.image(s.width(), s.height()));
    return b.usage(u.build()).providerRequestId("req-1").build();
  }

  static PollResult queued(int position) {
    return PollResult.pending(PollResult.State.QUEUED, new Progress("IN_QUEUE", position, null, List.of()), null);
  }

  static PollResult running(int percent) {
    return PollResult.pending(PollResult.State.RUNNING, new Progress("IN_PROGRESS", null, percent, List.of("step")), null);
  }

  int submits() {
    return calls.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public synchronized CompletableFuture<Submission> submit(ProviderCall call) {
    calls.add(call);
    Function<ProviderCall, CompletableFuture<Submission>> step = script.isEmpty() ? last : script.poll();
    return step.apply(call);
  }

  @Override
  public synchronized CompletableFuture<PollResult> poll(JobRef job) {
    pollCount.incrementAndGet();
    GenerationException error = pollError;
    if (error != null) return CompletableFuture.failedFuture(error);
    PollResult r = polls.size() > 1 ? polls.poll() : polls.peek();
    return CompletableFuture.completedFuture(r);
  }

  @Override
  public boolean findsCalls() {
    return finder != null;
  }

  @Override
  public CompletableFuture<Optional<Submission>> find(ProviderCall call) {
    lookedUp.add(call);
    return CompletableFuture.completedFuture(finder.apply(call));
  }

  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    canceled.add(job);
    return CompletableFuture.completedFuture(cancelable);
  }
}
