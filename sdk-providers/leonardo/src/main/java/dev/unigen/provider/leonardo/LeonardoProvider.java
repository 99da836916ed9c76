package dev.unigen.provider.leonardo;

import dev.unigen.GenerationException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.leonardo.wire.Cost;
import dev.unigen.provider.leonardo.wire.CreateAnswer;
import dev.unigen.provider.leonardo.wire.Generation;
import dev.unigen.provider.leonardo.wire.InitImageUpload;
import dev.unigen.request.Media;
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
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.Multipart;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.protocol.ReplicatePredictions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Leonardo.Ai's REST API as a Unigen provider: v1 {@code POST /generations} for Leonardo's own
 * platform models (Phoenix 1.0), and v2 {@code POST /generations} for the partner models it serves
 * (Nano Banana 2.1 images, Kling 3.0 Turbo video).
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> LeonardoProvider.builder().build(ctx))   // key from LEONARDO_API_KEY
 *     .strategy(Strategy.providerOrder("leonardo"))             // Leonardo publishes no list prices
 *     .build();
 * Generation g = gen.image("leonardo-phoenix-1.0").prompt("a lighthouse at dusk").size(1472, 832).generate();
 * System.out.println(g.cost());   // what Leonardo reported for the generation
 * }</pre>
 *
 * <p>Every create answers with a generation id and the generation's cost,
 * {@code cost{amount, unit}} in {@code DOLLARS} (pay-as-you-go) or {@code CREDITS} (legacy plans);
 * the deprecated {@code apiCreditCost} is read only when {@code cost} is absent. The generation is
 * then read with v1 {@code GET /generations/{id}} (both APIs' generations are read there) until it
 * is {@code COMPLETE} or {@code FAILED}; a {@code COMPLETE} generation ran and is billed, so one
 * whose output cannot be read is never bought again elsewhere. The reported cost becomes the actual cost
 * ({@code REPORTED}); a cost in credits counts as money only once {@link Builder#creditValue} says
 * what a credit is worth. Cancelling deletes the generation ({@code DELETE /generations/{id}}):
 * Leonardo has no other way to stop one.
 *
 * <p>A Production API key can carry a webhook URL and a webhook key; Leonardo then posts
 * {@code image_generation.complete} there with {@code Authorization: Bearer <webhook key>}. A
 * delivery whose bearer matches the secret given to {@link Builder#webhookSecret} (compared in
 * constant time) is read as the result; one without a bearer, or received while no secret is
 * configured, only makes the job poll at once, its body untrusted; one whose bearer does not match
 * is rejected.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class LeonardoProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "leonardo";
  /** The environment variable read for the key: {@code LEONARDO_API_KEY}. */
  public static final List<String> KEY_VARIABLES = List.of("LEONARDO_API_KEY");
  /** The REST root both API versions hang under; {@code UNIGEN_LEONARDO_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://cloud.leonardo.ai/api/rest";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** A generation read as {@code null} this many times in a row is taken as gone. */
  static final int MAX_NOT_FOUND_POLLS = 5;
  private static final MediaType JSON = MediaType.get("application/json");

  private final ProviderHttp http;
  private final ProviderHttp uploads;
  private final Errors errors;
  private final String webhookSecret;
  private final Money creditValue;
  private final Duration pollInterval;
  /** What the submit knew of recent generations, so an authenticated webhook can end the job at once. */
  private final Map<String, JobInfo> recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JobInfo> eldest) {
      // Enough for the generations in flight; an older one's delivery only makes its job poll.
      return size() > 1024;
    }
  });
  private final Map<String, Integer> notFound = new ConcurrentHashMap<>();

  private LeonardoProvider(Builder b, ProviderSettings settings) {
    super(settings);
    errors = new Errors(settings);
    String bearer = "Bearer " + settings.apiKey();
    http = ProviderHttp.builder(settings)
        .headers(r -> r.header("Authorization", bearer).header("Accept", "application/json"))
        .errors(errors::read)
        .build();
    // The presigned upload URL must not get Leonardo's key: S3 refuses it, and it is not S3's to see.
    uploads = ProviderHttp.builder(settings).build();
    webhookSecret = settings.secret(b.webhookSecret, "WEBHOOK_SECRET").orElse(null);
    creditValue = b.creditValue;
    pollInterval = b.pollInterval;
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uploads a video's start frame if there is one ({@code POST /v1/init-image}, then the presigned
   * upload), then posts the create. Completes with the accepted generation, or exceptionally with
   * the typed error Leonardo's answer maps to; a request Leonardo has no field for fails before any
   * call.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Requests.Prepared p = Requests.prepare(call, name(), optionNames());
    CompletableFuture<Optional<String>> frame = p.startFrame() == null
        ? CompletableFuture.completedFuture(Optional.empty()) : upload(p.startFrame()).thenApply(Optional::of);
    return frame.thenCompose(id -> {
      id.ifPresent(uploaded -> p.parameters().put("guidances",
          Map.of("start_frame", List.of(Map.of("image", Map.of("id", uploaded, "type", "UPLOADED"))))));
      Request request = http.request(p.path()).post(RequestBody.create(Json.write(p.body()), JSON)).build();
      return http.submit(request, answer -> accepted(answer, p));
    });
  }

  private Submission accepted(Answer answer, Requests.Prepared p) {
    Object parsed = answer.json();
    Optional<GenerationException> error = errors.inSuccess(answer.status(), parsed);
    if (error.isPresent()) throw error.get();
    CreateAnswer created = CreateAnswer.of(Json.object(parsed));
    String id = created.generationId().orElseThrow(() ->
        // The generation may exist and be billed: an unknown outcome is never sent here again.
        new OutcomeUnknownException(name(), "the create was answered without a generationId"));
    List<String> warnings = new ArrayList<>(p.warnings());
    Optional<Cost> cost = created.cost();
    if (cost.isEmpty()) warnings.add("Leonardo reported no cost for generation " + id);
    if (created.deprecatedCostOnly()) warnings.add("Leonardo reported only the deprecated apiCreditCost, read as credits");
    JobInfo info = p.info().answered(cost.orElse(null), warnings);
    recent.put(id, info);
    String url = generationUrl(id).toString();
    return Submission.accepted(JobRef.of(name(), id, url, url, info.attributes()));
  }

  /** Uploads {@code image} as an init image; completes with its id. Nothing is generated or billed, so it is a read. */
  private CompletableFuture<String> upload(Media image) {
    MediaContent content = MediaContent.read(image);
    String extension = extension(content.mediaType());
    Request ask = http.request(Requests.INIT_IMAGE)
        .post(RequestBody.create(Json.write(Map.of("extension", extension)), JSON)).build();
    return http.read(ask, answer -> InitImageUpload.of(answer.object())).thenCompose(target -> {
      HttpUrl url = HttpUrl.parse(target.url());
      if (url == null) {
        return CompletableFuture.failedFuture(new ProviderFailureException(name(), "the init-image upload URL is not a URL"));
      }
      Multipart form = new Multipart();
      target.fields().forEach(form::field);
      form.file("file", Media.bytes(content.bytes(), content.mediaType()));
      return uploads.read(uploads.request(url).post(form.build()).build(), answer -> target.id());
    });
  }

  private String extension(String mediaType) {
    switch (mediaType.toLowerCase(Locale.ROOT)) {
      case "image/png":
        return "png";
      case "image/jpeg":
        return "jpg";
      case "image/webp":
        return "webp";
      default:
        throw Requests.unservable(name(), "Leonardo uploads png, jpg or webp images, not " + mediaType);
    }
  }

  /**
   * Reads the generation, {@code GET /v1/generations/{id}} on the configured base URL:
   * {@code PENDING} is running (with the poll interval as the hint), {@code COMPLETE} the output,
   * {@code FAILED} a failure. A generation read as {@code null} {@value #MAX_NOT_FOUND_POLLS} times
   * in a row has been deleted or never existed, and fails the job.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name())) throw new IllegalArgumentException("not a " + name() + " job: " + job);
    Request request = http.request(generationUrl(job.id())).get().build();
    return http.read(request, answer -> polled(job, answer));
  }

  private PollResult polled(JobRef job, Answer answer) {
    Optional<Generation> g = Generation.ofPoll(answer.object());
    if (g.isPresent()) {
      notFound.remove(job.id());
      return interpret(job.id(), JobInfo.from(job.attributes()), g.get());
    }
    if (notFound.merge(job.id(), 1, Integer::sum) < MAX_NOT_FOUND_POLLS) return pending("not found yet", PollResult.State.QUEUED);
    notFound.remove(job.id());
    return PollResult.failed(new ProviderFailureException(name(), "generation " + job.id() + " was read as null "
        + MAX_NOT_FOUND_POLLS + " times in a row: it was deleted or never existed", 404, false, null));
  }

  private PollResult interpret(String id, JobInfo info, Generation g) {
    switch (g.status()) {
      case Generation.COMPLETE:
        try {
          return PollResult.succeeded(output(id, info, g));
        } catch (NoOutputException e) {
          // COMPLETE says the generation ran, and Leonardo billed it at the create: never bought again.
          return PollResult.failedAfterRunning(e);
        }
      case Generation.FAILED:
        // Leonardo says no more than FAILED.
        return PollResult.failed(new ProviderFailureException(name(), "generation " + id + " ended FAILED at Leonardo",
            0, false, null));
      default:
        // PENDING, or a status Leonardo has not documented: keep waiting; the job deadline still applies.
        return pending(g.status().isEmpty() ? "unknown" : g.status(), PollResult.State.RUNNING);
    }
  }

  private PollResult pending(String status, PollResult.State state) {
    return PollResult.pending(state, new Progress(status, null, null, List.of()), pollInterval);
  }

  private ProviderOutput output(String id, JobInfo info, Generation g) {
    Size made = g.size().orElse(info.size());
    List<Generation.Image> images = g.images();
    if (images.isEmpty()) throw new NoOutputException(name(), "generation " + id + " is COMPLETE without any output");
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(id);
    Usage.Builder usage = Usage.builder().requests(1).count(images.size());
    List<String> warnings = new ArrayList<>(info.warnings());
    BigDecimal seconds = BigDecimal.valueOf(info.seconds());
    for (int i = 0; i < images.size(); i++) {
      Generation.Image image = images.get(i);
      Optional<String> url = info.video() ? image.motionMp4Url().or(image::url) : image.url();
      if (url.isEmpty()) throw new NoOutputException(name(), "output " + i + " of generation " + id + " has no URL");
      String type = ReplicatePredictions.mediaType(url.get(), info.video() ? "video/mp4" : "image/jpeg");
      Asset.Builder asset = Asset.builder(type).url(url.get()).size(made.width(), made.height()).nsfw(image.nsfw());
      if (!info.video()) usage.image(made.width(), made.height());
      else if (info.seconds() > 0) asset.durationSeconds(seconds);
      out.asset(asset.build());
    }
    if (info.video()) {
      if (info.seconds() > 0) usage.outputSeconds(seconds);
      usage.resolution(info.resolution()).audio(info.audio());
    }
    Cost cost = info.cost();
    if (cost != null && Cost.DOLLARS.equals(cost.unit())) {
      usage.reportedCost(Money.usd(cost.amount()));
    } else if (cost != null && creditValue != null) {
      usage.reportedCost(Money.of(cost.amount().multiply(creditValue.amount()), creditValue.currency()));
    } else if (cost != null) {
      warnings.add("Leonardo billed " + cost.amount().toPlainString()
          + " API credits; set LeonardoProvider.Builder.creditValue to count them as money");
    }
    long flagged = images.stream().filter(Generation.Image::nsfw).count();
    if (flagged > 0) warnings.add(flagged + " of " + images.size() + " output(s) were flagged NSFW by Leonardo's moderation");
    warnings.forEach(out::warning);
    return out.usage(usage.build()).build();
  }

  /**
   * Asks Leonardo to delete the generation ({@code DELETE /v1/generations/{id}}), the only way it
   * offers to drop one; completes with true if Leonardo names the generation it deleted, false if
   * it had none ({@code delete_generations_by_pk: null}) or could not be asked.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    Request request = http.request(generationUrl(job.id())).delete().build();
    return http.read(request, answer -> answer.object().get("delete_generations_by_pk") instanceof Map)
        .exceptionally(error -> false);
  }

  /**
   * Reads a delivery of the webhook set on the API key. An {@code image_generation.complete} whose
   * {@code Authorization: Bearer} equals the configured webhook secret (compared in constant time)
   * ends the job with what it says, when this instance submitted the generation; otherwise, and
   * for any delivery without a bearer or received while no secret is configured, the job is only
   * polled at once: such a body is never trusted. Other event types and deliveries without a
   * generation id are ignored.
   *
   * @throws WebhookRejectedException if the body is not a JSON object with content, or a secret is configured and the
   *     delivery's bearer does not match it
   */
  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    Map<String, Object> delivery = Json.lenient(new String(body, StandardCharsets.UTF_8));
    // Never the body itself in the message: it repeats the key's webhook settings.
    if (delivery.isEmpty()) throw new WebhookRejectedException(name(), "the delivery is not a JSON object with content");
    boolean trusted = authenticated(headers);
    Optional<Generation> delivered = Generation.ofDelivery(delivery);
    Optional<String> id = delivered.flatMap(Generation::id);
    if (id.isEmpty()) return Optional.empty();
    Generation g = delivered.get();
    String status = g.status();
    if (!trusted) return Optional.of(new WebhookEvent(id.get() + "/" + status + "/unverified", id.get(), pollNow("webhook")));
    JobInfo info = recent.get(id.get());
    PollResult result;
    if (Generation.FAILED.equals(status)) {
      result = interpret(id.get(), JobInfo.from(Map.of()), g);
    } else if (Generation.COMPLETE.equals(status) && info != null) {
      result = interpret(id.get(), info, g);
    } else {
      // Without what the submit knew (the cost, the asked size) the output cannot be read whole: poll for it.
      result = pollNow(status);
    }
    return Optional.of(new WebhookEvent(id.get() + "/" + status, id.get(), result));
  }

  private static PollResult pollNow(String why) {
    return PollResult.pending(PollResult.State.RUNNING, new Progress(why, null, null, List.of()), Duration.ZERO);
  }

  /**
   * True if the delivery carries the configured secret as its bearer; false if it carries none or
   * no secret is configured.
   *
   * @throws WebhookRejectedException if a secret is configured and the bearer is another
   */
  private boolean authenticated(Map<String, List<String>> headers) {
    Optional<String> given = WebhookEvent.header(headers, "Authorization");
    if (given.isEmpty() || webhookSecret == null) return false;
    String value = given.get().trim();
    String token = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
    if (MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), webhookSecret.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    throw new WebhookRejectedException(name(), "the delivery's bearer is not the configured webhook secret");
  }

  /** {@code /v1/generations/{id}} on the configured base URL, the id one path segment. */
  private HttpUrl generationUrl(String id) {
    return http.settings().url(Requests.V1_GENERATIONS).newBuilder().addPathSegment(id).build();
  }

  /** The option maps read for this instance: the provider's, then this instance's name when it has another. */
  private List<String> optionNames() {
    return name().equals(NAME) ? List.of(NAME) : List.of(NAME, name());
  }

  /**
   * Builds a {@link LeonardoProvider}. Every setting is optional: the key defaults to
   * {@code LEONARDO_API_KEY}, the base URL to {@code UNIGEN_LEONARDO_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}, the webhook secret to {@code UNIGEN_<NAME>_WEBHOOK_SECRET}. Not
   * threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String webhookSecret;
    private Money creditValue;
    private Duration pollInterval = Duration.ofSeconds(3);

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Sets the webhook key set on the Production API key, which Leonardo sends as
     * {@code Authorization: Bearer <secret>} with each delivery. By default it is read from
     * {@code UNIGEN_LEONARDO_WEBHOOK_SECRET} (the instance's name in upper case). It is registered
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
     * Sets what one Leonardo API credit is worth, so that a cost Leonardo reports in
     * {@code CREDITS} (legacy API plans) becomes the actual cost. Without it such a cost is only
     * named in a warning. Pay-as-you-go accounts are billed in dollars and need no value.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public Builder creditValue(Money perCredit) {
      if (Objects.requireNonNull(perCredit, "perCredit").amount().signum() < 0) {
        throw new IllegalArgumentException("negative credit value: " + perCredit);
      }
      this.creditValue = perCredit;
      return this;
    }

    /**
     * Sets the least time between two reads of a running generation: 3 s by default. Tests may
     * shorten it.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public Builder pollInterval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").isNegative()) throw new IllegalArgumentException("negative poll interval");
      this.pollInterval = interval;
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and {@code LEONARDO_API_KEY} is not set
     */
    @Override
    public LeonardoProvider build(ProviderContext context) {
      return new LeonardoProvider(this, settings(context));
    }
  }
}
