package dev.unigen.provider.google;

import dev.unigen.GenerationException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.request.Media;
import dev.unigen.request.Task;
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
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Gemini API as a Unigen provider: Gemini text and Gemini images ("Nano Banana") through
 * {@code POST /v1beta/models/{model}:generateContent}, answered at once, and Veo video through
 * {@code POST /v1beta/models/{model}:predictLongRunning}, a long-running operation read with
 * {@code GET /v1beta/{operation}}.
 *
 * <pre>{@code
 * Generator gen = Generator.builder().providersFromEnvironment().build();   // GOOGLE_API_KEY or GEMINI_API_KEY
 * Generation image = gen.image("gemini-3-pro-image").prompt("a lighthouse at dusk").aspectRatio("16:9").generate();
 * String prompt = gen.text("gemini-3-flash").prompt("an image prompt for: a lighthouse").generate().text().orElseThrow();
 * Generation clip = gen.video("veo-3.1").prompt("waves at dusk").duration(Duration.ofSeconds(8)).generate();
 * }</pre>
 *
 * <p>The key is sent as {@code x-goog-api-key}, to the configured base URL only. An image answer
 * that holds no image is a failure, never a success: moderation when Google's finish or block
 * reason says so ({@code NO_IMAGE}, {@code IMAGE_SAFETY}, ...). A Veo job is journaled like every
 * job; when its operation is done, the video — which the Files API serves only with the key, and
 * keeps for two days — is downloaded from the API's own host at once and handed over as bytes, so
 * that the generator's asset store keeps it; redirects are followed without the key. A download
 * that fails leaves the job billed and unreadable, read again a bounded number of times, never
 * bought again. An operation done without a video was withheld by Google's filter: a moderation
 * error, not charged.
 *
 * <p>Multi-turn image edits: {@code providerOptions("google", Map.of("continue", id))} continues
 * the conversation of an earlier image of this instance ({@code Generation.providerRequestId()}),
 * sending its turns back as the API returned them; {@code "history"} sends turns of one's own.
 * Every other option is merged into the request body.
 *
 * <p>Webhooks: a static Gemini API webhook subscribed to {@code video.generated} and signed with
 * the Standard Webhooks scheme is verified with the signing secret
 * ({@link Builder#webhookSecret}); a verified delivery makes the job's operation be read at once.
 * Polling stays the primary path.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class GoogleProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "google";
  /**
   * The environment variables the key is read from, in the order the official client reads them:
   * {@code GOOGLE_API_KEY}, then {@code GEMINI_API_KEY}.
   */
  public static final List<String> KEY_VARIABLES = List.of("GOOGLE_API_KEY", "GEMINI_API_KEY");
  /** The Gemini API's v1beta root; {@code UNIGEN_GOOGLE_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
  /** The largest video downloaded, 512 MiB unless {@link Builder#maxVideoBytes} says otherwise. */
  public static final long DEFAULT_MAX_VIDEO_BYTES = 512L << 20;

  private static final String VIDEO_GENERATED = "video.generated";
  private static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";
  private static final MediaType JSON = MediaType.get("application/json");

  private final GoogleErrors errors;
  private final ProviderHttp http;
  private final Duration pollInterval;
  private final VideoDownload download;
  private final Conversations conversations = new Conversations();
  private final StandardWebhooks webhooks;

  private GoogleProvider(ProviderSettings settings, Builder b) {
    super(settings);
    errors = new GoogleErrors(settings);
    http = ProviderHttp.builder(settings).headers(r -> r.header("x-goog-api-key", settings.apiKey()))
        .errors(errors::read).build();
    pollInterval = b.pollInterval;
    download = new VideoDownload(http, b.maxVideoBytes);
    webhooks = settings.secret(b.webhookSecret, WEBHOOK_SECRET)
        .map(secret -> StandardWebhooks.google(secret, settings.context().clock())).orElse(null);
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends a text or image request ({@code generateContent}, completed at once) or a video request
   * ({@code predictLongRunning}, an accepted job). Throws for a request the Gemini API has no field
   * for, before any call; otherwise completes exceptionally with the typed error Google's answer
   * maps to.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Map<String, Object> options = options(call);
    Task task = call.request().task();
    if (task == Task.TEXT) {
      return post(call, "generateContent", GeminiText.body(name(), call, options), answer -> Submission.completed(
          GeminiText.output(name(), answer.object(), settings().context().redactor(), call.id())));
    }
    if (task.producesVideo()) {
      Veo.Prepared p = Veo.prepare(call, name(), options);
      return post(call, "predictLongRunning", p.body(), answer -> accepted(call, p, answer));
    }
    GeminiImages.Prepared p = GeminiImages.prepare(call, name(), options, conversations);
    return post(call, "generateContent", p.body(), answer -> Submission.completed(
        GeminiImages.decode(answer.object(), p, name(), settings().context().redactor(), call.id(), conversations)));
  }

  /** Submits {@code body} to {@code /models/{endpoint}:{method}} once. */
  private CompletableFuture<Submission> post(ProviderCall call, String method, Map<String, Object> body,
      ProviderHttp.Decoder<Submission> decoder) {
    HttpUrl url = http.settings().url("/models").newBuilder().addPathSegment(call.endpoint() + ":" + method).build();
    return http.submit(http.request(url).post(RequestBody.create(Json.bytes(body), JSON)).build(), decoder);
  }

  private Submission accepted(ProviderCall call, Veo.Prepared p, Answer answer) {
    String operation = Json.string(answer.object(), "name").filter(Veo::isOperation).orElseThrow(() ->
        // The operation may exist and be billed: an unknown outcome is never sent here again.
        new OutcomeUnknownException(name(), "the predictLongRunning answer names no operation of the form "
            + "models/{model}/operations/{id}"));
    // Everything here is journaled: the operation's name and URL, never the key.
    return Submission.accepted(JobRef.of(name(), Veo.shortId(operation), operationUrl(operation).toString(), null,
        p.attributes(call.endpoint(), operation)));
  }

  /**
   * Reads the job's operation, {@code GET /v1beta/{operation}} on the configured base URL; when
   * it is done with a video, downloads the video with the key from the API's host. A read that
   * fails on the way is retryable; a download that fails leaves the job billed and unreadable, to
   * be read again, as Google made the video.
   *
   * @throws IllegalArgumentException if the job is another provider's, or its operation name is
   *     not one
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name())) throw new IllegalArgumentException("not a " + name() + " job: " + job);
    String operation = Veo.operation(job);
    if (!Veo.isOperation(operation)) throw new IllegalArgumentException("job " + job.id() + " names no Veo operation");
    Request request = http.request(operationUrl(operation)).get().build();
    return http.read(request, Answer::object).thenCompose(o -> {
      Map<String, Object> error = Json.object(o, "error");
      List<String> uris = Veo.videos(o);
      if (!Json.bool(o, "done").orElse(false)) {
        Progress running = new Progress("running", null, null, List.of());
        return now(PollResult.pending(PollResult.State.RUNNING, running, pollInterval));
      }
      if (!error.isEmpty()) return now(PollResult.failed(errors.operation(operation, error)));
      if (uris.isEmpty()) return now(PollResult.failed(errors.withheld(operation, o)));
      return download(job, operation, uris);
    });
  }

  /**
   * The videos of a done operation, downloaded; Google made them, so a download that fails leaves
   * the job billed and unreadable (with the typed error it failed with), to be read again.
   */
  private CompletableFuture<PollResult> download(JobRef job, String operation, List<String> uris) {
    List<CompletableFuture<Asset.Builder>> videos = new ArrayList<>();
    uris.forEach(uri -> videos.add(download.fetch(uri)));
    return CompletableFuture.allOf(videos.toArray(new CompletableFuture<?>[0])).handle((done, failed) -> {
      if (failed == null) {
        return PollResult.succeeded(Veo.output(job, operation, videos.stream().map(CompletableFuture::join).toList()));
      }
      Throwable cause = failed;
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
      return PollResult.unreadable(cause instanceof GenerationException ? (GenerationException) cause
          : new ProviderFailureException(name(), "downloading the video failed: " + cause, 0, true, cause));
    });
  }

  private static CompletableFuture<PollResult> now(PollResult result) {
    return CompletableFuture.completedFuture(result);
  }

  /**
   * Verifies a delivery of a static Gemini API webhook (Standard Webhooks: {@code webhook-id},
   * {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256>}) and reads its
   * {@code {type, data: {id}}}: a {@code video.generated} event makes the operation it names be
   * read at once; the body's other fields are not needed, since the poll reads the result. Other
   * events are ignored.
   *
   * @throws WebhookRejectedException if no signing secret is configured, the signature does not
   *     match, or the body is not a JSON object
   */
  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    if (webhooks == null) {
      throw new WebhookRejectedException(name(), "no webhook signing secret is configured: set "
          + ProviderContext.variable(name(), WEBHOOK_SECRET)
          + " or call webhookSecret(...) with the secret the Gemini API returned when the webhook was created");
    }
    String delivery = webhooks.verify(headers, body);
    Object event;
    try {
      event = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      event = null;
    }
    if (!(event instanceof Map)) throw new WebhookRejectedException(name(), "the delivery is not a JSON object");
    if (!VIDEO_GENERATED.equals(Json.string(Json.object(event), "type").orElse(""))) return Optional.empty();
    return Json.text(Json.object(Json.object(event), "data"), "id").map(id -> new WebhookEvent(delivery, Veo.shortId(id),
        PollResult.pending(PollResult.State.RUNNING, new Progress(VIDEO_GENERATED, null, null, List.of()), Duration.ZERO)));
  }

  /** {@code /{operation}} on the configured base URL, rebuilt from the checked name, never taken from an answer. */
  private HttpUrl operationUrl(String operation) {
    HttpUrl.Builder b = http.settings().baseUrl().newBuilder();
    for (String segment : operation.split("/")) b.addPathSegment(segment);
    return b.build();
  }

  /** The request's raw options: the provider's, then this instance's when it has another name, later ones winning. */
  private Map<String, Object> options(ProviderCall call) {
    Map<String, Map<String, Object>> all = call.request().providerOptions();
    Map<String, Object> out = new LinkedHashMap<>(all.getOrDefault(NAME, Map.of()));
    if (!name().equals(NAME)) out.putAll(all.getOrDefault(name(), Map.of()));
    return out;
  }

  /**
   * Merges {@code options} into {@code body}: an option whose value and the body's are both
   * objects is merged into it (so {@code generationConfig} keeps its {@code imageConfig}), any
   * other replaces the body's value.
   */
  static void merge(Map<String, Object> body, Map<String, Object> options) {
    options.forEach((key, option) -> {
      Object mine = body.get(key);
      if (!(mine instanceof Map) || !(option instanceof Map)) {
        body.put(key, option);
        return;
      }
      Map<String, Object> merged = new LinkedHashMap<>(Json.object(mine));
      merge(merged, Json.object(option));
      body.put(key, merged);
    });
  }

  /** A request this API cannot serve: failover may take it elsewhere. */
  static ProviderFailureException unservable(String provider, String why) {
    return new ProviderFailureException(provider, why, 0, false, null);
  }

  /**
   * The content of an input image, which {@code api} takes only inline.
   *
   * @throws ProviderFailureException (not retryable) if it is given as a URL
   */
  static MediaContent local(Media m, String provider, String api) {
    if (m.kind() == Media.Kind.URL) {
      throw unservable(provider, api + " takes images inline: give it as a file, bytes or a data URI, not a URL");
    }
    return MediaContent.read(m);
  }

  /**
   * Builds a {@link GoogleProvider}. Every setting is optional: the key defaults to
   * {@code GOOGLE_API_KEY} or {@code GEMINI_API_KEY}, the base URL to
   * {@code UNIGEN_GOOGLE_BASE_URL} or {@value #DEFAULT_BASE_URL}, the webhook signing secret to
   * {@code UNIGEN_<NAME>_WEBHOOK_SECRET}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String webhookSecret;
    /** Google's samples read a Veo operation every 10 s. */
    private Duration pollInterval = Duration.ofSeconds(10);
    private long maxVideoBytes = DEFAULT_MAX_VIDEO_BYTES;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, Duration.ofSeconds(120));
    }

    /**
     * Sets the signing secret of the static webhook ({@code whsec_...}), which the Gemini API
     * returns once, when the webhook is created. By default it is read from
     * {@code UNIGEN_GOOGLE_WEBHOOK_SECRET} (the instance's name in upper case). It is registered
     * with the redactor.
     *
     * @throws IllegalArgumentException if it is blank
     */
    public Builder webhookSecret(String secret) {
      if (Objects.requireNonNull(secret, "secret").isBlank()) throw new IllegalArgumentException("blank webhook secret");
      this.webhookSecret = secret;
      return this;
    }

    /**
     * Sets the least time between two reads of a running Veo operation: 10 s by default, as in
     * Google's samples. Tests may shorten it.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public Builder pollInterval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").isNegative()) throw new IllegalArgumentException("negative poll interval");
      this.pollInterval = interval;
      return this;
    }

    /**
     * Sets the largest video downloaded into memory, {@value #DEFAULT_MAX_VIDEO_BYTES} bytes by
     * default; a larger one fails the job.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder maxVideoBytes(long max) {
      if (max < 1) throw new IllegalArgumentException("maxVideoBytes must be positive");
      this.maxVideoBytes = max;
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and neither {@code GOOGLE_API_KEY} nor
     *     {@code GEMINI_API_KEY} is set
     * @throws IllegalArgumentException if the webhook secret is not base64
     */
    @Override
    public GoogleProvider build(ProviderContext context) {
      return new GoogleProvider(settings(context), this);
    }
  }
}
