package dev.unigen.provider.fal;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.provider.fal.wire.PriceList;
import dev.unigen.provider.fal.wire.WebhookBody;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.protocol.FalQueue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;

/**
 * fal.ai's queue API as a Unigen {@link Provider}.
 *
 * <p>Every call is a queue request: {@code POST https://queue.fal.run/{owner}/{app}[/{path}]} with
 * the model input as JSON and {@code Authorization: Key <FAL_KEY>}, answered with
 * {@code {request_id, response_url, status_url, cancel_url}}. The job is then polled at
 * {@code .../requests/{id}/status?logs=1} ({@code IN_QUEUE} with its queue position,
 * {@code IN_PROGRESS} with log lines, {@code COMPLETED}, which may carry an {@code error}), and
 * its output read from {@code .../requests/{id}}, all through {@link FalQueue}: status, result and
 * cancel URLs keep only the owner and app of the endpoint, and are rebased on the configured base
 * URL so that the key never goes anywhere else (and a restarted process or a test server with
 * {@code UNIGEN_FAL_BASE_URL} finds them again).
 *
 * <p>Cost: fal bills on output. The units it billed ({@code X-Fal-Billable-Units} on the result
 * read) times the offer's unit price are the actual cost ({@code REPORTED}); where fal sends none
 * or the rule has no single unit price, the cost is computed from what was produced.
 * {@link #refreshPrices()} reads fal's pricing API and serves the updated unit prices.
 *
 * <p>Webhooks: a request with {@code providerOptions("fal", Map.of("webhook", url))}, or any
 * request when {@link Builder#webhookUrl} is set, is submitted with {@code ?fal_webhook=}; fal's
 * ED25519-signed deliveries are verified and read by {@link #webhook}.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> FalProvider.builder().startTimeout(Duration.ofSeconds(60)).build(ctx))  // reads FAL_KEY
 *     .build();
 * }</pre>
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class FalProvider extends AbstractProvider {
  /** The provider name used in catalogs and in {@code UNIGEN_FAL_BASE_URL}. */
  public static final String NAME = "fal";
  /** The environment variables holding the key, as fal's official clients read them. */
  public static final List<String> KEY_VARIABLES = List.of("FAL_KEY");
  /** fal's older key pair, read by the Python client as {@code FAL_KEY_ID:FAL_KEY_SECRET} when FAL_KEY is unset. */
  static final String KEY_ID_VARIABLE = "FAL_KEY_ID";
  static final String KEY_SECRET_VARIABLE = "FAL_KEY_SECRET";
  /** The queue's base URL. */
  public static final String DEFAULT_BASE_URL = "https://queue.fal.run";
  /** The platform API's base URL, where the pricing API lives. */
  public static final String DEFAULT_PLATFORM_URL = "https://api.fal.ai/v1";

  static final String ATTR_REQUEST_PATH = "requestPath";
  static final String ATTR_TASK = "task";
  static final String ATTR_MODEL = "model";
  static final String ATTR_WIDTH = "width";
  static final String ATTR_HEIGHT = "height";
  static final String ATTR_SECONDS = "seconds";
  static final String ATTR_RESOLUTION = "resolution";
  static final String ATTR_AUDIO = "audio";
  static final String ATTR_STEPS = "steps";
  static final String ATTR_INPUTS = "inputImages";
  static final String ATTR_REFERENCES = "references";
  static final String ATTR_LORAS = "loras";
  static final String ATTR_TOKENS_PER_IMAGE = "tokensPerImage";

  private static final int MAX_KNOWN_JOBS = 10_000;
  private static final int PRICING_BATCH = 50;
  private static final Pattern STATUS_CODE = Pattern.compile("(\\d{3})");

  private final String name;
  private final ProviderHttp http;
  private final FalQueue queue;
  private final HttpUrl platform;
  private final ProviderContext context;
  private final FalInputs inputs;
  private final FalOutputs outputs;
  private final FalErrors errors;
  private final PriceRefresh prices;
  private final FalWebhooks verifier;
  private final UnaryOperator<Request.Builder> submitHeaders;
  private final String defaultWebhook;
  private final Logger log;
  private volatile Catalog catalog;
  /** Jobs submitted or polled here, so a webhook can price their output like a poll would. */
  private final Map<String, JobRef> known = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JobRef> eldest) {
      return size() > MAX_KNOWN_JOBS;
    }
  });

  private FalProvider(Builder b, ProviderSettings settings, HttpUrl platform) {
    super(settings);
    this.context = settings.context();
    this.name = settings.name();
    this.errors = new FalErrors(settings);
    String authorization = "Key " + settings.apiKey();
    this.http = ProviderHttp.builder(settings)
        .headers(r -> r.header("Authorization", authorization).header("Accept", "application/json"))
        .errors(a -> Optional.of(errors.map(a.status(), a.text(), a.headers(), a.idempotent())))
        .build();
    this.queue = FalQueue.direct(http);
    this.platform = platform;
    this.catalog = super.catalog();
    this.inputs = new FalInputs(name);
    this.outputs = new FalOutputs(name);
    this.prices = PriceRefresh.ofModule(FalProvider.class);
    this.verifier = new FalWebhooks(settings.httpClient(), b.jwksUrl != null ? b.jwksUrl : FalWebhooks.JWKS_URL,
        context.clock());
    String priority = b.priority;
    String startTimeout = b.startTimeout == null ? null
        : BigDecimal.valueOf(b.startTimeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    this.submitHeaders = r -> {
      if (priority != null) r.header("X-Fal-Queue-Priority", priority);
      if (startTimeout != null) r.header("X-Fal-Request-Timeout", startTimeout);
      return r;
    };
    this.defaultWebhook = b.webhookUrl;
    this.log = context.logger(FalProvider.class);
  }

  /** Returns a builder; only the context is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns this module's offers, with the unit prices of the last {@link #refreshPrices()} if any. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public boolean readsLivePrices() {
    return true;
  }

  /** Reads fal's live prices: the same as {@link #refreshPrices()}. */
  @Override
  public CompletableFuture<Catalog> refreshCatalog() {
    return refreshPrices();
  }

  /** Submits the call to fal's queue; completes with the accepted job to {@link #poll}. */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    FalInputs.Prepared p;
    byte[] body;
    try {
      p = inputs.prepare(call, defaultWebhook);
      body = Json.bytes(p.input);
    } catch (GenerationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidRequestException(name, errors.redact(String.valueOf(e.getMessage())));
    }
    log.debug("{}: submitting {} ({})", name, p.endpoint, call.id());
    return queue.submit(p.endpoint, body, Optional.ofNullable(p.webhook), submitHeaders).thenApply(q -> {
      Map<String, String> attrs = new LinkedHashMap<>(p.attributes);
      attrs.put(ATTR_REQUEST_PATH, q.path());
      JobRef ref = JobRef.of(name, q.requestId(), q.statusUrl().orElse(queue.statusUrl(q.path()).toString()),
          q.cancelUrl().orElse(queue.cancelUrl(q.path()).toString()), attrs);
      known.put(q.requestId(), ref);
      return Submission.accepted(ref);
    });
  }

  /**
   * Reads the job's status and, once {@code COMPLETED}, its result. Transient failures complete
   * exceptionally so the generator polls again; a failed request completes with
   * {@link PollResult#failed}.
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    try {
      String path = requestPath(job);
      known.putIfAbsent(job.id(), job);
      return queue.poll(job.id(), path, UnaryOperator.identity(), new FalQueue.Outcome() {
        @Override
        public ProviderOutput output(String requestId, Object result, Optional<BigDecimal> billedUnits) {
          return outputs.build(requestId, result, job.attributes(), billedUnits.orElse(null));
        }

        @Override
        public GenerationException failed(String requestId, FalQueue.Status status) {
          return errors.completedWithError(requestId, status.error().orElse("fal reported " + status.status()),
              status.errorType().orElse(null));
        }
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Asks fal to cancel the job; true if fal took the request ({@code OK} or {@code CANCELLATION_REQUESTED}). */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    try {
      return queue.cancel(requestPath(job), UnaryOperator.identity());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /**
   * Verifies a webhook delivery with fal's ED25519 keys and reads it: {@code OK} with the output
   * as {@code payload} succeeds, {@code ERROR} fails with the error its payload holds. The
   * delivery id is {@code X-Fal-Webhook-Request-Id} and {@code X-Fal-Webhook-Timestamp}, so a
   * replayed delivery is recognised. The output is priced from what it holds and, for a job
   * submitted or polled by this instance, from what was asked; a webhook carries no billed units.
   *
   * @throws WebhookRejectedException if the signature, timestamp or body does not hold
   */
  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    FalWebhooks.Delivery delivery = verifier.verify(headers, body);
    WebhookBody w;
    try {
      w = WebhookBody.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(name, "the delivery is not a JSON object");
    }
    String id = w.requestId().orElse(delivery.requestId());
    String deliveryId = delivery.requestId() + ":" + delivery.timestamp();
    JobRef job = known.get(id);
    Map<String, String> attrs = job != null ? job.attributes() : Map.of();
    PollResult result;
    switch (w.status().toUpperCase(Locale.ROOT)) {
      case "OK":
        if (w.payload() == null) {
          // The request completed, so it is billed; its result is read from the queue instead.
          result = PollResult.unreadable(new ProviderFailureException(name, errors.redact("fal's webhook for " + id
              + " carried no payload: " + w.payloadError().orElse("(no reason given)")), 0, true, null));
        } else {
          try {
            result = PollResult.succeeded(outputs.build(id, w.payload(), attrs, null));
          } catch (NoOutputException e) {
            result = PollResult.failedAfterRunning(e);
          }
        }
        break;
      case "ERROR": {
        String error = w.error().orElse("fal reported an error");
        Matcher m = STATUS_CODE.matcher(error);
        int code = m.find() ? Integer.parseInt(m.group(1)) : 500;
        String payload = w.payload() == null ? error : Json.write(Json.object(w.payload()).isEmpty()
            ? Map.of("detail", error) : Json.object(w.payload()));
        GenerationException e = errors.map(code, payload, Headers.of(), true);
        if (e instanceof ProviderFailureException && !(e instanceof NoOutputException)) {
          // The request is over: what the queue could not finish is not retried here.
          e = new ProviderFailureException(name, e.getMessage(), code, false, null);
        }
        result = PollResult.failed(e);
        break;
      }
      default:
        return Optional.empty();
    }
    return Optional.of(new WebhookEvent(deliveryId, id, result));
  }

  /**
   * Reads fal's pricing API ({@code GET /v1/models/pricing?endpoint_id=a,b}, at most 50 ids a
   * call) for the main endpoint of every priced offer, and from then on serves a catalog in which
   * each offer whose unit price changed carries the new price, dated today and sourced to the
   * pricing API. Only rules with a single unit price are updated (see {@code docs/providers/fal.md}).
   * Completes with the new catalog; {@code Generator.refreshCatalog()} calls this and swaps the
   * catalog of a running generator.
   */
  public CompletableFuture<Catalog> refreshPrices() {
    Catalog current = catalog;
    List<String> ids = PriceRefresh.endpoints(current);
    List<CompletableFuture<PriceList>> pages = new ArrayList<>();
    HttpUrl pricing = platform.newBuilder().addPathSegment("models").addPathSegment("pricing").build();
    for (int i = 0; i < ids.size(); i += PRICING_BATCH) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + PRICING_BATCH));
      HttpUrl url = pricing.newBuilder().addQueryParameter("endpoint_id", String.join(",", batch)).build();
      pages.add(http.read(http.request(url).get().build(), answer -> {
        PriceList list;
        try {
          list = PriceList.parse(answer.text());
        } catch (IllegalArgumentException e) {
          throw new ProviderFailureException(name, "fal's pricing API answered with something that is not JSON",
              answer.status(), false, e);
        }
        if (list.hasMore()) {
          log.warn("{}: fal's pricing API has more prices than one page for {} endpoints; only the first page is read",
              name, batch.size());
        }
        return list;
      }));
    }
    return CompletableFuture.allOf(pages.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      Map<String, PriceList.Price> found = new LinkedHashMap<>();
      for (CompletableFuture<PriceList> page : pages) {
        for (PriceList.Price p : page.join().prices()) found.put(p.endpointId(), p);
      }
      Catalog fresh = prices.apply(current, found, LocalDate.now(context.clock()), pricing.toString());
      catalog = fresh;
      return fresh;
    });
  }

  private String requestPath(JobRef job) {
    String path = job.attributes().get(ATTR_REQUEST_PATH);
    if (path != null && !path.isBlank()) return path;
    String endpoint = job.attributes().get(JobRef.ENDPOINT);
    if (endpoint == null) throw new IllegalArgumentException("job " + job.id() + " names neither its request path nor its endpoint");
    return FalQueue.ownerApp(endpoint) + "/requests/" + job.id();
  }

  /**
   * Builds a {@link FalProvider}. The key defaults to {@code FAL_KEY} (or {@code FAL_KEY_ID} and
   * {@code FAL_KEY_SECRET}, joined with a colon, as fal's Python client reads them), the base URL
   * to {@code UNIGEN_FAL_BASE_URL} or {@value #DEFAULT_BASE_URL}, the timeout of one HTTP exchange
   * to 60 s. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String platformUrl;
    private String jwksUrl;
    private Duration startTimeout;
    private String priority;
    private String webhookUrl;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, Duration.ofSeconds(60));
    }

    /**
     * Sets the platform API's base URL used by {@link FalProvider#refreshPrices()}; by default
     * {@code UNIGEN_FAL_PLATFORM_BASE_URL}, else {@value FalProvider#DEFAULT_PLATFORM_URL}.
     */
    public Builder platformBaseUrl(String url) {
      this.platformUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Sets where fal's webhook keys are read (default {@link FalWebhooks#JWKS_URL}), for tests. */
    public Builder webhookJwksUrl(String url) {
      this.jwksUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Sends {@code X-Fal-Request-Timeout}: a deadline for a runner to start on the request,
     * covering queue wait and fal's own retries (not the run itself). When it passes fal answers
     * 504 with {@code X-Fal-Request-Timeout-Type: user}, which is never retried. Must exceed 1 s.
     */
    public Builder startTimeout(Duration deadline) {
      if (deadline == null || deadline.compareTo(Duration.ofSeconds(1)) <= 0) {
        throw new IllegalArgumentException("startTimeout must exceed 1 s: " + deadline);
      }
      this.startTimeout = deadline;
      return this;
    }

    /** Sends {@code X-Fal-Queue-Priority}: {@code normal} or {@code low}. */
    public Builder priority(String priority) {
      if (!"normal".equals(priority) && !"low".equals(priority)) {
        throw new IllegalArgumentException("priority must be normal or low: " + priority);
      }
      this.priority = priority;
      return this;
    }

    /** Registers {@code url} as the webhook of every request ({@code ?fal_webhook=}). */
    public Builder webhookUrl(String url) {
      if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
        throw new IllegalArgumentException("webhook URL must be http(s): " + url);
      }
      this.webhookUrl = url;
      return this;
    }

    /**
     * Returns the provider, reading what was not set from {@code context}.
     *
     * @throws IllegalStateException if no key is given or set (the message names the variables, never a value)
     * @throws IllegalArgumentException if the platform URL is not an http(s) URL
     */
    @Override
    public FalProvider build(ProviderContext context) {
      ProviderSettings settings;
      try {
        settings = settings(context);
      } catch (IllegalStateException noKey) {
        Optional<String> id = context.env(KEY_ID_VARIABLE);
        Optional<String> secret = context.secret(List.of(KEY_SECRET_VARIABLE));
        if (id.isEmpty() || secret.isEmpty()) throw noKey;
        apiKey(id.get().trim() + ":" + secret.get().trim());
        settings = settings(context);
      }
      String url = platformUrl != null ? platformUrl : context.baseUrl(NAME + "-platform", DEFAULT_PLATFORM_URL);
      HttpUrl platform = HttpUrl.parse(url);
      if (platform == null) throw new IllegalArgumentException("not an http(s) URL: " + url);
      return new FalProvider(this, settings, platform);
    }
  }
}
