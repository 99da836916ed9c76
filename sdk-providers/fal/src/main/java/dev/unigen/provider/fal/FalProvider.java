package dev.unigen.provider.fal;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Json;
import dev.unigen.jobs.Progress;
import dev.unigen.provider.fal.wire.ErrorBody;
import dev.unigen.provider.fal.wire.PriceList;
import dev.unigen.provider.fal.wire.QueueAnswer;
import dev.unigen.provider.fal.wire.QueueStatus;
import dev.unigen.provider.fal.wire.WebhookBody;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.webhooks.FalWebhooks;
import dev.unigen.webhooks.WebhookRejectedException;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * fal.ai's queue API as a Unigen {@link Provider}.
 *
 * <p>Every call is a queue request: {@code POST https://queue.fal.run/{owner}/{app}[/{path}]} with
 * the model input as JSON and {@code Authorization: Key <FAL_KEY>}, answered with
 * {@code {request_id, response_url, status_url, cancel_url}}. The job is then polled at
 * {@code .../requests/{id}/status?logs=1} ({@code IN_QUEUE} with its queue position,
 * {@code IN_PROGRESS} with log lines, {@code COMPLETED}, which may carry an {@code error}), and
 * its output read from {@code .../requests/{id}}. Status, result and cancel URLs keep only the
 * owner and app of the endpoint; the ones fal returns are used, rebased on the configured base URL
 * so that the key never goes anywhere else (and a restarted process or a test server with
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
public final class FalProvider implements Provider {
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

  static final String ATTR_ENDPOINT = "endpoint";
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

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_KNOWN_JOBS = 10_000;
  private static final int PRICING_BATCH = 50;
  private static final Pattern STATUS_CODE = Pattern.compile("(\\d{3})");

  private final String name;
  private final String apiKey;
  private final HttpUrl base;
  private final HttpUrl platform;
  private final OkHttpClient http;
  private final ProviderContext context;
  private final FalInputs inputs;
  private final FalOutputs outputs;
  private final FalErrors errors;
  private final PriceRefresh prices;
  private final FalWebhooks verifier;
  private final String startTimeout;
  private final String priority;
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

  private FalProvider(Builder b, ProviderContext ctx) {
    this.context = ctx;
    this.name = b.name;
    String key = b.apiKey;
    if (key != null) {
      ctx.redactor().register(key);
    } else {
      key = ctx.secret(KEY_VARIABLES).orElse(null);
      if (key == null) {
        Optional<String> id = ctx.env(KEY_ID_VARIABLE);
        Optional<String> secret = ctx.secret(List.of(KEY_SECRET_VARIABLE));
        if (id.isPresent() && secret.isPresent()) {
          key = id.get() + ":" + secret.get();
          ctx.redactor().register(key);
        }
      }
      if (key == null) {
        throw new IllegalStateException("fal needs an API key: set FAL_KEY (or FAL_KEY_ID and FAL_KEY_SECRET) or pass apiKey(...)");
      }
    }
    this.apiKey = key.trim();
    this.base = parse(b.baseUrl != null ? b.baseUrl : ctx.baseUrl(name, DEFAULT_BASE_URL));
    this.platform = parse(b.platformUrl != null ? b.platformUrl : ctx.baseUrl(name + "-platform", DEFAULT_PLATFORM_URL));
    Duration timeout = b.timeout != null ? b.timeout : DEFAULT_TIMEOUT;
    this.http = ctx.httpClient().newBuilder().readTimeout(timeout).callTimeout(timeout).build();
    Catalog own = Catalog.ofModule(FalProvider.class);
    this.catalog = NAME.equals(name) ? own : own.withProvider(name);
    this.inputs = new FalInputs(name);
    this.outputs = new FalOutputs(name);
    this.errors = new FalErrors(name, ctx.redactor(), ctx.clock());
    this.prices = PriceRefresh.ofModule(FalProvider.class);
    this.verifier = new FalWebhooks(http, b.jwksUrl != null ? b.jwksUrl : FalWebhooks.JWKS_URL, ctx.clock());
    this.startTimeout = b.startTimeout == null ? null
        : BigDecimal.valueOf(b.startTimeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    this.priority = b.priority;
    this.defaultWebhook = b.webhookUrl;
    this.log = ctx.logger(FalProvider.class);
  }

  private static HttpUrl parse(String url) {
    HttpUrl u = HttpUrl.parse(url);
    if (u == null) throw new IllegalArgumentException("not an http(s) URL: " + url);
    return u;
  }

  /** Returns a builder; only the context is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the name, {@value #NAME} unless the builder gave another. */
  @Override
  public String name() {
    return name;
  }

  /** Returns this module's offers, with the unit prices of the last {@link #refreshPrices()} if any. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /** Submits the call to fal's queue; completes with the accepted job to {@link #poll}. */
  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    FalInputs.Prepared p;
    String body;
    try {
      p = inputs.prepare(call, defaultWebhook);
      body = Json.write(p.input);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, errors.redact(String.valueOf(e.getMessage()))));
    }
    HttpUrl.Builder url = FalPaths.url(base, p.endpoint, null).newBuilder();
    if (p.webhook != null) url.addQueryParameter("fal_webhook", p.webhook);
    Request.Builder req = authorized(url.build()).post(RequestBody.create(body, JSON));
    if (priority != null) req.header("X-Fal-Queue-Priority", priority);
    if (startTimeout != null) req.header("X-Fal-Request-Timeout", startTimeout);
    log.debug("{}: submitting {} ({})", name, p.endpoint, call.id());
    return HttpCalls.send(http, req.build(), name, false).thenApply(response -> accepted(p, response));
  }

  private Submission accepted(FalInputs.Prepared p, Response response) {
    Answer a = Answer.read(response, false, this);
    if (!a.ok()) throw errors.map(a.code, a.text, a.headers, false);
    QueueAnswer q;
    try {
      q = QueueAnswer.parse(a.text);
    } catch (IllegalArgumentException e) {
      throw new OutcomeUnknownException(name, "fal accepted " + p.endpoint + " with an unreadable answer; it may run and be"
          + " billed, so it is not sent elsewhere");
    }
    String id = q.requestId().orElseThrow(() -> new OutcomeUnknownException(name, "fal answered " + p.endpoint
        + " without a request_id; it may run and be billed, so it is not sent elsewhere"));
    String path = FalPaths.fromUrl(q.responseUrl().orElse(null), base, false)
        .or(() -> FalPaths.fromUrl(q.statusUrl().orElse(null), base, true))
        .orElse(FalPaths.requestPath(p.endpoint, id));
    Map<String, String> attrs = new LinkedHashMap<>(p.attributes);
    attrs.put(ATTR_REQUEST_PATH, path);
    JobRef ref = JobRef.of(name, id, q.statusUrl().orElse(FalPaths.url(base, path, "status").toString()),
        q.cancelUrl().orElse(FalPaths.url(base, path, "cancel").toString()), attrs);
    known.put(id, ref);
    return Submission.accepted(ref);
  }

  /**
   * Reads the job's status and, once {@code COMPLETED}, its result. Transient failures complete
   * exceptionally so the generator polls again; a failed request completes with
   * {@link PollResult#failed}.
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    String path;
    try {
      path = requestPath(job);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    known.putIfAbsent(job.id(), job);
    HttpUrl url = FalPaths.url(base, path, "status").newBuilder().addQueryParameter("logs", "1").build();
    return HttpCalls.send(http, authorized(url).get().build(), name, true).thenCompose(response -> {
      Answer a = Answer.read(response, true, this);
      if (!a.ok()) return CompletableFuture.completedFuture(pollFailure(a));
      QueueStatus st;
      try {
        st = QueueStatus.parse(a.text);
      } catch (IllegalArgumentException e) {
        throw new ProviderFailureException(name, "unreadable fal status for " + job.id(), 0, true, e);
      }
      switch (st.status().toUpperCase(Locale.ROOT)) {
        case "IN_QUEUE":
          return done(PollResult.pending(PollResult.State.QUEUED, new Progress("IN_QUEUE",
              st.queuePosition().isPresent() ? st.queuePosition().getAsInt() : null, null, st.logs()), null));
        case "IN_PROGRESS":
          return done(PollResult.pending(PollResult.State.RUNNING, new Progress("IN_PROGRESS", null, null, st.logs()), null));
        case "COMPLETED":
          if (st.error().isPresent()) {
            return done(PollResult.failed(errors.completedWithError(job.id(), st.error().get(), st.errorType().orElse(null))));
          }
          return result(job, path);
        case "CANCELED":
        case "CANCELLED":
          return done(PollResult.canceled(new JobCanceledException(name, "fal request " + job.id() + " was canceled")));
        default:
          return done(PollResult.failed(new ProviderFailureException(name, errors.redact("fal request " + job.id()
              + " has an unknown status '" + st.status() + "'"), a.code, false, null)));
      }
    });
  }

  private CompletableFuture<PollResult> result(JobRef job, String path) {
    Request req = authorized(FalPaths.url(base, path, null)).get().build();
    return HttpCalls.send(http, req, name, true).thenApply(response -> {
      Answer a = Answer.read(response, true, this);
      if (!a.ok()) return pollFailure(a);
      Object json;
      try {
        json = Json.parse(a.text);
      } catch (IllegalArgumentException e) {
        return PollResult.failed(new NoOutputException(name, "fal request " + job.id() + " completed with an unreadable result"));
      }
      try {
        return PollResult.succeeded(outputs.build(job.id(), json, job.attributes(), billedUnits(a.headers)));
      } catch (NoOutputException e) {
        return PollResult.failed(e);
      }
    });
  }

  /** Asks fal to cancel the job; true if fal took the request ({@code OK} or {@code CANCELLATION_REQUESTED}). */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    String path;
    try {
      path = requestPath(job);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
    Request req = authorized(FalPaths.url(base, path, "cancel")).put(RequestBody.create(new byte[0], null)).build();
    return HttpCalls.send(http, req, name, true).handle((response, error) -> {
      if (error != null) return false;
      Answer a = Answer.read(response, true, this);
      String status;
      try {
        status = Json.string(Json.object(Json.parse(a.text)), "status").orElse("");
      } catch (IllegalArgumentException e) {
        status = "";
      }
      log.debug("{}: cancel of {} answered {} {}", name, job.id(), a.code, status);
      return a.ok() && (status.equals("OK") || status.equals("CANCELLATION_REQUESTED"));
    });
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
    String headerId = verifier.verify(headers, body);
    String timestamp = header(headers, "X-Fal-Webhook-Timestamp").orElse("");
    WebhookBody w;
    try {
      w = WebhookBody.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(name, "the delivery is not a JSON object");
    }
    String id = w.requestId().orElse(headerId);
    String deliveryId = headerId + ":" + timestamp;
    JobRef job = known.get(id);
    Map<String, String> attrs = job != null ? job.attributes() : Map.of();
    PollResult result;
    switch (w.status().toUpperCase(Locale.ROOT)) {
      case "OK":
        if (w.payload() == null) {
          result = PollResult.failed(new NoOutputException(name, errors.redact("fal's webhook for " + id
              + " carried no payload: " + w.payloadError().orElse("(no reason given)"))));
        } else {
          try {
            result = PollResult.succeeded(outputs.build(id, w.payload(), attrs, null));
          } catch (NoOutputException e) {
            result = PollResult.failed(e);
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
   * Completes with the new catalog; a generator built before the refresh keeps the prices it read,
   * so pass the result to {@code Generator.builder().catalog(...)} or refresh before building one.
   */
  public CompletableFuture<Catalog> refreshPrices() {
    Catalog current = catalog;
    List<String> ids = PriceRefresh.endpoints(current);
    List<CompletableFuture<PriceList>> pages = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += PRICING_BATCH) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + PRICING_BATCH));
      HttpUrl url = platform.newBuilder().addPathSegment("models").addPathSegment("pricing")
          .addQueryParameter("endpoint_id", String.join(",", batch)).build();
      pages.add(HttpCalls.send(http, authorized(url).get().build(), name, true).thenApply(response -> {
        Answer a = Answer.read(response, true, this);
        if (!a.ok()) throw errors.map(a.code, a.text, a.headers, true);
        PriceList list;
        try {
          list = PriceList.parse(a.text);
        } catch (IllegalArgumentException e) {
          throw new ProviderFailureException(name, "fal's pricing API answered with something that is not JSON", a.code, false, e);
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
      String source = platform.newBuilder().addPathSegment("models").addPathSegment("pricing").build().toString();
      Catalog fresh = prices.apply(current, found, LocalDate.now(context.clock()), source);
      catalog = fresh;
      return fresh;
    });
  }

  @Override
  public String toString() {
    return "FalProvider(" + name + ", " + base + ")";
  }

  private Request.Builder authorized(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", "Key " + apiKey).header("Accept", "application/json");
  }

  private String requestPath(JobRef job) {
    String path = job.attributes().get(ATTR_REQUEST_PATH);
    if (path != null && !path.isBlank()) return path;
    String endpoint = job.attributes().get(ATTR_ENDPOINT);
    if (endpoint == null) throw new IllegalArgumentException("job " + job.id() + " names neither its request path nor its endpoint");
    return FalPaths.requestPath(endpoint, job.id());
  }

  /** A status or result read answered with an error: transient ones are thrown so the job is polled again. */
  private PollResult pollFailure(Answer a) {
    GenerationException e = errors.map(a.code, a.text, a.headers, true);
    if (e instanceof dev.unigen.RateLimitedException
        || (e instanceof ProviderFailureException && ((ProviderFailureException) e).retryable())) {
      throw e;
    }
    return PollResult.failed(e);
  }

  private static BigDecimal billedUnits(Headers headers) {
    String value = headers.get("X-Fal-Billable-Units");
    if (value == null || value.isBlank()) return null;
    try {
      BigDecimal units = new BigDecimal(value.trim());
      return units.signum() >= 0 ? units : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static CompletableFuture<PollResult> done(PollResult r) {
    return CompletableFuture.completedFuture(r);
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.of(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  /** A response read whole and closed. */
  private static final class Answer {
    final int code;
    final String text;
    final Headers headers;

    Answer(int code, String text, Headers headers) {
      this.code = code;
      this.text = text;
      this.headers = headers;
    }

    /**
     * Reads and closes {@code response}. A body lost after a submit may mean a queued, billable
     * request: that is an {@link OutcomeUnknownException}, never a retryable failure.
     */
    static Answer read(Response response, boolean idempotent, FalProvider p) {
      try (Response r = response) {
        return new Answer(r.code(), r.body().string(), r.headers());
      } catch (IOException e) {
        String what = "reading fal's answer to " + response.request().method() + " " + response.request().url().redact()
            + " failed: " + e;
        if (idempotent) throw new ProviderFailureException(p.name, p.errors.redact(what), 0, true, e);
        throw new OutcomeUnknownException(p.name, p.errors.redact(what + "; it may have been queued and billed"), e);
      }
    }

    boolean ok() {
      return code >= 200 && code < 300;
    }
  }

  /**
   * Builds a {@link FalProvider}. The key defaults to {@code FAL_KEY} (or {@code FAL_KEY_ID} and
   * {@code FAL_KEY_SECRET}, joined with a colon, as fal's Python client reads them), the base URL
   * to {@code UNIGEN_FAL_BASE_URL} or {@value #DEFAULT_BASE_URL}. Not threadsafe.
   */
  public static final class Builder {
    private String name = NAME;
    private String apiKey;
    private String baseUrl;
    private String platformUrl;
    private String jwksUrl;
    private Duration timeout;
    private Duration startTimeout;
    private String priority;
    private String webhookUrl;

    private Builder() {}

    /** Sets the key instead of reading {@code FAL_KEY}; it is registered with the context's redactor. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("apiKey is blank");
      this.apiKey = apiKey;
      return this;
    }

    /** Sets the queue's base URL, for a proxy or a test server. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
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

    /** Sets how long one HTTP exchange (a submit, a poll, a result) may take; 60 s by default. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
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
     * Sets the provider's name (default {@value #NAME}), for a second fal account: the offers move
     * to that name and the base URL is read from {@code UNIGEN_<NAME>_BASE_URL}.
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Returns the provider, reading what was not set from {@code context}.
     *
     * @throws IllegalStateException if no key is given or set (the message names the variables, never a value)
     * @throws IllegalArgumentException if a base URL is not an http(s) URL
     */
    public FalProvider build(ProviderContext context) {
      return new FalProvider(this, Objects.requireNonNull(context, "context"));
    }
  }
}
