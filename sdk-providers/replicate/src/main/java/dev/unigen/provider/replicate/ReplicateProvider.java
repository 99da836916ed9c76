package dev.unigen.provider.replicate;

import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.protocol.ReplicatePredictions.Prediction;
import dev.unigen.spi.protocol.ReplicatePredictions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.Request;
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
 * {@code processing} — or one that succeeded without a usable output — is accepted as a job and
 * polled. Video models are always accepted as jobs.
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
public final class ReplicateProvider extends AbstractProvider {
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

  static final String ATTR_MODEL = "model";
  static final String ATTR_WARNINGS = "warnings";
  static final Set<String> WEBHOOK_EVENTS = Set.of("start", "output", "logs", "completed");
  /** Warnings kept for jobs a webhook may complete; bounded so that abandoned jobs cannot grow it. */
  private static final int MAX_REMEMBERED_WARNINGS = 10_000;

  private final String name;
  private final ProviderHttp http;
  private final ReplicatePredictions predictions;
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

  private ReplicateProvider(Builder b, ProviderSettings settings) {
    super(settings);
    this.name = settings.name();
    this.errors = new ReplicateErrors(settings);
    this.http = ProviderHttp.builder(settings).bearerAuth()
        .errors(a -> Optional.of(errors.http(a.status(), a.text(), a.headers()))).build();
    this.predictions = new ReplicatePredictions(http, "");
    this.timeout = settings.timeout();
    this.preferWait = b.preferWait;
    this.cancelAfter = b.cancelAfter;
    this.webhookUrl = b.webhookUrl;
    this.webhookEvents = List.copyOf(b.webhookEvents);
    this.outputs = new Outputs(name);
    this.media = new MediaInputs(http);
    this.verifier = new WebhookVerifier(b.webhookSecret, http);
    this.log = settings.context().logger(ReplicateProvider.class);
  }

  /** Returns a builder; the token and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a prediction for {@code call}. Completes with the output when it finished within the
   * {@code Prefer: wait}, with an accepted job when it is still starting or processing, or
   * exceptionally with the typed error Replicate's answer maps to. A create whose answer is lost
   * after it may have been sent completes with {@link OutcomeUnknownException}: the prediction may
   * run and be billed, so it is not sent again.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    ModelInputs.Prepared prepared = ModelInputs.prepare(call, name);
    Map<String, Object> webhook = webhook(call);
    String deadline = cancelAfter(call);
    long wait = prepared.shortJob ? preferWaitSeconds(call) : 0;
    UnaryOperator<Request.Builder> headers = r -> {
      if (wait > 0) r.header("Prefer", "wait=" + wait);
      if (deadline != null) r.header("Cancel-After", deadline);
      return r;
    };
    Endpoint ep = prepared.endpoint;
    return media.localize(prepared.input).thenCompose(input -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("input", input);
      body.putAll(webhook);
      try {
        return predictions.create(Optional.ofNullable(ep.model), Optional.ofNullable(ep.version), body, headers);
      } catch (IllegalArgumentException e) {
        return CompletableFuture.failedFuture(new InvalidRequestException(name, "providerOptions " + name + ": " + e.getMessage()));
      }
    }).thenApply(p -> created(p, call, prepared));
  }

  /** The seconds to wait: the builder's, within the call's and the client's time, at least 1; 0 for none. */
  private long preferWaitSeconds(ProviderCall call) {
    if (preferWait.isZero()) return 0;
    long limit = Math.min(timeout.getSeconds(), call.timeout().getSeconds()) - 5;
    long wait = Math.min(preferWait.getSeconds(), limit);
    return wait >= 1 ? wait : 0;
  }

