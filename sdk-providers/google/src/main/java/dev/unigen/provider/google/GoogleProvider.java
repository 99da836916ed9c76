package dev.unigen.provider.google;

import dev.unigen.GenerationException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.Redactor;
import dev.unigen.spi.http.StandardWebhooks;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * String prompt = gen.text("gemini-2.5-flash").prompt("an image prompt for: a lighthouse").generate().text().orElseThrow();
 * Generation clip = gen.video("veo-3.1").prompt("waves at dusk").duration(Duration.ofSeconds(8)).generate();
 * }</pre>
 *
 * <p>The key is sent as {@code x-goog-api-key}, to the configured base URL only. An image answer
 * that holds no image is a failure, never a success: moderation when Google's finish or block
 * reason says so ({@code NO_IMAGE}, {@code IMAGE_SAFETY}, ...). A Veo job is journaled like every
 * job; when its operation is done, the video — which the Files API serves only with the key, and
 * keeps for two days — is downloaded from the API's own host at once and handed over as bytes, so
 * that the generator's asset store keeps it; redirects are followed without the key. An operation
 * done without a video was withheld by Google's filter: a moderation error, not charged.
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
public final class GoogleProvider implements Provider {
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

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  /** Google's samples read a Veo operation every 10 s. */
  static final Duration DEFAULT_POLL = Duration.ofSeconds(10);
  static final String ATTR_ENDPOINT = "endpoint";
  static final String KEY_HEADER = "x-goog-api-key";
  static final String VIDEO_GENERATED = "video.generated";
  private static final MediaType JSON = MediaType.get("application/json");

  private final String name;
  private final Catalog catalog;
  private final ProviderHttp http;
  private final Redactor redactor;
  private final Clock clock;
  private final Duration pollInterval;
  private final VideoDownload download;
  private final Conversations conversations = new Conversations();
  private final StandardWebhooks webhooks;
  private final String webhookSecretVariable;

