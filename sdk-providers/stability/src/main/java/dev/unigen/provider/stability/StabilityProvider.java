package dev.unigen.provider.stability;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.stability.wire.AsyncStatus;
import dev.unigen.provider.stability.wire.FormRequest;
import dev.unigen.provider.stability.wire.ImageResult;
import dev.unigen.request.Size;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.ProviderHttp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MultipartBody;
import okhttp3.Request;
import org.slf4j.Logger;

/**
 * Stability AI's Stable Image REST API (v2beta) as a Unigen provider: Stable Image Ultra and Core,
 * Stable Diffusion 3.5 Large, Large Turbo and Medium (text-to-image and image-to-image),
 * inpainting, background removal, the sketch, structure and style control endpoints, and the fast,
 * conservative and creative upscalers.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> StabilityProvider.builder().build(ctx))   // key from STABILITY_API_KEY
 *     .build();
 * Generation g = gen.image("stable-image-core").prompt("a lighthouse at dusk").aspectRatio("16:9").generate();
 * }</pre>
 *
 * <p>Every call is a {@code multipart/form-data} POST with {@code authorization: Bearer <key>}.
 * Input images travel as file parts; one given as a URL is downloaded first, since the API takes
 * files only. Images come back as raw bytes ({@code accept: image/*}) with the seed and finish
 * reason in headers; the JSON shape ({@code image} in base64) is read as well. The creative
 * upscaler answers with a generation id: the call is accepted as a job and polled at
 * {@code GET /v2beta/results/{id}} no more often than {@link Builder#pollInterval} (10 s, as
 * Stability asks). A 200 whose body breaks or is neither an image nor Stability's JSON completes
 * with {@link dev.unigen.OutcomeUnknownException}: it may have been billed. No response carries a cost: the actual cost is computed from the images
 * produced with the catalog's credit prices. An image Stability blurred because it broke its
 * content policy ({@code CONTENT_FILTERED}) is returned flagged {@link Asset#nsfw()} with a
 * warning, since Stability counts it as a successful generation.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class StabilityProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "stability";
  /**
   * The environment variables read for the key, in order: {@code STABILITY_API_KEY} (Stability's
   * REST samples), {@code SAI_API_KEY} (Stability's official ComfyUI nodes) and
   * {@code STABILITY_KEY} (the stability-sdk client).
   */
  public static final List<String> KEY_VARIABLES = List.of("STABILITY_API_KEY", "SAI_API_KEY", "STABILITY_KEY");
  /** The official base URL; {@code UNIGEN_STABILITY_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.stability.ai";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
  /** Sent as {@code stability-client-id}, the optional header Stability uses to tell integrations apart. */
  static final String CLIENT_ID = "unigen";
  static final String ATTR_ACCEPTED_AT = "acceptedAt";
  static final String ATTR_WARNINGS = "warnings";
  static final String FILTERED_WARNING = "Stability's content filter blurred this image (finish reason CONTENT_FILTERED);"
      + " Stability counts it as a successful generation, so it is returned flagged nsfw";

  private final String name;
  private final ProviderHttp http;
  /** The same exchange for {@code GET /v2beta/results/{id}}, whose 404 and 5xx mean something else. */
  private final ProviderHttp results;
  private final ProviderContext context;
  private final Duration pollInterval;
  /** When this instance was built: jobs accepted earlier were resumed after a restart. */
  private final Instant built;
  private final Logger log;

  private StabilityProvider(ProviderSettings settings, Duration pollInterval) {
    super(settings);
    name = settings.name();
    context = settings.context();
    String authorization = "Bearer " + settings.apiKey();
    UnaryOperator<Request.Builder> headers = b -> b.header("authorization", authorization)
        .header("stability-client-id", CLIENT_ID);
    http = ProviderHttp.builder(settings).headers(headers)
        .errors(answer -> Errors.read(name, answer, context.redactor(), context.clock())).build();
    results = ProviderHttp.builder(settings).headers(headers)
        .errors(answer -> Optional.of(Errors.readResult(name, answer, context.redactor(), context.clock()))).build();
    this.pollInterval = pollInterval;
    built = context.clock().instant();
    log = context.logger(StabilityProvider.class);
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code call} to the offer's endpoint. Completes with the image, or with an accepted job
   * for the creative upscaler; or exceptionally with the typed error Stability's answer maps to.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    CallMapper.Mapped mapped = CallMapper.map(call, name);
    return Inputs.localize(mapped.form, settings(), name).thenCompose(form -> post(form, mapped, call));
  }

  private CompletableFuture<Submission> post(FormRequest form, CallMapper.Mapped mapped, ProviderCall call) {
    MultipartBody body = form.body();
    long length;
    try {
      length = body.contentLength();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, "cannot size the request: " + e.getMessage()));
    }
    if (length > Inputs.MAX_REQUEST_BYTES) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name,
          "the request is " + length + " bytes, over Stability's 10 MiB limit; send smaller input images"));
    }
    Request request = http.request(form.path()).header("accept", form.accept()).post(body).build();
    return http.submit(request, answer -> answer(answer, mapped, call));
  }

  private Submission answer(Answer answer, CallMapper.Mapped mapped, ProviderCall call) {
    String type = answer.header("Content-Type").orElse(null);
    String requestId = answer.header("x-request-id").orElse(null);
    if (ImageResult.isJson(type)) {
      Map<String, Object> json = answer.object();
      Optional<ImageResult> image = jsonImage(json, type);
      if (image.isPresent()) return Submission.completed(output(image.get(), mapped.warnings, requestId));
      Optional<AsyncStatus> job = AsyncStatus.parse(json);
      if (job.isPresent()) return Submission.accepted(jobRef(job.get(), call, mapped.warnings));
      throw new NoOutputException(name, "Stability answered " + answer.status() + " without an image or a generation id");
    }
    return Submission.completed(output(rawImage(answer), mapped.warnings, requestId));
  }

  /**
   * Fetches {@code GET /v2beta/results/{id}}: 202 is pending (polled again after the poll
   * interval), 200 carries the image — a 200 whose image cannot be read is
   * {@link PollResult#unreadable}, since the generation finished and is charged — 404 means the
   * result does not exist or expired (results are kept 24 h, and only for the key that made them). A poll sooner than the poll interval after
   * this instance accepted the job answers pending without calling Stability; a job accepted
   * before this instance was built (resumed after a restart) is fetched at once.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    Duration early = tooEarly(job);
    if (early != null) {
      return CompletableFuture.completedFuture(PollResult.pending(PollResult.State.RUNNING, running(null), early));
    }
    Request request = results.request(resultsUrl(job.id())).header("accept", CallMapper.ACCEPT_ANY).get().build();
    return results.read(request, answer -> polled(answer, job)).exceptionallyCompose(e -> {
      Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      boolean pollAgain = t instanceof RateLimitedException
          || (t instanceof ProviderFailureException && ((ProviderFailureException) t).retryable());
      if (pollAgain || !(t instanceof GenerationException)) return CompletableFuture.failedFuture(t);
      return CompletableFuture.completedFuture(PollResult.failed((GenerationException) t));
    });
  }

  private PollResult polled(Answer answer, JobRef job) {
    String type = answer.header("Content-Type").orElse(null);
    if (answer.status() == 202) {
      String status = null;
      if (ImageResult.isJson(type)) status = AsyncStatus.parse(objectOrEmpty(answer)).flatMap(AsyncStatus::status).orElse(null);
      return PollResult.pending(PollResult.State.RUNNING, running(status), pollInterval);
    }
    try {
      return finished(answer, type, job);
    } catch (NoOutputException | IllegalArgumentException e) {
      // A 200 from the results path is a finished, charged generation: one whose image cannot be
      // read (no body, no image, not an image) is read again, a bounded number of times, then
      // recorded billed — never bought again elsewhere.
      return PollResult.unreadable(e instanceof NoOutputException ? (NoOutputException) e
          : new NoOutputException(name, context.redactor().redact(String.valueOf(e.getMessage()))));
    }
  }

  /** Reads a 200 from the results path: the image, or (oddly) a status that is still in progress. */
  private PollResult finished(Answer answer, String type, JobRef job) {
    List<String> warnings = warnings(job);
    String requestId = job.id(); // the generation id, which Stability's support can look up
    if (!ImageResult.isJson(type)) return PollResult.succeeded(output(rawImage(answer), warnings, requestId));
    Map<String, Object> json = answer.object();
    Optional<ImageResult> image = jsonImage(json, type);
    if (image.isPresent()) return PollResult.succeeded(output(image.get(), warnings, requestId));
    Optional<String> status = AsyncStatus.parse(json).flatMap(AsyncStatus::status);
    if (status.isPresent() && status.get().equals(AsyncStatus.IN_PROGRESS)) {
      return PollResult.pending(PollResult.State.RUNNING, running(status.get()), pollInterval);
    }
    throw new NoOutputException(name, "the result of " + job.id() + " has no image");
  }

  /**
   * How long until the job may be polled, or null if it may be now. Only the jobs this instance
   * accepted wait: after a restart the time since acceptance has passed unobserved, and the
   * resumed job's state is wanted at once.
   */
  private Duration tooEarly(JobRef job) {
    String at = job.attributes().get(ATTR_ACCEPTED_AT);
    if (at == null) return null;
    try {
      Instant accepted = Instant.parse(at);
      if (accepted.isBefore(built)) return null;
      Duration wait = Duration.between(context.clock().instant(), accepted.plus(pollInterval));
      return wait.isNegative() || wait.isZero() ? null : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private HttpUrl resultsUrl(String id) {
    return http.settings().url(Endpoint.RESULTS_PATH).newBuilder().addPathSegment(id).build();
  }

  private JobRef jobRef(AsyncStatus accepted, ProviderCall call, List<String> warnings) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(JobRef.ENDPOINT, call.endpoint());
    attributes.put(ATTR_ACCEPTED_AT, context.clock().instant().toString());
    if (!warnings.isEmpty()) attributes.put(ATTR_WARNINGS, String.join("\n", warnings));
    log.debug("{} accepted generation {} at {}", name, accepted.id(), call.endpoint());
    return JobRef.of(name, accepted.id(), resultsUrl(accepted.id()).toString(), null, attributes);
  }

  private static List<String> warnings(JobRef job) {
    String w = job.attributes().get(ATTR_WARNINGS);
    return w == null || w.isEmpty() ? List.of() : List.of(w.split("\n"));
  }

  /**
   * The image of a raw answer. An empty body is no output; a body that is not an image (an HTML
   * page from a proxy) is not the promised answer, which the exchange reports as an unknown outcome.
   */
  private ImageResult rawImage(Answer answer) {
    byte[] body = answer.bytes();
    String type = answer.header("Content-Type").orElse(null);
    if (body.length == 0) throw new NoOutputException(name, "Stability answered " + answer.status() + " with an empty body");
    ImageResult image = ImageResult.fromBytes(body, type, answer.header("finish-reason").orElse(null),
        answer.header("seed").orElse(null));
    if (!image.mediaType().startsWith("image/")) {
      throw new IllegalArgumentException("Stability answered " + answer.status() + " with " + type + " that is not an image");
    }
    return image;
  }

  private Optional<ImageResult> jsonImage(Map<String, Object> json, String type) {
    Optional<ImageResult> image;
    try {
      image = ImageResult.fromJson(json, type);
    } catch (IllegalArgumentException e) {
      throw new NoOutputException(name, "the image in Stability's JSON answer is not base64: " + e.getMessage());
    }
    if (image.isPresent() && !image.get().mediaType().startsWith("image/")) {
      throw new NoOutputException(name, "the image in Stability's JSON answer is not an image");
    }
    return image;
  }

  private ProviderOutput output(ImageResult image, List<String> warnings, String requestId) {
    Asset.Builder asset = Asset.builder(image.mediaType()).bytes(image.bytes()).nsfw(image.filtered());
    Usage.Builder usage = Usage.builder().requests(1);
    if (image.size().isPresent()) {
      Size size = image.size().get();
      asset.size(size.width(), size.height());
      usage.image(size.width(), size.height());
    } else {
      usage.count(1);
    }
    image.seed().ifPresent(asset::seed);
    ProviderOutput.Builder out = ProviderOutput.builder().asset(asset.build()).usage(usage.build())
        .providerRequestId(requestId);
    warnings.forEach(out::warning);
    if (image.filtered()) {
      out.warning(FILTERED_WARNING);
    } else if (image.finishReason().isPresent() && !image.finishReason().get().equals(ImageResult.SUCCESS)) {
      out.warning("Stability's finish reason was " + image.finishReason().get());
    }
    return out.build();
  }

  private static Map<String, Object> objectOrEmpty(Answer answer) {
    try {
      return answer.object();
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }

  private static Progress running(String status) {
    return new Progress(status != null ? status : AsyncStatus.IN_PROGRESS, null, null, List.of());
  }

  /**
   * Builds a {@link StabilityProvider}. Every setting is optional: the key defaults to the first
   * of {@link #KEY_VARIABLES} that is set, the base URL to {@code UNIGEN_STABILITY_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}, the timeout to 120 s. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Sets the least time between two polls of an asynchronous result (and between acceptance and
     * the first poll); 10 s by default, since Stability warns that polling more often may be rate
     * limited. Tests may shorten it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative()) throw new IllegalArgumentException("poll interval is negative: " + interval);
      this.pollInterval = interval;
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and none of {@link #KEY_VARIABLES} is set
     */
    @Override
    public StabilityProvider build(ProviderContext context) {
      return new StabilityProvider(settings(context), pollInterval);
    }
  }
}
