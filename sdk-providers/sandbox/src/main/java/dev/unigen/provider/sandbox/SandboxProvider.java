package dev.unigen.provider.sandbox;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * An offline provider that renders real files on this machine at no cost: PNG or JPEG pictures
 * of the requested size with the prompt written on a seed-derived gradient, animated GIF videos
 * of the requested length, upscaled and cut-out images, preprocessor maps, LoRA weight files and
 * rewritten prompts. The same request and seed give the same bytes.
 *
 * <p>It is the provider Unigen uses when no provider key is set, and a test kit: it can be made
 * slow, scripted to fail the way real providers fail, and named, so that two sandboxes can stand
 * in for two providers in a failover test:
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> SandboxProvider.builder()
 *         .name("sandbox-a")
 *         .failTimes(SandboxFailure.OUTAGE, 2)     // the first two submits answer HTTP 503
 *         .build(ctx))
 *     .provider(ctx -> SandboxProvider.builder()
 *         .name("sandbox-b")
 *         .latency(Duration.ofMillis(200))
 *         .build(ctx))
 *     .build();
 * }</pre>
 *
 * <p>Pictures, text, upscaling, background removal and the preprocessors answer at once
 * ({@link Submission#completed}) after the latency. Videos and LoRA trainings are accepted as
 * jobs ({@link Submission#accepted}) and run for the latency as measured by the clock: polls
 * report {@code RUNNING} with a percentage until then. Everything needed to finish a job is in
 * its {@link JobRef}, so a sandbox in a restarted process can resume it.
 *
 * <p>Delays run on the context's scheduler and files are drawn on the common fork-join pool; no
 * caller thread ever sleeps. This class is threadsafe; its builder is not.
 */
public final class SandboxProvider extends AbstractProvider {
  /** The name of the sandbox Unigen creates when no provider key is set, used in its catalog. */
  public static final String DEFAULT_NAME = "sandbox";

  private static final Set<Task> JOB_TASKS =
      EnumSet.of(Task.TEXT_TO_VIDEO, Task.IMAGE_TO_VIDEO, Task.VIDEO_TO_VIDEO, Task.LORA_TRAINING);
  private static final Set<Task> TRANSFORM_TASKS = EnumSet.of(Task.UPSCALE, Task.REMOVE_BACKGROUND,
      Task.POSE_MAP, Task.DEPTH_MAP, Task.EDGE_MAP, Task.SEGMENTATION);
  private static final Set<Task> PROMPTED_TASKS = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE,
      Task.INPAINT, Task.MULTI_REFERENCE, Task.TEXT_TO_VIDEO, Task.VIDEO_TO_VIDEO, Task.TEXT);
  private static final Set<Task> IMAGE_INPUT_TASKS = EnumSet.of(Task.IMAGE_TO_IMAGE, Task.INPAINT,
      Task.IMAGE_TO_VIDEO, Task.UPSCALE, Task.REMOVE_BACKGROUND, Task.POSE_MAP, Task.DEPTH_MAP,
      Task.EDGE_MAP, Task.SEGMENTATION, Task.LORA_TRAINING);
  /** The longest video the sandbox renders: 1200 GIF frames. */
  private static final Duration MAX_VIDEO = Duration.ofMinutes(5);
  /**
   * Where pictures are drawn and encoded: up to a second of CPU for four 2048² PNGs, which would
   * hold up the polls and retries sharing the context's scheduler. The scheduler only times.
   */
  private static final Executor RENDERING = ForkJoinPool.commonPool();
  /** The longest poll interval a running job suggests. */
  private static final Duration MAX_POLL_HINT = Duration.ofSeconds(1);

  private final String name;
  private final Catalog catalog;
  private final Duration latency;
  private final Duration retryAfter;
  private final ProviderContext context;
  private final OkHttpClient http;
  private final Clock clock;
  private final Script script;
  private final AtomicInteger submits = new AtomicInteger();
  private final Set<String> canceled = ConcurrentHashMap.newKeySet();

  private SandboxProvider(Builder b, ProviderSettings settings) {
    super(settings);
    name = settings.name();
    Catalog offers = b.catalog != null ? b.catalog : super.catalog();
    catalog = offers.providers().equals(Set.of(name)) ? offers : offers.withProvider(name);
    latency = b.latency;
    retryAfter = b.retryAfter;
    context = settings.context();
    http = settings.httpClient();
    clock = b.clock != null ? b.clock : context.clock();
    script = new Script(b.steps, b.always);
  }

  /** Returns a builder for a sandbox named {@value #DEFAULT_NAME} that always succeeds at once. */
  public static Builder builder() {
    return new Builder();
  }

  /** The offers served: the bundled zero-cost catalog, or the one given to the builder, under this sandbox's name. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /** How many submits this sandbox has received, failed ones included. */
  public int submits() {
    return submits.get();
  }

  /**
   * Runs {@code call}: takes the next scripted outcome, then answers after the latency with the
   * rendered output, or accepts a job for videos and LoRA trainings. A scripted failure, an
   * invalid request and a latency beyond the call's timeout complete the future exceptionally with
   * the {@link GenerationException} a real provider module would throw.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    submits.incrementAndGet();
    Optional<SandboxFailure> scripted = script.next();
    Request request = call.request();
    boolean job = JOB_TASKS.contains(request.task());
    if (!job && call.timeout().compareTo(Duration.ZERO) > 0 && latency.compareTo(call.timeout()) > 0) {
      // A real client gives up after the timeout with the request already sent: it may have been billed.
      OutcomeUnknownException e = new OutcomeUnknownException(name,
          "no answer within " + call.timeout() + " (sandbox latency " + latency + ")");
      return later(call.timeout(), () -> { throw e; });
    }
    // Queue providers accept or reject a job at once; the latency is the job's running time.
    Duration answerAfter = job ? Duration.ZERO : latency;
    if (scripted.isPresent() && !(job && scripted.get().reportedByJob())) {
      GenerationException e = scripted.get().toException(name, retryAfter);
      return later(answerAfter, () -> { throw e; });
    }
    Optional<String> invalid = whyInvalid(call);
    if (invalid.isPresent()) {
      InvalidRequestException e = new InvalidRequestException(name, invalid.get());
      return later(answerAfter, () -> { throw e; });
    }
    long seed = request.seed().orElseGet(() -> Rng.hash(request.prompt().orElse("")));
    if (job) {
      return later(Duration.ZERO,
          () -> CompletableFuture.completedFuture(Submission.accepted(accept(call, seed, scripted.orElse(null)))));
    }
    return later(latency, () -> render(call, seed).thenApply(Submission::completed));
  }

  /**
   * Reports a job's state by the clock: {@code RUNNING} with the share of the latency passed, then
   * {@code SUCCEEDED} with the rendered output ({@code FAILED} if the job was scripted to fail),
   * or {@code CANCELED} once {@link #cancel} took it.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    requireOwn(job);
    return later(Duration.ZERO, () -> {
      JobSpec spec = spec(job);
      if (canceled.contains(job.id())) {
        return CompletableFuture.completedFuture(
            PollResult.canceled(new JobCanceledException(name, "job " + job.id() + " was canceled")));
      }
      long now = clock.millis();
      if (now < spec.readyAt) {
        long span = Math.max(1, spec.readyAt - spec.submittedAt);
        int percent = (int) Math.max(0, Math.min(99, (now - spec.submittedAt) * 100 / span));
        Duration hint = Duration.ofMillis(Math.min(spec.readyAt - now, MAX_POLL_HINT.toMillis()));
        return CompletableFuture.completedFuture(PollResult.pending(PollResult.State.RUNNING,
            new Progress("RUNNING", null, percent, List.of()), hint));
      }
      if (spec.failure != null) {
        return CompletableFuture.completedFuture(PollResult.failed(spec.failure.toException(name, retryAfter)));
      }
      return CompletableFuture.supplyAsync(() -> PollResult.succeeded(Renderer.job(spec, job.id())), RENDERING);
    });
  }

  /**
   * Cancels a running job: completes with true, and later polls report {@code CANCELED}.
   * Completes with false if the job had already finished, as real providers do.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    requireOwn(job);
    return later(Duration.ZERO, () -> {
      JobSpec spec = spec(job);
      if (!canceled.contains(job.id()) && clock.millis() >= spec.readyAt) {
        return CompletableFuture.completedFuture(false);
      }
      canceled.add(job.id());
      return CompletableFuture.completedFuture(true);
    });
  }

  @Override
  public String toString() {
    return "SandboxProvider(" + name + ", latency " + latency + ")";
  }

  private Optional<String> whyInvalid(ProviderCall call) {
    Request r = call.request();
    Task t = r.task();
    if (!call.offer().serves(t)) return Optional.of("offer " + call.offer().key() + " does not serve " + t.wireName());
    if (PROMPTED_TASKS.contains(t) && r.prompt().isEmpty()) return Optional.of("a prompt is required for " + t.wireName());
    if (IMAGE_INPUT_TASKS.contains(t) && r.image().isEmpty()) {
      return Optional.of("an input image is required for " + t.wireName());
    }
    if (t == Task.MULTI_REFERENCE && r.references().isEmpty()) {
      return Optional.of("at least one reference image is required for multi-reference");
    }
    if (t == Task.VIDEO_TO_VIDEO && r.video().isEmpty()) return Optional.of("an input video is required for video-to-video");
    return call.offer().capabilities().whyNot(r);
  }

  private CompletableFuture<ProviderOutput> render(ProviderCall call, long seed) {
    Request r = call.request();
    String requestId = name + "-" + call.id();
    if (TRANSFORM_TASKS.contains(r.task())) {
      return Inputs.read(r.image().orElseThrow(), http, name)
          .thenApplyAsync(bytes -> Renderer.transform(r, decode(bytes), name, requestId), RENDERING);
    }
    if (r.task() == Task.TEXT) return CompletableFuture.completedFuture(Renderer.text(r, seed, requestId));
    return CompletableFuture.supplyAsync(() -> Renderer.images(r, call.offer(), seed, name, requestId), RENDERING);
  }

  private BufferedImage decode(byte[] bytes) {
    return Codecs.decode(bytes).orElseThrow(() ->
        new InvalidRequestException(name, "the input image is not a PNG, JPEG, GIF or BMP"));
  }

  private JobRef accept(ProviderCall call, long seed, SandboxFailure failure) {
    Request r = call.request();
    long now = clock.millis();
    long readyAt = now + latency.toMillis();
    String prompt = r.prompt().orElse("");
    JobSpec spec;
    if (r.task() == Task.LORA_TRAINING) {
      spec = new JobSpec(r.task(), call.offer().model(), r.triggerWord().orElse(prompt), seed, 1, null, null, 0,
          null, false, r.steps().isPresent() ? r.steps().getAsInt() : null, now, readyAt, failure);
    } else {
      Duration length = r.duration().or(() -> call.offer().capabilities().defaultDuration())
          .orElse(PriceRule.DEFAULT_DURATION);
      if (length.compareTo(MAX_VIDEO) > 0) {
        throw new InvalidRequestException(name, "duration " + length + " above the sandbox's limit of " + MAX_VIDEO);
      }
      Size nominal = Sizes.video(r, call.offer(), name);
      spec = new JobSpec(r.task(), call.offer().model(), prompt, seed, r.count(), Sizes.gif(nominal), nominal,
          length.toMillis(), r.resolution().orElse(null), r.audio(), null, now, readyAt, failure);
    }
    return JobRef.of(name, UUID.randomUUID().toString(), null, null, spec.attributes());
  }

  private void requireOwn(JobRef job) {
    Objects.requireNonNull(job, "job");
    if (!job.provider().equals(name)) {
      throw new IllegalArgumentException("job " + job.id() + " belongs to " + job.provider() + ", not " + name);
    }
  }

  private JobSpec spec(JobRef job) {
    try {
      return JobSpec.from(job.attributes());
    } catch (IllegalArgumentException e) {
      throw new ProviderFailureException(name, "unknown job " + job.id() + " (" + e.getMessage() + ")", 404, false, e);
    }
  }

  /**
   * Runs {@code work} on the scheduler after {@code delay} and completes the returned future with
   * its outcome: the caller's thread returns at once and never sleeps.
   */
  private <T> CompletableFuture<T> later(Duration delay, Supplier<CompletableFuture<T>> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable run = () -> {
      try {
        work.get().whenComplete((value, error) -> {
          if (error != null) result.completeExceptionally(unwrap(error));
          else result.complete(value);
        });
      } catch (Throwable e) { // an Error too: the future must not stay pending for ever
        result.completeExceptionally(unwrap(e));
      }
    };
    try {
      if (delay.isZero()) context.scheduler().execute(run);
      else context.scheduler().schedule(run, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /** The exception a caller should see: the cause of a wrapper, and a provider failure for a sandbox bug. */
  private Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof GenerationException || t instanceof Error) return t;
    return new ProviderFailureException(name, "sandbox failed: " + t, 0, false, t);
  }

  /**
   * Builds a {@link SandboxProvider}. {@code name}, {@code timeout} and {@code httpClient} are the
   * settings every provider's builder shares (the HTTP client fetches input URLs); the sandbox takes
   * no key and sends nothing to a base URL. Scripted outcomes are consumed one per submit in the
   * order they were added; when they run out, every submit succeeds, or fails with the failure given
   * to {@link #failAlways}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    /** Never contacted: the reserved {@code .invalid} domain cannot resolve, so nothing could leak there. */
    private static final String NO_SERVER = "http://sandbox.invalid";

    private Catalog catalog;
    private Duration latency = Duration.ZERO;
    private Duration retryAfter = Duration.ofSeconds(1);
    private Clock clock;
    private final List<Script.Step> steps = new ArrayList<>();
    private SandboxFailure always;

    private Builder() {
      super(DEFAULT_NAME, List.of(), NO_SERVER, Duration.ofMinutes(2));
    }

    /**
     * Replaces the bundled zero-cost catalog, for example with a price table for planning tests.
     * Every offer in it is served under this sandbox's name, whatever provider it names.
     */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Sets how long each call takes (default zero): an image call answers after it, a job
     * finishes when the clock has moved on by it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder latency(Duration latency) {
      this.latency = nonNegative(latency, "latency");
      return this;
    }

    /**
     * Sets the Retry-After that {@link SandboxFailure#RATE_LIMIT} reports (default 1 s).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = nonNegative(retryAfter, "retryAfter");
      return this;
    }

    /** Sets the clock jobs are timed by (default: the context's), so tests can move time by hand. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adds one successful submit to the script, to place between failures. */
    public Builder succeed() {
      steps.add(new Script.Step(null));
      return this;
    }

    /** Adds one submit failing with {@code failure} to the script. */
    public Builder fail(SandboxFailure failure) {
      return failTimes(failure, 1);
    }

    /**
     * Adds {@code times} submits failing with {@code failure} to the script.
     *
     * @throws IllegalArgumentException if {@code times} is negative
     */
    public Builder failTimes(SandboxFailure failure, int times) {
      Objects.requireNonNull(failure, "failure");
      if (times < 0) throw new IllegalArgumentException("times must be at least 0: " + times);
      for (int i = 0; i < times; i++) steps.add(new Script.Step(failure));
      return this;
    }

    /** Makes every submit after the scripted ones fail with {@code failure}: a provider that is down. */
    public Builder failAlways(SandboxFailure failure) {
      this.always = Objects.requireNonNull(failure, "failure");
      return this;
    }

    /**
     * Returns a sandbox on {@code context}'s scheduler, clock and HTTP client, as the generator
     * builds every provider.
     *
     * @throws IllegalArgumentException if the catalog has two offers of one model
     */
    @Override
    public SandboxProvider build(ProviderContext context) {
      return new SandboxProvider(this, settings(context));
    }

    /**
     * Returns a sandbox on its own context — an HTTP client and a small daemon scheduler shared by
     * every sandbox built this way — for tests that need no generator.
     *
     * @throws IllegalArgumentException if the catalog has two offers of one model
     */
    public SandboxProvider build() {
      return build(DefaultContext.INSTANCE);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) throw new IllegalArgumentException(what + " must not be negative: " + d);
      return d;
    }
  }
}