  private Submission created(Prediction p, ProviderCall call, ModelInputs.Prepared prepared) {
    PollResult result = result(p, prepared.endpoint.model, prepared.warnings);
    if (result.state() == PollResult.State.SUCCEEDED) return Submission.completed(result.output().get());
    // A prediction that succeeded without a usable output ran and is billed: it is followed as a
    // job, which reads it again and records it billed, rather than failing over to buy it again.
    if (result.isDone() && !result.ran()) throw result.error().get();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(JobRef.ENDPOINT, call.endpoint());
    attributes.put(ATTR_MODEL, prepared.endpoint.model);
    if (!prepared.warnings.isEmpty()) {
      attributes.put(ATTR_WARNINGS, String.join("\n", prepared.warnings));
      if (pendingWarnings.size() < MAX_REMEMBERED_WARNINGS) pendingWarnings.put(p.id(), List.copyOf(prepared.warnings));
    }
    log.debug("{} accepted prediction {} of {} ({})", name, p.id(), prepared.endpoint, p.status().orElse("?"));
    return Submission.accepted(JobRef.of(name, p.id(), predictions.predictionUrl(p.id()).toString(),
        predictions.cancelUrl(p.id()).toString(), attributes));
  }

  private PollResult result(Prediction p, String model, List<String> warnings) {
    return predictions.result(p, done -> outputs.output(done, model, warnings), errors::failed);
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
    String w = job.attributes().get(ATTR_WARNINGS);
    List<String> warnings = w == null || w.isEmpty() ? List.of() : List.of(w.split("\n"));
    return predictions.poll(job.id(), UnaryOperator.identity(), p -> result(p, job.attributes().get(ATTR_MODEL), warnings))
        .whenComplete((r, e) -> {
          if (r != null && r.isDone()) pendingWarnings.remove(job.id());
        });
  }

  /**
   * Asks Replicate to cancel the prediction ({@code POST /v1/predictions/{id}/cancel}); completes
   * with true when Replicate answered with the prediction, false otherwise. A prediction canceled
   * after it started is billed for the time it ran; one that had not started is not.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    return predictions.cancel(job.id(), UnaryOperator.identity());
  }

  /**
   * Verifies a webhook delivery ({@code webhook-id}, {@code webhook-timestamp},
   * {@code webhook-signature} over the raw body, with the account's signing secret) and reads the
   * prediction it carries. Empty when the verified body is not a prediction.
   *
   * @throws dev.unigen.spi.WebhookRejectedException if verification fails
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
    PollResult result = result(p, p.model().orElse(null), pendingWarnings.getOrDefault(p.id(), List.of()));
    if (result.isDone()) pendingWarnings.remove(p.id());
    return Optional.of(new WebhookEvent(deliveryId, p.id(), result));
  }

  /** The webhook fields of this call's body: the request's providerOptions first, then the builder's. */
  private Map<String, Object> webhook(ProviderCall call) {
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
      return Map.of();
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
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("webhook", target);
    if (!filter.isEmpty()) fields.put("webhook_events_filter", filter);
    return fields;
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

  /**
   * Builds a {@link ReplicateProvider}. The token defaults to {@code REPLICATE_API_TOKEN}, the base
   * URL (with its version path, such as a proxy's {@code https://proxy.example/v1}) to
   * {@code UNIGEN_REPLICATE_BASE_URL} or {@value ReplicateProvider#DEFAULT_BASE_URL}, the timeout of
   * one HTTP exchange, a create's {@code Prefer: wait} included, to 120 s. Not threadsafe.
   *
   * <pre>{@code
   * ReplicateProvider.builder()
   *     .webhookUrl("https://example.com/webhooks/replicate")   // also asks for webhook_events_filter ["completed"]
   *     .cancelAfter(Duration.ofMinutes(10))
   *     .build(ctx);
   * }</pre>
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private Duration preferWait = DEFAULT_PREFER_WAIT;
    private Duration cancelAfter;
    private String webhookUrl;
    private List<String> webhookEvents = List.of("completed");
    private String webhookSecret;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
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
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no token was given and {@code REPLICATE_API_TOKEN} is not
     *     set (the message names the variable, never a value)
     */
    @Override
    public ReplicateProvider build(ProviderContext context) {
      return new ReplicateProvider(this, settings(context));
    }
  }
}
