package dev.unigen;

import com.squareup.moshi.Moshi;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Catalog;
import dev.unigen.internal.ProviderModules;
import dev.unigen.internal.Threads;
import dev.unigen.internal.Validation;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.ledger.CostLedger;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Selector;
import dev.unigen.routing.Strategy;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Redactor;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: requests built fluently ({@link #image}, {@link #edit}, {@link #video}, …) are
 * quoted against every configured provider's offers, run on the best one, failed over to the next
 * when a provider breaks, held to the budget, and recorded in the cost ledger.
 *
 * <pre>{@code
 * try (Generator gen = Generator.builder().providersFromEnvironment().build()) {
 *   Generation g = gen.image("flux-schnell").prompt("a red bicycle").size(1024, 1024).generate();
 * }
 * }</pre>
 *
 * <p>Calls in flight hold no thread each: on Java 21 and later HTTP calls run on a few platform
 * threads (at most 16) while they are free and on virtual threads beyond, and blocking work on
 * virtual threads; on Java 17 to 20 on a bounded pool ({@link Builder#httpThreads}). Each provider
 * has at most {@link Builder#maxConcurrency} requests in flight, and submits keep to the rate an
 * offer's catalog entry declares; calls beyond either wait in Unigen, and waiting never counts
 * against the submit timeout.
 *
 * <p>Immutable and threadsafe once built; close it to stop its scheduler, its threads (and its
 * HTTP client's connections, if it made the client).
 */
public final class Generator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Generator.class);

  private final Map<String, Provider> providers;
  private final Catalog overrides;
  private final BigDecimal priceChangeRatio;
  private static final Duration REFRESH_TIMEOUT = Duration.ofMinutes(1);
  private final Object refreshLock = new Object();
  /** Swapped whole by a refresh: the catalog and the selector planning on it. */
  private volatile Selector selector;
  private final Budget budget;
  private final CostLedger ledger;
  private final List<GenerationListener> listeners;
  private final Clock clock;
  private final OkHttpClient httpClient;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsHttpClient;
  private final boolean ownsScheduler;
  private final Redactor redactor;
  private final Pipeline pipeline;
  private final JobManager jobs;
  private final WebhookReceiver webhooks;
  private final ExecutorService io;
  private final Executors executors;

  private Generator(Builder b, Map<String, Provider> providers, OkHttpClient httpClient,
      ScheduledExecutorService scheduler, Executors executors) {
    this.executors = executors;
    this.providers = Collections.unmodifiableMap(providers);
    this.budget = b.budget;
    this.listeners = List.copyOf(b.listeners);
    this.clock = b.clock;
    this.httpClient = httpClient;
    this.scheduler = scheduler;
    this.ownsHttpClient = b.httpClient == null;
    this.ownsScheduler = b.scheduler == null;
    this.redactor = b.redactor;
    Catalog merged = Catalog.empty();
    for (Provider p : providers.values()) merged = merged.withOverrides(p.catalog());
    if (b.catalogOverrides != null) merged = merged.withOverrides(b.catalogOverrides);
    Catalog catalog = merged.forProviders(providers.keySet());
    this.overrides = b.catalogOverrides;
    this.priceChangeRatio = b.priceChangeRatio;
    this.ledger = b.ledger != null ? b.ledger : CostLedger.builder().subscriptions(b.subscriptions(catalog))
        .clock(b.clock).zone(b.zone).fxRates(b.fxRates).currency(b.currency).build();
    Selector.Builder selection = Selector.builder().catalog(catalog).strategy(b.strategy).currency(b.currency)
        .fxRates(b.fxRates).budgeted(b.budget != null).clock(b.clock);
    if (b.unpricedCeiling != null) selection.unpricedCeiling(b.unpricedCeiling);
    this.selector = selection.build();
    this.io = executors.io;
    this.pipeline = new Pipeline(this.providers, selector, budget, ledger, b.journal, b.assetStore, io, listeners,
        clock, scheduler, b.settings(), httpClient);
    this.jobs = new JobManager(pipeline, b.journal, this.providers.keySet());
    this.webhooks = new WebhookReceiver(this.providers, jobs, clock);
    if (b.refreshEvery != null) {
      long every = b.refreshEvery.toMillis();
      scheduler.scheduleWithFixedDelay(() -> {
        try {
          refreshCatalog();
        } catch (RuntimeException e) {
          log.warn("the periodic catalog refresh failed: {}", redactor.redact(e.toString()));
        }
      }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /** Returns a builder with no providers, the cheapest strategy, no budget and an in-memory ledger. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a text-to-image request for logical model {@code model}, such as {@code flux-schnell}. */
  public RequestBuilder.Image image(String model) { return new RequestBuilder.Image(this, requireModel(model)); }
  /** Starts a text-to-image request served by the cheapest capable offer of any model. */
  public RequestBuilder.Image image() { return new RequestBuilder.Image(this, null); }
  /** Starts an edit: inpainting, image-to-image or a multi-reference edit. */
  public RequestBuilder.Edit edit(String model) { return new RequestBuilder.Edit(this, requireModel(model)); }
  /** Starts a video request. */
  public RequestBuilder.Video video(String model) { return new RequestBuilder.Video(this, requireModel(model)); }
  /** Starts an upscale; {@code model} may be null for the cheapest upscaler. */
  public RequestBuilder.ImageInput upscale(String model) { return new RequestBuilder.ImageInput(this, Task.UPSCALE, model); }
  /** Starts a background removal; {@code model} may be null for the cheapest. */
  public RequestBuilder.ImageInput removeBackground(String model) { return new RequestBuilder.ImageInput(this, Task.REMOVE_BACKGROUND, model); }

  /**
   * Starts a preprocessing request: {@link Task#POSE_MAP}, {@link Task#DEPTH_MAP},
   * {@link Task#EDGE_MAP} or {@link Task#SEGMENTATION}, on the cheapest capable offer.
   *
   * @throws InvalidRequestException if {@code kind} is not a preprocessing task
   */
  public RequestBuilder.ImageInput preprocess(Task kind) {
    Objects.requireNonNull(kind, "kind");
    if (kind != Task.POSE_MAP && kind != Task.DEPTH_MAP && kind != Task.EDGE_MAP && kind != Task.SEGMENTATION) {
      throw new InvalidRequestException(kind.wireName() + " is not a preprocessing task");
    }
    return new RequestBuilder.ImageInput(this, kind, null);
  }

  /** Starts a LoRA training run. */
  public RequestBuilder.Train train(String model) { return new RequestBuilder.Train(this, requireModel(model)); }
  /** Starts a text request for logical model {@code model}, such as writing an image prompt. */
  public RequestBuilder.Text text(String model) { return new RequestBuilder.Text(this, requireModel(model)); }
  /** Starts a text request served by the cheapest capable offer of any language model, failing over to the others. */
  public RequestBuilder.Text text() { return new RequestBuilder.Text(this, null); }

  /**
   * Starts declaring a chain of steps named {@code name}, quoted and run as a whole; see {@link Chain}.
   *
   * @throws InvalidRequestException if {@code name} is not 1-40 letters, digits, '-' or '_'
   */
  public Chain.Builder chain(String name) { return Chain.builder(this, name); }

  Selector selector() { return selector; }
  Pipeline pipeline() { return pipeline; }

  private static String requireModel(String model) {
    if (model == null || model.isBlank()) throw new InvalidRequestException("model is blank");
    return model;
  }

  /**
   * Prices every offer able to serve {@code request}, without calling any provider.
   *
   * @throws InvalidRequestException if the request is invalid for every provider
   */
  public Plan quote(Request request) {
    return selector.plan(Validation.checked(request));
  }

  /**
   * Runs {@code request} and waits for the result.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   * @throws NoOfferException if no offer can serve it
   * @throws AllProvidersFailedException if every offer failed
   * @throws GenerationException another failure that stops failover
   */
  public Generation generate(Request request) {
    try {
      return pipeline.run(Validation.checked(request), null).get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenerationException("interrupted while waiting for " + request, e);
    }
  }

  /**
   * Runs {@code request} in the background. Where the runtime has virtual threads the caller only
   * validates the request, and planning and sending happen on one of the generator's threads, so
   * submitting thousands of calls takes the caller microseconds each; on a bounded pool the caller
   * plans and hands the call to the HTTP client, which never waits for a thread or the network.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   */
  public CompletableFuture<Generation> generateAsync(Request request) {
    Request checked = Validation.checked(request);
    // Already on one of the generator's virtual threads (a callback starting the next call): no
    // platform thread is held, so run here rather than start another.
    if (!executors.virtual || Threads.onOwnThread()) return pipeline.run(checked, null);
    CompletableFuture<Generation> result = new CompletableFuture<>();
    try {
      executors.http.execute(() -> {
        try {
          pipeline.run(checked, null).whenComplete((g, e) -> {
            if (e == null) result.complete(g);
            else result.completeExceptionally(e);
          });
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      result.completeExceptionally(new GeneratorClosedException(null, "the generator is closed"));
    }
    return result;
  }

  /**
   * Submits {@code request} as a job and returns at once. A job the provider accepts is written
   * to the journal before it is polled, so {@link #jobs()}{@code .resume()} can finish it after a
   * restart.
   *
   * @throws InvalidRequestException if the request is invalid (before any call)
   */
  public Job<Generation> submit(Request request) {
    return jobs.submit(Validation.checked(request));
  }

  /** The receiver to hand webhook deliveries to, from any HTTP server. */
  public WebhookReceiver webhooks() {
    return webhooks;
  }

  /** The jobs submitted or resumed here, and the journal; call {@code jobs().resume()} at start-up. */
  public Jobs jobs() {
    return jobs;
  }

  /** The offers of the configured providers, with overrides applied, as of the last refresh. */
  public Catalog catalog() { return selector.catalog(); }

  /**
   * Asks every provider with a pricing API for its live prices and swaps the catalog the generator
   * plans on, at once for every call that starts afterwards (calls already planned keep their
   * quotes). A provider whose refresh fails (or takes over a minute) keeps its current offers, and
   * why is logged; an offer whose unit price moved by more than the
   * {@linkplain Builder#priceChangeRatio reporting ratio} is reported to the listeners.
   *
   * @return the catalog used from now on
   */
  public Catalog refreshCatalog() {
    synchronized (refreshLock) {
      Catalog before = selector.catalog();
      Map<String, CompletableFuture<Catalog>> asked = new java.util.LinkedHashMap<>();
      for (Provider p : providers.values()) {
        try {
          asked.put(p.name(), p.refreshCatalog());
        } catch (RuntimeException e) {
          asked.put(p.name(), CompletableFuture.failedFuture(e));
        }
      }
      Catalog merged = Catalog.empty();
      for (Provider p : providers.values()) {
        Catalog fresh;
        try {
          fresh = asked.get(p.name()).get(REFRESH_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return before;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
          Throwable why = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
          log.warn("refreshing {}'s prices failed, its current offers stay: {}", p.name(), redactor.redact(why.toString()));
          fresh = p.catalog();
        }
        merged = merged.withOverrides(fresh);
      }
      if (overrides != null) merged = merged.withOverrides(overrides);
      Catalog after = merged.forProviders(providers.keySet());
      Selector next = selector.toBuilder().catalog(after).build();
      selector = next;
      pipeline.selector = next;
      reportPriceChanges(before, after);
      return after;
    }
  }

  private void reportPriceChanges(Catalog before, Catalog after) {
    for (dev.unigen.catalog.Offer now : after.offers()) {
      dev.unigen.catalog.Offer was = before.offer(now.provider(), now.model()).orElse(null);
      if (was == null) continue;
      Optional<Money> old = was.price().flatMap(dev.unigen.pricing.PriceRule::unitPrice);
      Optional<Money> neu = now.price().flatMap(dev.unigen.pricing.PriceRule::unitPrice);
      if (old.isEmpty() || neu.isEmpty() || !old.get().currency().equals(neu.get().currency()) || old.get().isZero()) continue;
      BigDecimal change = neu.get().amount().subtract(old.get().amount()).abs()
          .divide(old.get().amount(), 12, java.math.RoundingMode.HALF_UP);
      if (change.compareTo(priceChangeRatio) > 0) {
        log.info("{}: unit price {} -> {} after a refresh", now.key(), old.get(), neu.get());
        for (GenerationListener l : listeners) Pipeline.notify(() -> l.priceChanged(was, now));
      }
    }
  }
  /** The configured providers' names. */
  public Set<String> providers() { return providers.keySet(); }
  /**
   * Whether {@code provider}'s circuit breaker is open now, so offers of it are skipped; read-only,
   * for health checks and metrics.
   *
   * @throws IllegalArgumentException if {@code provider} is not configured
   */
  public boolean circuitOpen(String provider) {
    if (!providers.containsKey(provider)) throw new IllegalArgumentException("provider " + provider + " is not configured");
    return pipeline.circuitOpen(provider);
  }
  /** The cost ledger. */
  public CostLedger ledger() { return ledger; }
  /** The budget, if one was set. */
  public Optional<Budget> budget() { return Optional.ofNullable(budget); }

  static GenerationException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof GenerationException) return (GenerationException) t;
    return new GenerationException("unexpected failure: " + t, t);
  }

  /** Closes the providers, the scheduler and the HTTP client the generator made; not the ledger nor the journal. */
  @Override
  public void close() {
    jobs.close();
    for (Provider p : providers.values()) {
      try {
        p.close();
      } catch (RuntimeException e) {
        log.warn("closing provider {} failed: {}", p.name(), redactor.redact(e.toString()));
      }
    }
    if (ownsScheduler) scheduler.shutdownNow();
    pipeline.timeouts.close();
    io.shutdown();
    executors.http.shutdown();
    if (ownsHttpClient) httpClient.connectionPool().evictAll();
  }

  /** True if HTTP calls and blocking work run on virtual threads. */
  boolean virtualThreads() {
    return executors.virtual;
  }

  @Override
  public String toString() {
    return "Generator(" + providers.keySet() + ", " + selector.catalog().size() + " offers)";
  }

  /**
   * The threads of one generator: HTTP calls (OkHttp's dispatchers) and blocking work such as
   * storing assets. Virtual threads when the runtime has them and the builder allows them, else a
   * bounded pool for HTTP and four threads for blocking work.
   */
  static final class Executors {
    final boolean virtual;
    final ExecutorService http;
    final ExecutorService io;

    Executors(boolean allowVirtual, int httpThreads) {
      ExecutorService v = allowVirtual ? Threads.virtualPerTask().orElse(null) : null;
      virtual = v != null;
      // With virtual threads, a few platform threads still take the calls first: blocking socket
      // reads cost less CPU there, and only a surge beyond them rides on virtual threads.
      http = virtual ? Threads.platformFirst(Math.min(httpThreads, PLATFORM_FIRST), v, "unigen-http")
          : Threads.bounded(httpThreads, "unigen-http");
      io = virtual ? v : Threads.bounded(4, "unigen-io");
    }

    void shutdown() {
      http.shutdown();
      io.shutdown();
    }
  }

  /** Platform threads for HTTP calls where virtual threads are not used, by default. */
  static final int DEFAULT_HTTP_THREADS = 64;
  /** With virtual threads, the platform threads that take HTTP calls first, at most. */
  static final int PLATFORM_FIRST = 16;
  /** Requests one provider may have in flight, by default. */
  static final int DEFAULT_MAX_CONCURRENCY = 64;
  /** The most idle connections the generator's own client keeps. */
  static final int MAX_IDLE_CONNECTIONS = 256;

  /** Retry, breaker, timeout, polling and concurrency settings, copied from the builder. */
  static final class Settings {
    int maxRetries = 2;
    Duration retryDelay = Duration.ofMillis(500);
    Duration maxRetryDelay = Duration.ofSeconds(10);
    Duration maxRetryAfter = Duration.ofSeconds(30);
    int breakerFailures = 5;
    int breakerWindow = 10;
    Duration breakerOpenFor = Duration.ofSeconds(30);
    Duration submitTimeout = Duration.ofSeconds(120);
    boolean virtualThreads = true;
    int httpThreads = DEFAULT_HTTP_THREADS;
    int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    Map<String, Integer> providerConcurrency = new LinkedHashMap<>();
    Duration jobTimeout = Duration.ofMinutes(30);
    Duration pollInitial = Duration.ofSeconds(1);
    Duration pollMax = Duration.ofSeconds(15);
    int maxPollErrors = 10;
    int maxResultReads = 3;
    BigDecimal headroom = BigDecimal.ONE;
    boolean failoverOnModeration;
    boolean allowLoopbackDownloads;
    long maxDownloadBytes = 2L << 30;

    Settings copy() {
      Settings s = new Settings();
      s.maxRetries = maxRetries; s.retryDelay = retryDelay; s.maxRetryDelay = maxRetryDelay;
      s.maxRetryAfter = maxRetryAfter; s.breakerFailures = breakerFailures; s.breakerWindow = breakerWindow;
      s.breakerOpenFor = breakerOpenFor; s.submitTimeout = submitTimeout; s.jobTimeout = jobTimeout;
      s.pollInitial = pollInitial; s.pollMax = pollMax; s.maxPollErrors = maxPollErrors;
      s.maxResultReads = maxResultReads; s.headroom = headroom;
      s.failoverOnModeration = failoverOnModeration;
      s.allowLoopbackDownloads = allowLoopbackDownloads; s.maxDownloadBytes = maxDownloadBytes;
      s.virtualThreads = virtualThreads; s.httpThreads = httpThreads; s.maxConcurrency = maxConcurrency;
      s.providerConcurrency = new LinkedHashMap<>(providerConcurrency);
      return s;
    }
  }

  /** Builds a {@link Generator}. Not threadsafe. */
  public static final class Builder {
    private final List<Provider> providers = new ArrayList<>();
    private final List<Function<ProviderContext, Provider>> providerFactories = new ArrayList<>();
    private boolean fromEnvironment;
    private Function<String, String> environment = System::getenv;
    private Strategy strategy = Strategy.cheapest();
    private Currency currency = Currency.getInstance("USD");
    private FxRates fxRates = FxRates.none();
    private Budget budget;
    private Money unpricedCeiling;
    private CostLedger ledger;
    private Catalog catalogOverrides;
    private Duration refreshEvery;
    private BigDecimal priceChangeRatio = new BigDecimal("0.2");
    private dev.unigen.jobs.JobJournal journal = dev.unigen.jobs.JobJournal.inMemory();
    private dev.unigen.assets.AssetStore assetStore;
    private OkHttpClient httpClient;
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = java.time.ZoneOffset.UTC;
    private final List<GenerationListener> listeners = new ArrayList<>();
    private final Redactor redactor = new Redactor();
    private final List<String> plans = new ArrayList<>();
    private final Settings settings = new Settings();

    private Builder() {}

    /** Adds providers built by the caller. */
    public Builder providers(Provider... providers) {
      for (Provider p : providers) this.providers.add(Objects.requireNonNull(p, "p"));
      return this;
    }

    /** Adds a provider created with the generator's context (shared client, scheduler, clock). */
    public Builder provider(Function<ProviderContext, Provider> factory) {
      providerFactories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Adds every provider on the classpath whose API key is set in the environment; when none is,
     * the offline sandbox (if its module is on the classpath), saying so in one log line.
     */
    public Builder providersFromEnvironment() {
      fromEnvironment = true;
      return this;
    }

    /** Reads environment variables from {@code environment} instead of the process; for tests. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment)::get;
      return this;
    }

    /** Sets how offers are ranked; cheapest first by default. */
    public Builder strategy(Strategy strategy) { this.strategy = Objects.requireNonNull(strategy, "strategy"); return this; }
    /** Sets the currency quotes are compared in and the default ledger totals in; US dollars by default. */
    public Builder currency(Currency currency) { this.currency = Objects.requireNonNull(currency, "currency"); return this; }
    /** Sets exchange rates for offers priced in other currencies, used by the selector and the default ledger. */
    public Builder fxRates(FxRates fxRates) { this.fxRates = Objects.requireNonNull(fxRates, "fxRates"); return this; }
    /**
     * Sets the budget; unlimited by default. Under a budget, offers with no known price are left
     * out unless an {@link #unpricedCeiling} is set, since nothing could hold their cost to a cap.
     */
    public Builder budget(Budget budget) { this.budget = Objects.requireNonNull(budget, "budget"); return this; }
    /**
     * Allows offers with no known price under a budget or a request's {@code maxCost}, taking
     * {@code ceiling} as the most one such call may cost: it is reserved, then settled on the
     * actual cost (the ceiling itself when the provider reports none).
     *
     * @throws IllegalArgumentException if {@code ceiling} is negative
     */
    public Builder unpricedCeiling(Money ceiling) {
      if (Objects.requireNonNull(ceiling, "ceiling").isNegative()) throw new IllegalArgumentException("negative ceiling: " + ceiling);
      this.unpricedCeiling = ceiling;
      return this;
    }
    /**
     * Sets the headroom reserved above the estimate for offers whose actual can exceed it (see
     * {@link dev.unigen.pricing.PriceRule#actualMayExceedEstimate()}): a call on such an offer holds
     * {@code estimate × (1 + fraction)} against the budget's caps until its actual is known. 1 (twice
     * the estimate) by default; 0 holds the estimate alone. An actual above the estimate is reported
     * to listeners ({@link GenerationListener#overrun}) and in its ledger entry either way.
     *
     * @throws IllegalArgumentException if {@code fraction} is negative
     */
    public Builder reservationHeadroom(BigDecimal fraction) {
      if (Objects.requireNonNull(fraction, "fraction").signum() < 0) {
        throw new IllegalArgumentException("negative reservation headroom: " + fraction);
      }
      settings.headroom = fraction;
      return this;
    }
    /** Sets the cost ledger; in memory by default. */
    public Builder ledger(CostLedger ledger) { this.ledger = Objects.requireNonNull(ledger, "ledger"); return this; }
    /**
     * Says the account has {@code provider}'s subscription {@code plan} (such as Hugging Face
     * {@code pro}): the default ledger then applies its included monthly credit and free quota
     * before anything is charged. A ledger given with {@link #ledger} is configured by its builder.
     */
    public Builder subscribedTo(String provider, String plan) {
      plans.add(Objects.requireNonNull(provider, "provider") + "/" + Objects.requireNonNull(plan, "plan"));
      return this;
    }

    /**
     * Refreshes the catalog every {@code period} on the generator's scheduler, as
     * {@link Generator#refreshCatalog()} does; off by default.
     *
     * @throws IllegalArgumentException if {@code period} is under one minute
     */
    public Builder refreshPricesEvery(Duration period) {
      if (period.compareTo(Duration.ofMinutes(1)) < 0) throw new IllegalArgumentException("refresh period under one minute: " + period);
      this.refreshEvery = period;
      return this;
    }

    /**
     * Sets how far (as a fraction: 0.2 is 20 %) a refreshed unit price may move from the one before
     * without {@link GenerationListener#priceChanged} being called; 0.2 by default.
     *
     * @throws IllegalArgumentException if {@code ratio} is negative
     */
    public Builder priceChangeRatio(BigDecimal ratio) {
      if (ratio.signum() < 0) throw new IllegalArgumentException("ratio is negative: " + ratio);
      this.priceChangeRatio = ratio;
      return this;
    }

    /** Adds or replaces offers by provider and model, on top of the providers' own catalogs. */
    public Builder catalog(Catalog overrides) {
      this.catalogOverrides = catalogOverrides == null ? overrides : catalogOverrides.withOverrides(overrides);
      return this;
    }
    /** Sets the journal every call is written to before it is sent; in memory by default. */
    public Builder journal(dev.unigen.jobs.JobJournal journal) { this.journal = Objects.requireNonNull(journal, "journal"); return this; }
    /** Stores every asset as soon as its generation completes, before provider links expire; none by default. */
    public Builder assetStore(dev.unigen.assets.AssetStore store) { this.assetStore = Objects.requireNonNull(store, "store"); return this; }
    /**
     * Shares {@code client}'s connection pool, interceptors and timeouts; the generator derives its
     * own from it, with its own dispatcher (its threads and {@link #maxConcurrency}), and does not
     * close it.
     */
    public Builder httpClient(OkHttpClient client) { this.httpClient = Objects.requireNonNull(client, "client"); return this; }
    /** Runs polls and retries on {@code scheduler}, which the generator does not shut down. */
    public Builder scheduler(ScheduledExecutorService scheduler) { this.scheduler = Objects.requireNonNull(scheduler, "scheduler"); return this; }
    /** Sets the clock; the default ledger reads time from it too. */
    public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }
    /** Sets the zone whose midnights start the default ledger's days and months; UTC by default. */
    public Builder zone(ZoneId zone) { this.zone = Objects.requireNonNull(zone, "zone"); return this; }
    /** Adds a listener. */
    public Builder listener(GenerationListener listener) { listeners.add(Objects.requireNonNull(listener, "listener")); return this; }
    /**
     * Allows downloads of outputs from loopback addresses over plain http, for tests against a
     * local server; off by default, when outputs come only over https from public addresses.
     */
    public Builder allowLoopbackDownloads(boolean allow) { settings.allowLoopbackDownloads = allow; return this; }
    /**
     * Sets the most bytes one output download may have (for {@link Asset#saveTo} and
     * {@link Asset#bytes()}); 2 GiB by default. A larger declared length is refused before reading.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxDownloadBytes(long max) {
      if (max <= 0) throw new IllegalArgumentException("maxDownloadBytes must be positive: " + max);
      settings.maxDownloadBytes = max;
      return this;
    }
    /** Lets a content-moderation refusal fail over to the next offer; off by default. */
    public Builder failoverOnModeration(boolean failover) { settings.failoverOnModeration = failover; return this; }
    /** Sets how many times a safe-to-retry failure is retried on the same provider; 2 by default. */
    public Builder maxRetries(int retries) {
      if (retries < 0) throw new IllegalArgumentException("retries < 0");
      settings.maxRetries = retries;
      return this;
    }
    /** Sets the first retry delay and the most it backs off to; 500 ms and 10 s by default. */
    public Builder retryBackoff(Duration first, Duration max) {
      settings.retryDelay = Objects.requireNonNull(first, "first");
      settings.maxRetryDelay = Objects.requireNonNull(max, "max");
      return this;
    }
    /** Sets the longest Retry-After honoured before moving on to the next offer; 30 s by default. */
    public Builder maxRetryAfter(Duration max) { settings.maxRetryAfter = Objects.requireNonNull(max, "max"); return this; }
    /** Opens a provider's circuit after {@code failures} of its last {@code window} calls failed, for {@code openFor}. */
    public Builder circuitBreaker(int failures, int window, Duration openFor) {
      if (failures < 1 || window < failures) throw new IllegalArgumentException("bad breaker threshold");
      settings.breakerFailures = failures;
      settings.breakerWindow = window;
      settings.breakerOpenFor = Objects.requireNonNull(openFor, "openFor");
      return this;
    }
    /**
     * Sets how long one submit may take once its request is written to the network; 120 s by
     * default. Time spent waiting for a place under a provider's concurrency or rate, a connection
     * or a thread is not counted, and a call given up before it was written is never billed.
     */
    public Builder submitTimeout(Duration timeout) { settings.submitTimeout = Objects.requireNonNull(timeout, "timeout"); return this; }
    /** Sets how long an accepted job may run before it is abandoned; 30 minutes by default. */
    public Builder jobTimeout(Duration timeout) { settings.jobTimeout = Objects.requireNonNull(timeout, "timeout"); return this; }
    /** Sets the first poll interval and the most it backs off to; 1 s and 15 s by default. */
    public Builder pollInterval(Duration first, Duration max) {
      settings.pollInitial = Objects.requireNonNull(first, "first");
      settings.pollMax = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * Runs HTTP calls and blocking work on virtual threads when the runtime has them (Java 21 and
     * later), so thousands of calls in flight hold no platform thread each; on by default. HTTP
     * calls still go first to a few platform threads (at most 16, and no more than
     * {@link #httpThreads}) while one is free, where blocking socket reads cost less CPU. Off, or
     * on Java 17 to 20, they run on the bounded pool of {@link #httpThreads}.
     */
    public Builder virtualThreads(boolean use) { settings.virtualThreads = use; return this; }

    /**
     * Sets how many platform threads run HTTP calls where virtual threads are not used (Java 17 to
     * 20, or {@code virtualThreads(false)}); 64 by default. Each runs one call at a time; calls
     * beyond wait in a queue without a thread, and that wait never counts against the submit
     * timeout.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder httpThreads(int threads) {
      if (threads < 1) throw new IllegalArgumentException("httpThreads must be positive: " + threads);
      settings.httpThreads = threads;
      return this;
    }

    /**
     * Sets how many requests each provider may have in flight per host; 64 by default (OkHttp's
     * own default is 5). Requests beyond wait in Unigen in order. A rate an offer's catalog entry
     * declares ({@code rateLimit}) holds its submits further.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxConcurrency(int perProvider) {
      if (perProvider < 1) throw new IllegalArgumentException("maxConcurrency must be positive: " + perProvider);
      settings.maxConcurrency = perProvider;
      return this;
    }

    /**
     * Sets how many requests provider instance {@code provider} may have in flight per host,
     * instead of the {@link #maxConcurrency(int)} every provider gets.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxConcurrency(String provider, int max) {
      Objects.requireNonNull(provider, "provider");
      if (max < 1) throw new IllegalArgumentException("maxConcurrency must be positive: " + max);
      settings.providerConcurrency.put(provider, max);
      return this;
    }

    Settings settings() {
      return settings.copy();
    }

    List<dev.unigen.pricing.Subscription> subscriptions(Catalog catalog) {
      List<dev.unigen.pricing.Subscription> found = new ArrayList<>();
      for (String plan : plans) {
        dev.unigen.pricing.Subscription s = catalog.subscriptions().stream()
            .filter(x -> plan.equals(x.provider() + "/" + x.name())).findFirst()
            .orElseThrow(() -> new IllegalStateException("no subscription " + plan + " in the catalog"));
        found.add(s);
      }
      return found;
    }

    /**
     * Returns the generator.
     *
     * @throws IllegalStateException if no provider is configured, two share a name, or a
     *     subscription named with {@link #subscribedTo} is not in the catalog
     */
    public Generator build() {
      ScheduledExecutorService sched = scheduler != null ? scheduler : newScheduler();
      Executors executors = new Executors(settings.virtualThreads, settings.httpThreads);
      // Fast fallback (racing IPv6 and IPv4 connects) runs each connect race on OkHttp's own
      // platform threads: a burst of thousands of new connections would start a thread each.
      // Without it connects are tried in turn on the call's thread, as OkHttp 4 always did.
      OkHttpClient client = HttpCalls.withMarker((httpClient != null ? httpClient.newBuilder() : new OkHttpClient.Builder()
          .connectionPool(new okhttp3.ConnectionPool(idleConnections(settings), 5, TimeUnit.MINUTES))
          .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(120))
          .writeTimeout(Duration.ofSeconds(60)).fastFallback(false))
          .dispatcher(dispatcher(executors, settings.maxConcurrency)).build());
      Map<String, OkHttpClient> perProvider = new ConcurrentHashMap<>();
      ProviderContext context = ProviderContext.builder().httpClient(client)
          .providerClients(name -> perProvider.computeIfAbsent(name, n -> client.newBuilder()
              .dispatcher(dispatcher(executors, settings.providerConcurrency.getOrDefault(n, settings.maxConcurrency)))
              .build()))
          .moshi(new Moshi.Builder().build()).scheduler(sched).clock(clock).environment(environment)
          .redactor(redactor).build();
      Map<String, Provider> byName = new LinkedHashMap<>();
      List<Provider> all = new ArrayList<>(providers);
      for (Function<ProviderContext, Provider> f : providerFactories) all.add(f.apply(context));
      if (fromEnvironment) all.addAll(fromEnvironment(context, all.isEmpty()));
      for (Provider p : all) {
        if (byName.put(p.name(), p) != null) throw new IllegalStateException("two providers named " + p.name());
      }
      if (byName.isEmpty()) {
        if (scheduler == null) sched.shutdownNow();
        executors.shutdown();
        throw new IllegalStateException("no provider configured: add providers(...) or providersFromEnvironment()"
            + " with a key set, or the unigen-provider-sandbox module");
      }
      try {
        return new Generator(this, byName, client, sched, executors);
      } catch (RuntimeException e) {
        if (scheduler == null) sched.shutdownNow();
        executors.shutdown();
        throw e;
      }
    }

    private List<Provider> fromEnvironment(ProviderContext context, boolean noneGiven) {
      List<Provider> found = new ArrayList<>();
      ProviderFactory sandbox = null;
      Set<String> served = new HashSet<>();
      for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class, Generator.class.getClassLoader())) {
        if (f.isSandbox()) {
          sandbox = f;
          continue;
        }
        served.addAll(f.keyVariables());
        boolean keySet = false;
        for (String v : f.keyVariables()) keySet |= context.env(v).isPresent();
        if (keySet) found.add(f.create(context));
      }
      List<String> unserved = ProviderModules.keysWithoutModule(served, context::env);
      for (String u : unserved) log.warn(u);
      if (found.isEmpty() && noneGiven && sandbox != null) {
        log.info(unserved.isEmpty()
            ? "No provider API key is set; using the offline sandbox provider (zero cost, local files)."
            : "No provider module reads the API keys that are set; using the offline sandbox provider (zero cost,"
                + " local files).");
        found.add(sandbox.create(context));
      }
      return found;
    }

    /**
     * Idle connections the generator's own client keeps: as many as a provider may have requests
     * in flight, up to 256. OkHttp keeps 5, so with 64 calls in flight to an HTTP/1.1 host every
     * lull closed connections the next calls had to open again.
     */
    static int idleConnections(Settings settings) {
      int most = settings.maxConcurrency;
      for (int n : settings.providerConcurrency.values()) most = Math.max(most, n);
      return Math.max(5, Math.min(most, MAX_IDLE_CONNECTIONS));
    }

    /**
     * A dispatcher on the generator's threads holding {@code perHost} requests per host. Its total
     * is not limited: hosts are held by their own limit, and a queued call holds no thread.
     */
    private static Dispatcher dispatcher(Executors executors, int perHost) {
      Dispatcher d = new Dispatcher(executors.http);
      d.setMaxRequests(Integer.MAX_VALUE);
      d.setMaxRequestsPerHost(perHost);
      return d;
    }

    private static ScheduledExecutorService newScheduler() {
      AtomicInteger n = new AtomicInteger();
      ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, r -> {
        Thread t = new Thread(r, "unigen-scheduler-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      s.setRemoveOnCancelPolicy(true);
      s.setKeepAliveTime(30, TimeUnit.SECONDS);
      return s;
    }
  }

  /**
   * The generator's jobs: those submitted or resumed in this process, and the journal that outlives
   * it. Call {@link #resume()} at start-up to finish the jobs a previous process left running — they
   * are polled again, never submitted again. Threadsafe.
   */
  public interface Jobs {
    /**
     * Re-attaches every unfinished journaled job whose provider is configured, and returns them:
     * an accepted job is polled to its end; a call whose answer was lost (still submitting when the
     * process died) is looked up at the provider where it can find calls, else recorded in the ledger
     * as an unknown outcome with its estimate counted. Nothing is submitted again. Jobs already
     * running in this process are returned as they are.
     */
    List<Job<Generation>> resume();

    /** The jobs submitted or resumed in this process, oldest first. */
    List<Job<Generation>> list();

    /** The job with {@code id}, if it was submitted or resumed in this process. */
    Optional<Job<Generation>> get(String id);

    /** The journal, with the history of every call. */
    JobJournal journal();
  }
}