  private GoogleProvider(Builder b, ProviderSettings settings, String secret) {
    name = settings.name();
    catalog = settings.catalog(Bundled.CATALOG);
    ProviderContext ctx = settings.context();
    redactor = ctx.redactor();
    clock = ctx.clock();
    String key = settings.apiKey();
    http = ProviderHttp.builder(settings)
        .headers(r -> r.header(KEY_HEADER, key))
        .errors(answer -> GoogleErrors.read(name, answer, redactor, clock))
        .build();
    pollInterval = b.pollInterval;
    download = new VideoDownload(http, b.maxVideoBytes);
    webhooks = secret == null ? null : StandardWebhooks.google(secret, clock);
    webhookSecretVariable = secretVariable(name);
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name given to the builder, {@value #NAME} by default; every offer in {@link #catalog()} carries it. */
  @Override
  public String name() {
    return name;
  }

  /** The bundled offers (see {@code META-INF/unigen/catalog.json}) under this provider's name. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Sends a text or image request ({@code generateContent}, completed at once) or a video request
   * ({@code predictLongRunning}, an accepted job). Completes exceptionally with the typed error
   * Google's answer maps to; a request the Gemini API has no field for fails before any call.
   */
  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    try {
      if (call.request().task() == Task.TEXT) return text(call);
      return call.request().task().producesVideo() ? video(call) : image(call);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Submission> text(ProviderCall call) {
    Map<String, Object> body = GeminiText.body(name, call, options(call));
    Request request = http.request(modelUrl(call.endpoint(), "generateContent"))
        .post(RequestBody.create(Json.write(body), JSON)).build();
    return http.submit(request, answer -> Submission.completed(
        GeminiText.output(name, answer.object(), redactor, call.id())));
  }

  private CompletableFuture<Submission> image(ProviderCall call) {
    GeminiImages.Prepared p = GeminiImages.prepare(call, name, options(call), conversations);
    Request request = http.request(modelUrl(call.endpoint(), "generateContent"))
        .post(RequestBody.create(Json.write(p.body), JSON)).build();
    return http.submit(request, answer -> Submission.completed(
        GeminiImages.decode(answer.object(), p, name, redactor, call.id(), conversations)));
  }

  private CompletableFuture<Submission> video(ProviderCall call) {
    Veo.Prepared p = Veo.prepare(call, name, options(call));
    Request request = http.request(modelUrl(call.endpoint(), "predictLongRunning"))
        .post(RequestBody.create(Json.write(p.body), JSON)).build();
    return http.submit(request, answer -> accepted(call, p, answer));
  }

  private Submission accepted(ProviderCall call, Veo.Prepared p, Answer answer) {
    String operation = Json.string(answer.object(), "name").orElseThrow(() ->
        // The operation may exist and be billed: an unknown outcome is never sent here again.
        new OutcomeUnknownException(name, "the predictLongRunning answer names no operation"));
    if (!Veo.isOperation(operation)) {
      throw new OutcomeUnknownException(name, "the predictLongRunning answer names no operation of the form "
          + "models/{model}/operations/{id}");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(ATTR_ENDPOINT, call.endpoint());
    attributes.put(Veo.ATTR_OPERATION, operation);
    attributes.put(Veo.ATTR_SECONDS, String.valueOf(p.seconds));
    attributes.put(Veo.ATTR_RESOLUTION, p.resolution);
    if (!p.warnings.isEmpty()) attributes.put(Veo.ATTR_WARNINGS, String.join("\n", p.warnings));
    // Everything here is journaled: the operation's name and URL, never the key.
    return Submission.accepted(JobRef.of(name, Veo.shortId(operation), operationUrl(operation).toString(), null, attributes));
  }

  /**
   * Reads the job's operation, {@code GET /v1beta/{operation}} on the configured base URL; when
   * it is done with a video, downloads the video with the key from the API's host. A read or
   * download that fails on the way is retryable: both are harmless to repeat.
   *
   * @throws IllegalArgumentException if the job is another provider's, or its operation name is
   *     not one
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    String operation = job.attributes().getOrDefault(Veo.ATTR_OPERATION, "");
    if (!Veo.isOperation(operation)) throw new IllegalArgumentException("job " + job.id() + " names no Veo operation");
    Request request = http.request(operationUrl(operation)).get().build();
    return http.read(request, answer -> Veo.read(answer.object(), operation, name, redactor)).thenCompose(state -> {
      if (!state.done) {
        return CompletableFuture.completedFuture(PollResult.pending(PollResult.State.RUNNING,
            new Progress("running", null, null, List.of()), pollInterval));
      }
      if (state.error != null) return CompletableFuture.completedFuture(PollResult.failed(state.error));
      return videos(job, operation, state.videos);
    });
  }

  private CompletableFuture<PollResult> videos(JobRef job, String operation, List<String> uris) {
    List<CompletableFuture<VideoDownload.Video>> downloads = new ArrayList<>();
    for (String uri : uris) downloads.add(download.fetch(uri));
    return CompletableFuture.allOf(downloads.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
      Map<String, String> a = job.attributes();
      BigDecimal seconds = new BigDecimal(a.getOrDefault(Veo.ATTR_SECONDS, String.valueOf(Veo.LONG_CLIP)));
      String resolution = a.getOrDefault(Veo.ATTR_RESOLUTION, Veo.DEFAULT_RESOLUTION);
      ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(operation);
      for (CompletableFuture<VideoDownload.Video> f : downloads) {
        VideoDownload.Video v = f.join();
        out.asset(Asset.builder(v.mediaType).bytes(v.bytes).durationSeconds(seconds).build());
      }
      String warnings = a.get(Veo.ATTR_WARNINGS);
      if (warnings != null && !warnings.isEmpty()) List.of(warnings.split("\n")).forEach(out::warning);
      // Veo 3.1 on the Gemini API always makes audio, and is billed per second at the resolution made.
      Usage usage = Usage.builder().requests(1).count(uris.size()).outputSeconds(seconds).resolution(resolution)
          .audio(true).build();
      return PollResult.succeeded(out.usage(usage).build());
    });
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
      throw new WebhookRejectedException(name, "no webhook signing secret is configured: set " + webhookSecretVariable
          + " or call webhookSecret(...) with the secret the Gemini API returned when the webhook was created");
    }
    String delivery = webhooks.verify(headers, body);
    Map<String, Object> event;
    try {
      Object parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
      if (!(parsed instanceof Map)) throw new IllegalArgumentException("not an object");
      event = Json.object(parsed);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(name, "the delivery is not a JSON object");
    }
    if (!VIDEO_GENERATED.equals(Json.string(event, "type").orElse(""))) return Optional.empty();
    Optional<String> id = Json.string(Json.object(event, "data"), "id").filter(s -> !s.isBlank());
    if (id.isEmpty()) return Optional.empty();
    PollResult now = PollResult.pending(PollResult.State.RUNNING, new Progress(VIDEO_GENERATED, null, null, List.of()),
        Duration.ZERO);
    return Optional.of(new WebhookEvent(delivery, Veo.shortId(id.get()), now));
  }

  /** {@code /models/{model}:{method}} on the configured base URL, the model one path segment. */
  private HttpUrl modelUrl(String model, String method) {
    return http.settings().url("/models").newBuilder().addPathSegment(model + ":" + method).build();
  }

  /** {@code /{operation}} on the configured base URL, rebuilt from the checked name, never taken from an answer. */
  private HttpUrl operationUrl(String operation) {
    HttpUrl.Builder b = http.settings().baseUrl().newBuilder();
    for (String segment : operation.split("/")) b.addPathSegment(segment);
    return b.build();
  }

  /** The request's raw options: the provider's, then this instance's when it has another name, later ones winning. */
  private Map<String, Object> options(ProviderCall call) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Map<String, Object>> all = call.request().providerOptions();
    out.putAll(all.getOrDefault(NAME, Map.of()));
    if (!name.equals(NAME)) out.putAll(all.getOrDefault(name, Map.of()));
    return out;
  }

  /**
   * Merges {@code options} into {@code body}: an option whose value and the body's are both
   * objects is merged into it (so {@code generationConfig} keeps its {@code imageConfig}), any
   * other replaces the body's value.
   */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> body, Map<String, Object> options) {
    for (Map.Entry<String, Object> e : options.entrySet()) {
      Object mine = body.get(e.getKey());
      if (mine instanceof Map && e.getValue() instanceof Map) {
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) mine);
        merge(merged, (Map<String, Object>) e.getValue());
        body.put(e.getKey(), merged);
      } else {
        body.put(e.getKey(), e.getValue());
      }
    }
  }

