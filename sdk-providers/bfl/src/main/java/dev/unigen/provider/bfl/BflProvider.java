package dev.unigen.provider.bfl;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.jobs.Progress;
import dev.unigen.provider.bfl.wire.ResultResponse;
import dev.unigen.provider.bfl.wire.SubmitResponse;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;

/**
 * Black Forest Labs' FLUX API as a Unigen provider: FLUX.2 [pro], [max], [flex] and [klein]
 * 4B/9B (text-to-image, edits, up to 8 or 4 reference images), FLUX1.1 [pro] and [pro] ultra,
 * FLUX.1 Kontext [pro] and [max], and FLUX.1 Fill [pro] inpainting.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> BflProvider.builder().region(BflProvider.Region.EU).build(ctx))   // key from BFL_API_KEY
 *     .build();
 * Generation g = gen.edit("flux-2-pro").prompt("the cat from image 1 in the room from image 2")
 *     .reference(Media.file(cat)).reference(Media.url(roomUrl)).size(1024, 1024).generate();
 * }</pre>
 *
 * <p>Every task is asynchronous: {@code POST /v1/{model}} with header {@code x-key} answers with a
 * task id, a {@code polling_url} and the task's {@code cost} in credits; the generator then polls
 * the polling URL (see {@link PollingUrls} for when it is used as given) until the status is
 * {@code Ready}, and the image's signed URL, valid for 10 minutes, is returned as the asset — the
 * generator's asset store, when one is set, saves it before it expires. The reported cost
 * (credits × $0.01) is the actual cost ({@code REPORTED}). BFL has no cancel call.
 *
 * <p>Webhooks: with {@link Builder#webhook(String, String)} every submit carries
 * {@code webhook_url} and {@code webhook_secret}, and {@link #webhook} accepts a delivery whose
 * {@value #WEBHOOK_SECRET_HEADER} header equals the secret, as BFL's API documentation and its
 * official Python client describe. Polling goes on either way; a delivery only ends it sooner.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class BflProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "bfl";
  /** The environment variable holding the key, as BFL's official clients read it. */
  public static final String KEY_VARIABLE = "BFL_API_KEY";
  /** BFL's global endpoint; {@code UNIGEN_BFL_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.bfl.ai";
  /** The header in which BFL sends the webhook secret back with every delivery. */
  public static final String WEBHOOK_SECRET_HEADER = "X-Webhook-Secret";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /**
   * How many polls in a row may answer {@code Task not found} before the task is given up: BFL
   * may not know a task for a moment right after accepting it.
   */
  static final int MAX_NOT_FOUND_POLLS = 10;
  /** How many recent tasks are remembered for webhook deliveries. */
  private static final int REMEMBERED = 4096;
  private static final MediaType JSON = MediaType.get("application/json");

  /** BFL's API hosts. */
  public enum Region {
    /** {@code https://api.bfl.ai}: global, with automatic failover between regions. */
    GLOBAL("https://api.bfl.ai"),
    /** {@code https://api.eu.bfl.ai}: tasks stay in the EU. */
    EU("https://api.eu.bfl.ai"),
    /** {@code https://api.us.bfl.ai}: tasks stay in the US. */
    US("https://api.us.bfl.ai");

    private final String baseUrl;

    Region(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** The region's base URL. */
    public String baseUrl() {
      return baseUrl;
    }
  }

  private final String name;
  private final ProviderHttp http;
  private final HttpUrl base;
  private final Errors errors;
  private final String webhookUrl;
  private final String webhookSecret;
  private final Logger log;
  /** Consecutive {@code Task not found} answers, by task id. */
  private final Map<String, Integer> notFound = new ConcurrentHashMap<>();
  /** What recent tasks need to be returned from a webhook delivery, by task id. */
  private final Map<String, JobInfo> recent = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JobInfo> eldest) {
      return size() > REMEMBERED;
    }
  });

  private BflProvider(Builder b, ProviderSettings settings) {
    super(settings);
    name = settings.name();
    base = settings.baseUrl();
    errors = new Errors(settings);
    String key = settings.apiKey();
    http = ProviderHttp.builder(settings)
        .headers(r -> r.header("x-key", key).header("accept", "application/json"))
        .errors(errors::read)
        .build();
    webhookUrl = b.webhookUrl;
    webhookSecret = b.webhookSecret;
    log = settings.context().logger(BflProvider.class);
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits {@code call} to {@code POST /v1/{endpoint}}. Completes with the accepted task, or
   * exceptionally with the typed error BFL's answer maps to; a submit whose answer was lost or
   * unreadable ends as {@link OutcomeUnknownException}, since BFL may have accepted and billed it.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Submits.Prepared prepared = Submits.prepare(call, name);
    Map<String, Object> body = new LinkedHashMap<>(prepared.body());
    if (webhookUrl != null) {
      body.put("webhook_url", webhookUrl);
      body.put("webhook_secret", webhookSecret);
    }
    body.putAll(call.request().providerOptions().getOrDefault(name, Map.of()));
    return Inputs.resolve(body, prepared.urlsAllowed(), settings().httpClient(), name)
        .thenCompose(resolved -> post(prepared, resolved));
  }

  private CompletableFuture<Submission> post(Submits.Prepared prepared, Map<String, Object> body) {
    byte[] json;
    try {
      json = Json.bytes(body);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, "cannot send the request: " + e.getMessage()));
    }
    Request request = http.request("/v1/" + prepared.endpoint()).post(RequestBody.create(json, JSON)).build();
    return http.submit(request, answer -> accepted(prepared, answer));
  }

  private Submission accepted(Submits.Prepared prepared, Answer answer) {
    SubmitResponse submitted = SubmitResponse.parse(answer.text());
    String id = submitted.id().orElseThrow(() -> new IllegalArgumentException("no task id in the answer"));
    JobInfo info = new JobInfo(prepared.endpoint(), prepared.size(), prepared.format(), submitted.cost().orElse(null),
        submitted.inputMegapixels().orElse(null), submitted.outputMegapixels().orElse(null), prepared.inputs(),
        prepared.inputSizes(), prepared.warnings());
    HttpUrl poll = PollingUrls.resolve(base, submitted.pollingUrl().orElse(null), id);
    recent.put(id, info);
    log.debug("{} accepted task {} at {} (cost {} credits)", name, id, prepared.endpoint(),
        submitted.cost().map(BigDecimal::toPlainString).orElse("not reported"));
    // Everything needed to resume polling after a restart; never the key.
    return Submission.accepted(JobRef.of(name, id, poll.toString(), null, info.attributes()));
  }

  /**
   * Polls the task at its polling URL. A rate limit or a server error completes exceptionally, and
   * the generator polls again; every status BFL documents completes with a {@link PollResult}:
   * {@code Pending} pending, {@code Ready} succeeded — or {@link PollResult#unreadable} without a
   * {@code result.sample}, since only {@code Ready} is charged and the result is read again rather
   * than bought elsewhere — {@code Request Moderated} and {@code Content Moderated} failed with
   * {@link ContentModeratedException} (not charged), {@code Error} and {@code Failed} failed (not
   * charged), and {@code Task not found} pending for up to
   * {@value #MAX_NOT_FOUND_POLLS} polls in a row, then failed.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    JobInfo info = JobInfo.from(job.attributes());
    recent.put(job.id(), info);
    HttpUrl url = PollingUrls.resolve(base, job.pollUrl().orElse(null), job.id());
    return http.read(http.request(url).get().build(), answer -> polled(job.id(), info, answer))
        .exceptionally(e -> failedPoll(job.id(), e));
  }

  private PollResult polled(String id, JobInfo info, Answer answer) {
    ResultResponse result = ResultResponse.parse(answer.text());
    if (ResultResponse.TASK_NOT_FOUND.equals(result.status())) return notFound(id, result.status());
    notFound.remove(id);
    return interpret(id, info, result);
  }

  /**
   * A 404 counts as {@code Task not found}; a rate limit, a 5xx and a lost connection are thrown so
   * that the generator polls again; any other error ends the job.
   */
  private PollResult failedPoll(String id, Throwable thrown) {
    Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    if (e instanceof ProviderFailureException) {
      ProviderFailureException f = (ProviderFailureException) e;
      int status = f.status().orElse(0);
      if (status == 404) return notFound(id, e.getMessage());
      if (!f.retryable() && status >= 500) throw new ProviderFailureException(name, e.getMessage(), status, true, null);
      if (!f.retryable()) return PollResult.failed(f);
    } else if (e instanceof GenerationException && !(e instanceof RateLimitedException)) {
      return PollResult.failed((GenerationException) e);
    }
    throw new CompletionException(e);
  }

  /** Maps every documented status but {@code Task not found}, which polls and webhooks treat apart. */
  private PollResult interpret(String id, JobInfo info, ResultResponse result) {
    String status = result.status();
    switch (status) {
      case ResultResponse.PENDING:
        return PollResult.pending(result.progress().isPresent() ? PollResult.State.RUNNING : PollResult.State.QUEUED,
            Outputs.progress(result), null);
      case ResultResponse.READY: {
        Optional<String> sample = result.sample();
        if (sample.isEmpty()) {
          // Ready is the one status BFL charges for: the result is read again, never bought elsewhere.
          return PollResult.unreadable(new NoOutputException(name, "task " + id + " is Ready without result.sample"));
        }
        return PollResult.succeeded(Outputs.ready(id, info, result, sample.get()));
      }
      case ResultResponse.REQUEST_MODERATED:
      case ResultResponse.CONTENT_MODERATED:
        return PollResult.failed(new ContentModeratedException(name, "task " + id + ": " + status
            + (result.details().isPresent() ? " " + errors.text(Outputs.details(result)) : "")));
      case ResultResponse.ERROR:
      case ResultResponse.FAILED:
        return PollResult.failed(new ProviderFailureException(name, "task " + id + " ended with status " + status
            + (result.details().isPresent() ? ": " + errors.text(Outputs.details(result)) : ""), 0, false, null));
      default:
        return PollResult.failed(new ProviderFailureException(name, "task " + id + " has a status BFL does not document: '"
            + errors.text(status) + "'", 0, false, null));
    }
  }

  private PollResult notFound(String id, String what) {
    int seen = notFound.merge(id, 1, Integer::sum);
    if (seen > MAX_NOT_FOUND_POLLS) {
      notFound.remove(id);
      return PollResult.failed(new ProviderFailureException(name, "task " + id + " was not found in "
          + MAX_NOT_FOUND_POLLS + " polls in a row (" + what + "); it does not exist or has expired", 404, false, null));
    }
    return PollResult.pending(PollResult.State.QUEUED,
        new Progress(ResultResponse.TASK_NOT_FOUND, null, null, List.of()), null);
  }

  /**
   * Verifies a webhook delivery: the {@value #WEBHOOK_SECRET_HEADER} header must equal the secret
   * given to {@link Builder#webhook} (compared in constant time). A {@code Ready} delivery for a
   * task this instance submitted or polled completes the job from the delivery; one for any other
   * task asks the poll loop to poll at once. Pending, moderated and failed deliveries map like polls;
   * {@code Task not found} and deliveries without a task id are ignored.
   *
   * @throws WebhookRejectedException if no webhook was configured, the header is missing or wrong,
   *     or the body is not JSON
   */
  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    if (webhookSecret == null) throw new WebhookRejectedException(name, "no webhook secret is configured for " + name);
    String given = WebhookEvent.header(headers, WEBHOOK_SECRET_HEADER)
        .orElseThrow(() -> new WebhookRejectedException(name, "missing header " + WEBHOOK_SECRET_HEADER));
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), webhookSecret.getBytes(StandardCharsets.UTF_8))) {
      throw new WebhookRejectedException(name, WEBHOOK_SECRET_HEADER + " does not match the configured secret");
    }
    ResultResponse result;
    try {
      result = ResultResponse.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(name, "the delivery is not a JSON object");
    }
    String id = result.id().orElse(null);
    String status = result.status();
    if (id == null || status.isEmpty() || ResultResponse.TASK_NOT_FOUND.equals(status)) return Optional.empty();
    PollResult news;
    JobInfo info = recent.get(id);
    if (ResultResponse.READY.equals(status) && (info == null || result.sample().isEmpty())) {
      // Without what the submit reported (cost, sizes) the output cannot be priced: poll for it now.
      news = PollResult.pending(PollResult.State.RUNNING, new Progress(status, null, 100, List.of()), Duration.ZERO);
    } else {
      news = interpret(id, info != null ? info : JobInfo.from(Map.of()), result);
    }
    return Optional.of(new WebhookEvent(id + "/" + status, id, news));
  }

  /**
   * Reads the account's balance, {@code GET /v1/credits}, in credits of $0.01.
   *
   * @return a future completing with the balance, or exceptionally with the typed error
   */
  public CompletableFuture<BigDecimal> credits() {
    return http.read(http.request("/v1/credits").get().build(), answer -> Json.decimal(answer.object(), "credits")
        .orElseThrow(() -> new NoOutputException(name, answer.status() + " answer to /v1/credits has no credits")));
  }

  /** The base URL calls are sent to. */
  HttpUrl baseUrl() {
    return base;
  }

  /**
   * Builds a {@link BflProvider}. Every setting is optional: the key defaults to
   * {@value #KEY_VARIABLE}, the base URL to {@code UNIGEN_BFL_BASE_URL}, else the region's host.
   * Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String webhookUrl;
    private String webhookSecret;

    private Builder() {
      super(NAME, List.of(KEY_VARIABLE), DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Sets the region whose host tasks are sent to: {@link Region#GLOBAL} (the default),
     * {@link Region#EU} or {@link Region#US}. {@code UNIGEN_BFL_BASE_URL} and {@link #baseUrl}
     * win over it.
     */
    public Builder region(Region region) {
      defaultBaseUrl(Objects.requireNonNull(region, "region").baseUrl());
      return this;
    }

    /**
     * Asks BFL to deliver each task's outcome to {@code url}, sending {@code secret} back in the
     * {@value BflProvider#WEBHOOK_SECRET_HEADER} header; hand deliveries to
     * {@code generator.webhooks().receive(name, headers, body)}. The secret is registered with the
     * redactor and never stored in a job ref.
     *
     * @throws IllegalArgumentException if the URL is not http(s) or longer than BFL's 2083
     *     characters, or the secret is blank
     */
    public Builder webhook(String url, String secret) {
      Objects.requireNonNull(url, "url");
      if (HttpUrl.parse(url) == null || url.length() > 2083) {
        throw new IllegalArgumentException("the webhook URL must be an http(s) URL of at most 2083 characters");
      }
      if (secret == null || secret.isBlank()) throw new IllegalArgumentException("the webhook secret is blank");
      this.webhookUrl = url;
      this.webhookSecret = secret;
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and {@value BflProvider#KEY_VARIABLE} is not set
     */
    @Override
    public BflProvider build(ProviderContext context) {
      ProviderSettings settings = settings(context);
      if (webhookSecret != null) context.redactor().register(webhookSecret);
      return new BflProvider(this, settings);
    }
  }
}
