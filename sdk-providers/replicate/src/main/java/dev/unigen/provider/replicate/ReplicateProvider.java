package dev.unigen.provider.replicate;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.provider.replicate.wire.CreatePrediction;
import dev.unigen.provider.replicate.wire.Prediction;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * Replicate's predictions API as a Unigen provider: official models run by name
 * ({@code POST /v1/models/{owner}/{name}/predictions}) and community models run by version
 * ({@code POST /v1/predictions} with {@code version}), polled at
 * {@code GET /v1/predictions/{id}}, canceled at {@code POST /v1/predictions/{id}/cancel}, with
 * {@code Authorization: Bearer <token>}.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> ReplicateProvider.builder().build(ctx))   // token from REPLICATE_API_TOKEN
 *     .build();
 * Generation g = gen.image("flux-schnell").prompt("a red bicycle").aspectRatio("16:9").count(2).generate();
 * }</pre>
 *
 * <p>Image models are sent with {@code Prefer: wait=N} (60 s by default, {@link Builder#preferWait}):
 * a prediction finished within the wait is returned at once, one still {@code starting} or
 * {@code processing} is accepted as a job and polled. Video models are always accepted as jobs.
 * The job's handle holds the prediction id, its {@code get} and {@code cancel} URLs rebuilt on the
 * configured base URL, the endpoint and the model — never the token — so a restarted process can
 * resume it. With a webhook URL ({@link Builder#webhookUrl}, or {@code providerOptions("replicate",
 * Map.of("webhook", url))}) each prediction also asks for {@code webhook_events_filter}
 * {@code ["completed"]}; {@link #webhook} verifies deliveries with the account's signing secret.
 *
 * <p>No response names a price. Official models are charged by output, so the actual cost is
 * computed from the images or seconds produced; for models billed by run time, the usage also
 * carries {@code metrics.predict_time} as compute seconds for a compute-seconds price rule.
 *
 * <p>{@code providerOptions("replicate", map)}: {@code webhook}, {@code webhook_events_filter}
 * and {@code cancel_after} configure the call; every other key is copied into the model's
 * {@code input} as it is, over the mapped value (for inputs Unigen has no field for, such as
 * Recraft's {@code style}).
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class ReplicateProvider implements Provider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "replicate";
  /** The variable the token is read from, as Replicate's official clients read it. */
  public static final List<String> KEY_VARIABLES = List.of("REPLICATE_API_TOKEN");
  /** The official base URL, with its {@code /v1}; {@code UNIGEN_REPLICATE_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.replicate.com/v1";
  /** How long one HTTP call may take when the builder sets nothing. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  /** How long a create waits for a short job when the builder sets nothing (Replicate's own maximum). */
  public static final Duration DEFAULT_PREFER_WAIT = Duration.ofSeconds(60);

  static final String ATTR_ENDPOINT = "endpoint";
  static final String ATTR_MODEL = "model";
  static final String ATTR_WARNINGS = "warnings";
  static final Set<String> WEBHOOK_EVENTS = Set.of("start", "output", "logs", "completed");
  private static final MediaType JSON = MediaType.get("application/json");
  /** Warnings kept for jobs a webhook may complete; bounded so that abandoned jobs cannot grow it. */
  private static final int MAX_REMEMBERED_WARNINGS = 10_000;

  private final String name;
  private final Catalog catalog;
  private final ProviderContext context;
  private final String authorization;
  private final HttpUrl base;
  private final OkHttpClient http;
  private final Duration timeout;
  private final Duration preferWait;
  private final Duration cancelAfter;
  private final String webhookUrl;
  private final List<String> webhookEvents;
  private final ReplicateErrors errors;
  private final Outputs outputs;
  private final MediaInputs media;
  private final WebhookVerifier verifier;
  private final Map<String, List<String>> pendingWarnings = new ConcurrentHashMap<>();
  private final Logger log;

  private ReplicateProvider(Builder b, ProviderContext ctx, String token, HttpUrl base) {
    this.name = b.name;
    this.catalog = name.equals(NAME) ? Bundled.CATALOG : Bundled.CATALOG.withProvider(name);
    this.context = ctx;
    this.authorization = "Bearer " + token;
    this.base = base;
    this.timeout = b.timeout;
    this.http = ctx.httpClient().newBuilder().readTimeout(b.timeout).writeTimeout(b.timeout).callTimeout(b.timeout).build();
    this.preferWait = b.preferWait;
    this.cancelAfter = b.cancelAfter;
    this.webhookUrl = b.webhookUrl;
    this.webhookEvents = List.copyOf(b.webhookEvents);
    this.errors = new ReplicateErrors(name, ctx.redactor(), ctx.clock());
    this.outputs = new Outputs(name, errors);
    this.media = new MediaInputs(http, base, authorization, name, errors);
    this.verifier = new WebhookVerifier(name, b.webhookSecret, http, base, authorization, ctx.redactor(), ctx.clock(), b.timeout);
    this.log = ctx.logger(ReplicateProvider.class);
  }

  /** Returns a builder; the token and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name given to the builder, {@value #NAME} by default; every offer in {@link #catalog()} carries it. */
  @Override
  public String name() {
    return name;
  }

  /** The bundled offers ({@code META-INF/unigen/catalog.json}) under this provider's name. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Creates a prediction for {@code call}. Completes with the output when it finished within the
   * {@code Prefer: wait}, with an accepted job when it is still starting or processing, or
   * exceptionally with the typed error Replicate's answer maps to. A create whose answer is lost
   * after it may have been sent completes with {@link OutcomeUnknownException}: the prediction may
   * run and be billed, so it is not sent again.
   */
  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    ModelInputs.Prepared prepared;
    WebhookConfig webhook;
    String deadline;
    try {
      prepared = ModelInputs.prepare(call, name);
      webhook = webhook(call);
      deadline = cancelAfter(call);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return media.localize(prepared.input)
        .thenCompose(input -> create(call, prepared, input, webhook, deadline))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e)));
  }

  private CompletableFuture<Submission> create(ProviderCall call, ModelInputs.Prepared prepared, Map<String, Object> input,
      WebhookConfig webhook, String deadline) {
    Endpoint ep = prepared.endpoint;
    HttpUrl url = ep.official()
        ? base.newBuilder().addPathSegment("models").addPathSegments(ep.model).addPathSegment("predictions").build()
        : base.newBuilder().addPathSegment("predictions").build();
    byte[] body;
    try {
      body = CreatePrediction.of(ep.official() ? null : ep.version, input, webhook.url, webhook.events).toJson();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, "providerOptions " + name + ": " + e.getMessage()));
    }
    Request.Builder req = new Request.Builder().url(url).header("Authorization", authorization)
        .post(RequestBody.create(body, JSON));
    long wait = preferWaitSeconds(call);
    if (prepared.shortJob && wait > 0) req.header("Prefer", "wait=" + wait);
    if (deadline != null) req.header("Cancel-After", deadline);
    return HttpCalls.send(http, req.build(), name, false).thenApply(response -> created(response, call, prepared));
  }

  /** The seconds to wait: the builder's, within the call's and the client's time, at least 1; 0 for none. */
  private long preferWaitSeconds(ProviderCall call) {
    if (preferWait.isZero()) return 0;
    long limit = Math.min(timeout.getSeconds(), call.timeout().getSeconds()) - 5;
    long wait = Math.min(preferWait.getSeconds(), limit);
    return wait >= 1 ? wait : 0;
  }

  private Submission created(Response response, ProviderCall call, ModelInputs.Prepared prepared) {
    String text;
    int code;
    try (Response r = response) {
      code = r.code();
      try {
        text = new String(r.body().bytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        if (!r.isSuccessful()) throw errors.http(code, "", r.headers());
        throw new OutcomeUnknownException(name, "reading the answer to the create of " + prepared.endpoint
            + " failed (" + e + "); the prediction may run and be billed, so it is not sent again", e);
      }
      if (!r.isSuccessful()) throw errors.http(code, text, r.headers());
    }
    Prediction p;
    try {
      p = Prediction.parse(text);
    } catch (IllegalArgumentException e) {
      throw new OutcomeUnknownException(name, context.redactor().redact("Replicate answered " + code + " to the create of "
          + prepared.endpoint + " with an unreadable prediction (" + e.getMessage() + "); it may run and be billed,"
          + " so it is not sent again"));
    }
    PollResult result = outputs.result(p, prepared.endpoint.model, prepared.warnings);
    switch (result.state()) {
      case SUCCEEDED:
        return Submission.completed(result.output().get());
      case FAILED:
      case CANCELED:
        throw Outputs.error(result);
      default:
        return Submission.accepted(accepted(p, call, prepared));
    }
  }

  private JobRef accepted(Prediction p, ProviderCall call, ModelInputs.Prepared prepared) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(ATTR_ENDPOINT, call.endpoint());
    attributes.put(ATTR_MODEL, prepared.endpoint.model);
    if (!prepared.warnings.isEmpty()) {
      attributes.put(ATTR_WARNINGS, String.join("\n", prepared.warnings));
      if (pendingWarnings.size() < MAX_REMEMBERED_WARNINGS) pendingWarnings.put(p.id(), List.copyOf(prepared.warnings));
    }
    log.debug("{} accepted prediction {} of {} ({})", name, p.id(), prepared.endpoint, p.status().orElse("?"));
    // Replicate's urls.get and urls.cancel name api.replicate.com; they are kept on this provider's
    // base URL instead, so the token only ever goes where it was configured to go.
    return JobRef.of(name, p.id(), predictionUrl(p.id()).toString(), cancelUrl(p.id()).toString(), attributes);
  }

  /**
   * Fetches {@code GET /v1/predictions/{id}}. A rate limit, a server error or an unreadable answer
   * completes exceptionally so the generator polls again; an answer that ends the job completes
   * with {@link PollResult#failed}.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    Request req = new Request.Builder().url(predictionUrl(job.id())).header("Authorization", authorization).get().build();
    return HttpCalls.send(http, req, name, true)
        .thenApply(response -> polled(response, job))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e)));
  }

  private PollResult polled(Response response, JobRef job) {
    String text;
    try (Response r = response) {
      try {
        text = new String(r.body().bytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ProviderFailureException(name, "reading prediction " + job.id() + " failed: " + e, 0, true, e);
      }
      if (!r.isSuccessful()) {
        GenerationException e = errors.http(r.code(), text, r.headers());
        if (ReplicateErrors.transientFailure(e)) throw e;
        forget(job.id());
        return PollResult.failed(e);
      }
    }
    Prediction p;
    try {
      p = Prediction.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ProviderFailureException(name, "unreadable prediction " + job.id() + ": " + e.getMessage(), 0, true, e);
    }
    PollResult result = outputs.result(p, job.attributes().get(ATTR_MODEL), warnings(job));
    if (result.isDone()) forget(job.id());
    return result;
  }

  /**
   * Asks Replicate to cancel the prediction ({@code POST /v1/predictions/{id}/cancel}); completes
   * with true when Replicate answered with the prediction, false otherwise. A prediction canceled
   * after it started is billed for the time it ran; one that had not started is not.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    Request req = new Request.Builder().url(cancelUrl(job.id())).header("Authorization", authorization)
        .post(RequestBody.create(new byte[0], null)).build();
    // Asking twice to cancel is harmless, so this call counts as idempotent.
    return HttpCalls.send(http, req, name, true).handle((response, error) -> {
      if (error != null) return false;
      try (Response r = response) {
        return r.isSuccessful();
      }
    });
  }

  /**
   * Verifies a webhook delivery ({@code webhook-id}, {@code webhook-timestamp},
   * {@code webhook-signature} over the raw body, with the account's signing secret) and reads the
   * prediction it carries. Empty when the verified body is not a prediction.
   *
   * @throws dev.unigen.webhooks.WebhookRejectedException if verification fails
   */
  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    String deliveryId = verifier.verify(headers, body);
    Prediction p;
    try {
      p = Prediction.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      log.warn("{}: verified webhook {} carries no prediction: {}", name, deliveryId, e.getMessage());
      return Optional.empty();
    }
    List<String> warnings = pendingWarnings.getOrDefault(p.id(), List.of());
    PollResult result = outputs.result(p, p.model().orElse(null), warnings);
    if (result.isDone()) forget(p.id());
    return Optional.of(new WebhookEvent(deliveryId, p.id(), result));
  }

  private List<String> warnings(JobRef job) {
    String w = job.attributes().get(ATTR_WARNINGS);
    return w == null || w.isEmpty() ? List.of() : List.of(w.split("\n"));
  }

  private void forget(String id) {
    pendingWarnings.remove(id);
  }

  private HttpUrl predictionUrl(String id) {
    return base.newBuilder().addPathSegment("predictions").addPathSegment(id).build();
  }

  private HttpUrl cancelUrl(String id) {
    return base.newBuilder().addPathSegment("predictions").addPathSegment(id).addPathSegment("cancel").build();
  }

  /** The webhook for this call: the request's providerOptions first, then the builder's. */
  private WebhookConfig webhook(ProviderCall call) {
    Map<String, Object> options = call.request().providerOptions().getOrDefault(name, Map.of());
    Object url = options.get(ModelInputs.OPT_WEBHOOK);
    Object events = options.get(ModelInputs.OPT_WEBHOOK_EVENTS);
    String target = webhookUrl;
    if (url != null) {
      if (!(url instanceof String) || !isHttps((String) url)) {
        throw new InvalidRequestException(name, "providerOptions " + name + ".webhook must be an https URL");
      }
      target = (String) url;
    }
    if (target == null) {
      if (events != null) throw new InvalidRequestException(name, "providerOptions " + name + ".webhook_events_filter needs a webhook");
      return new WebhookConfig(null, null);
    }
    List<String> filter = webhookEvents;
    if (events != null) {
      if (!(events instanceof List)) {
        throw new InvalidRequestException(name, "providerOptions " + name + ".webhook_events_filter must be a list");
      }
      List<String> given = new ArrayList<>();
      for (Object e : (List<?>) events) {
        if (!(e instanceof String) || !WEBHOOK_EVENTS.contains(e)) {
          throw new InvalidRequestException(name, "providerOptions " + name + ".webhook_events_filter takes start, output, logs"
              + " and completed, not " + e);
        }
        given.add((String) e);
      }
      filter = given;
    }
    return new WebhookConfig(target, filter);
  }

  /** The {@code Cancel-After} value: the request's {@code cancel_after} option, else the builder's deadline. */
  private String cancelAfter(ProviderCall call) {
    Object option = call.request().providerOptions().getOrDefault(name, Map.of()).get(ModelInputs.OPT_CANCEL_AFTER);
    if (option != null) {
      if (!(option instanceof String) || !((String) option).matches("[0-9]+(\\.[0-9]+)?(ms|s|m|h)")) {
        throw new InvalidRequestException(name, "providerOptions " + name + ".cancel_after must be a duration such as 1m or 90s");
      }
      return (String) option;
    }
    return cancelAfter == null ? null : goDuration(cancelAfter);
  }

  static String goDuration(Duration d) {
    long s = d.getSeconds();
    return s % 60 == 0 ? (s / 60) + "m" : s + "s";
  }

  static boolean isHttps(String url) {
    HttpUrl u = HttpUrl.parse(url);
    return u != null && u.scheme().toLowerCase(Locale.ROOT).equals("https");
  }

  private Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof GenerationException) return t;
    return new ProviderFailureException(name, context.redactor().redact("unexpected failure: " + t), 0, false, t);
  }

  @Override
  public String toString() {
    return "ReplicateProvider(" + name + " " + base + ")";
  }

  /** A webhook target and its event filter; both null for none. */
  private static final class WebhookConfig {
    final String url;
    final List<String> events;

    WebhookConfig(String url, List<String> events) {
      this.url = url;
      this.events = events;
    }
  }

  /** The catalog shipped in this module, read once. */
  private static final class Bundled {
    static final Catalog CATALOG = Catalog.ofModule(ReplicateProvider.class);
  }

  /**
   * Builds a {@link ReplicateProvider}. Not threadsafe.
   *
   * <pre>{@code
   * ReplicateProvider.builder()
   *     .webhookUrl("https://example.com/webhooks/replicate")   // also asks for webhook_events_filter ["completed"]
   *     .cancelAfter(Duration.ofMinutes(10))
   *     .build(ctx);
   * }</pre>
   */
  public static final class Builder {
    private String name = NAME;
    private String apiKey;
    private String baseUrl;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration preferWait = DEFAULT_PREFER_WAIT;
    private Duration cancelAfter;
    private String webhookUrl;
    private List<String> webhookEvents = List.of("completed");
    private String webhookSecret;

    private Builder() {}

    /**
     * Sets the API token; by default it is read from {@code REPLICATE_API_TOKEN}. It is
     * registered with the context's redactor, so it never appears in a message or a log line.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Sets the base URL including its version path, such as a proxy's
     * {@code https://proxy.example/v1}; by default {@code UNIGEN_REPLICATE_BASE_URL} (for a
     * provider named otherwise, {@code UNIGEN_<NAME>_BASE_URL}) or {@value ReplicateProvider#DEFAULT_BASE_URL}.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sets how long one HTTP call may take, a create's {@code Prefer: wait} included; 120 s by
     * default.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how long a create of an image model waits for the prediction to finish
     * ({@code Prefer: wait=N}, whole seconds, 60 at most as Replicate documents); 60 s by default,
     * zero to never wait. It is kept 5 s under the timeout.
     *
     * @throws IllegalArgumentException if it is negative or over 60 s
     */
    public Builder preferWait(Duration wait) {
      if (wait == null || wait.isNegative() || wait.getSeconds() > 60) {
        throw new IllegalArgumentException("preferWait must be within 0..60 s: " + wait);
      }
      this.preferWait = wait;
      return this;
    }

    /**
     * Sends {@code Cancel-After} with every create, so Replicate ends a prediction still running
     * after {@code deadline}: one that never started ends {@code aborted} (not billed), one that
     * had started ends {@code canceled} (billed for its run time). Off by default.
     *
     * @throws IllegalArgumentException if it is under one second
     */
    public Builder cancelAfter(Duration deadline) {
      if (deadline == null || deadline.getSeconds() < 1) throw new IllegalArgumentException("cancelAfter must be at least 1 s");
      this.cancelAfter = deadline;
      return this;
    }

    /**
     * Sends {@code webhook} with every create, an https URL where the application hands
     * deliveries to {@code generator.webhooks().receive("replicate", headers, body)}.
     *
     * @throws IllegalArgumentException if it is not an https URL (Replicate sends to https only)
     */
    public Builder webhookUrl(String url) {
      if (url == null || !isHttps(url)) throw new IllegalArgumentException("the webhook URL must be https: " + url);
      this.webhookUrl = url;
      return this;
    }

    /**
     * Sets {@code webhook_events_filter}, a subset of {@code start}, {@code output}, {@code logs}
     * and {@code completed}; {@code ["completed"]} by default.
     *
     * @throws IllegalArgumentException if it is empty or names another event
     */
    public Builder webhookEvents(List<String> events) {
      if (events == null || events.isEmpty() || !WEBHOOK_EVENTS.containsAll(events)) {
        throw new IllegalArgumentException("webhook events are a non-empty subset of " + WEBHOOK_EVENTS + ": " + events);
      }
      this.webhookEvents = List.copyOf(events);
      return this;
    }

    /**
     * Sets the webhook signing secret ({@code whsec_...}); by default it is fetched once from
     * {@code GET /v1/webhooks/default/secret} when the first delivery arrives.
     *
     * @throws IllegalArgumentException if it does not start with {@code whsec_}
     */
    public Builder webhookSecret(String secret) {
      if (secret == null || !secret.startsWith("whsec_")) throw new IllegalArgumentException("a Replicate webhook secret starts with whsec_");
      this.webhookSecret = secret;
      return this;
    }

    /**
     * Sets the provider's name, for a second instance (another account, another base URL) next
     * to the first; its offers move to that name, and its base URL variable becomes
     * {@code UNIGEN_<NAME>_BASE_URL}.
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no token was given and {@code REPLICATE_API_TOKEN} is not
     *     set (the message names the variable, never a value)
     * @throws IllegalArgumentException if the base URL is not an http(s) URL
     */
    public ReplicateProvider build(ProviderContext context) {
      Objects.requireNonNull(context, "context");
      String key = context.apiKey(apiKey, KEY_VARIABLES, "Replicate API token");
      String url = baseUrl != null ? baseUrl : context.baseUrl(name, DEFAULT_BASE_URL);
      while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) throw new IllegalArgumentException("not an http(s) URL: " + url);
      return new ReplicateProvider(this, context, key.trim(), parsed);
    }
  }
}