  /** A request this API cannot serve: failover may take it elsewhere. */
  static ProviderFailureException unservable(String provider, String why) {
    return new ProviderFailureException(provider, why, 0, false, null);
  }

  static String secretVariable(String name) {
    return "UNIGEN_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_WEBHOOK_SECRET";
  }

  /** Names the provider and its base URL; never the key. */
  @Override
  public String toString() {
    return "GoogleProvider(" + http.settings() + ")";
  }

  /** The catalog shipped in this module, read once. */
  private static final class Bundled {
    static final Catalog CATALOG = Catalog.ofModule(GoogleProvider.class);
  }

  /**
   * Builds a {@link GoogleProvider}. Every setting is optional: the key defaults to
   * {@code GOOGLE_API_KEY} or {@code GEMINI_API_KEY}, the base URL to
   * {@code UNIGEN_GOOGLE_BASE_URL} or {@value #DEFAULT_BASE_URL}, the webhook signing secret to
   * {@code UNIGEN_<NAME>_WEBHOOK_SECRET}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String webhookSecret;
    private Duration pollInterval = DEFAULT_POLL;
    private long maxVideoBytes = DEFAULT_MAX_VIDEO_BYTES;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
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
      ProviderSettings settings = settings(context);
      String secret = webhookSecret;
      if (secret != null) {
        context.redactor().register(secret);
      } else {
        secret = context.secret(List.of(secretVariable(settings.name()))).orElse(null);
      }
      return new GoogleProvider(this, settings, secret == null ? null : secret.trim());
    }
  }
}
