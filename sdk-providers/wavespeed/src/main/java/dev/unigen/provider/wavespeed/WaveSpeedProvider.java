package dev.unigen.provider.wavespeed;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.wavespeed.wire.Envelope;
import dev.unigen.provider.wavespeed.wire.Prediction;
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
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.Multipart;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.Redactor;
import dev.unigen.spi.http.StandardWebhooks;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;

/**
 * WaveSpeed AI's v3 prediction API as a Unigen provider: Wan 2.2 Animate (a character image
 * driven by a video), Wan 2.5 and 2.6 text- and image-to-video, Kling 2.6 Pro with audio, and
 * Seedance V1 Lite and Pro.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> WaveSpeedProvider.builder().build(ctx))   // key from WAVESPEED_API_KEY
 *     .build();
 * Generation g = gen.video("wan-2.6").prompt("a lighthouse at dusk").resolution("1080p")
 *     .duration(Duration.ofSeconds(5)).generate();
 * }</pre>
 *
 * <p>A call is {@code POST /api/v3/{model-id}} with the model's input as JSON and
 * {@code Authorization: Bearer <key>}. WaveSpeed answers {@code {code, message, data}} with the
 * task; the task is then read at its {@code data.urls.get}
 * ({@code /api/v3/predictions/{id}/result}), rebuilt on the configured base URL so the key never
 * goes elsewhere, until it is {@code completed}, {@code failed}, {@code cancelled} or
 * {@code timeout}. Polls ask for at least 2 s between reads of an image task and 5 s for a video,
 * as WaveSpeed asks ({@link Builder#pollIntervals}). A failed task comes back as HTTP 200 with
 * {@code code: 200} and {@code message: "success"}: only {@code data.status} and
 * {@code data.error} tell, and they are mapped to the typed errors.
 *
 * <p>In sync mode ({@link Builder#syncMode}, or {@code enable_sync_mode: true} in the request's
 * {@code providerOptions("wavespeed", ...)}) the submit waits for the output. When that wait runs
 * out, WaveSpeed answers {@code data.code == 5004} with the task still processing; the task is then
 * followed as a job. Submits are never sent twice (the task may exist); result reads are retried on
 * 429 and 5xx.
 *
 * <p>Local media (files, bytes, data URIs) are uploaded first with
 * {@code POST /api/v3/media/upload/binary} and sent as the URL it returns; URLs are sent as they
 * are. A webhook is registered with the {@code webhook} query parameter when
 * {@link Builder#webhookUrl} or {@code providerOptions("wavespeed", Map.of("webhook", url))} is
 * set; deliveries are verified with the webhook secret ({@link Builder#webhookSecret}). Results
 * carry no cost, so the actual cost is computed from what the request produced (seconds,
 * resolution, audio); {@link #price(ProviderCall)} asks WaveSpeed's pricing API for a quote.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class WaveSpeedProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "wavespeed";
  /** The environment variable read for the key: {@code WAVESPEED_API_KEY}, as WaveSpeed's SDKs read it. */
  public static final List<String> KEY_VARIABLES = List.of("WAVESPEED_API_KEY");
  /** The official base URL; {@code UNIGEN_WAVESPEED_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.wavespeed.ai";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final Duration IMAGE_POLL = Duration.ofSeconds(2);
  static final Duration VIDEO_POLL = Duration.ofSeconds(5);
  static final String PREDICTIONS_PATH = "/api/v3/predictions/";
  static final String OPTION_WEBHOOK = "webhook";
  static final String OPTION_SYNC = "enable_sync_mode";
  static final String ATTR_MODEL = "model";
  static final String ATTR_RESULT_PATH = "resultPath";
  static final String ATTR_WARNINGS = "warnings";
  private static final String API = "/api/v3/";
  private static final MediaType JSON = MediaType.get("application/json");

  private final String name;
  private final ProviderHttp submits;
  private final ProviderHttp reads;
  private final Errors errors;
  private final Clock clock;
  private final Redactor redactor;
  private final boolean syncMode;
  private final String webhookUrl;
  private final String webhookSecret;
  private final Duration imagePoll;
  private final Duration videoPoll;
  private final Logger log;

  private WaveSpeedProvider(Builder b, ProviderSettings settings, String secret) {
    super(settings);
    name = settings.name();
    ProviderContext ctx = settings.context();
    clock = ctx.clock();
    redactor = ctx.redactor();
    errors = new Errors(settings);
    // A submit and a read map the same status differently (a 500 fails over, a 504 may have made
    // the task), so each has its own error reader.
    submits = ProviderHttp.builder(settings).bearerAuth().errors(errors::submit).build();
    reads = ProviderHttp.builder(settings).bearerAuth().errors(errors::read).build();
    syncMode = b.syncMode;
    webhookUrl = b.webhookUrl;
    webhookSecret = secret;
    imagePoll = b.imagePoll;
    videoPoll = b.videoPoll;
    log = ctx.logger(WaveSpeedProvider.class);
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uploads any local input media, then posts the task. Completes with the output when WaveSpeed
   * answers at once (sync mode), with an accepted job otherwise (including a sync wait that ran
   * out, and a task completed without readable outputs, which is read again), or exceptionally with
   * the typed error WaveSpeed's answer maps to.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    CallMapper.Mapped mapped = CallMapper.map(call, name);
    Map<String, Object> options = options(call);
    String webhook = webhook(options);
    return upload(mapped.media()).thenCompose(urls -> post(call, mapped, options, urls, webhook));
  }

  private CompletableFuture<Submission> post(ProviderCall call, CallMapper.Mapped mapped, Map<String, Object> options,
      Map<String, String> urls, String webhook) {
    Map<String, Object> body = new LinkedHashMap<>(mapped.input());
    body.putAll(urls);
    boolean sync = options.containsKey(OPTION_SYNC) ? Boolean.TRUE.equals(options.get(OPTION_SYNC)) : syncMode;
    if (syncMode && !options.containsKey(OPTION_SYNC)) body.put(OPTION_SYNC, true);
    body.putAll(options);
    String json;
    try {
      json = Json.write(body);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, e.getMessage()));
    }
    HttpUrl.Builder url = submits.settings().url(API + mapped.endpoint()).newBuilder();
    if (webhook != null) url.addQueryParameter(OPTION_WEBHOOK, webhook);
    Request request = submits.request(url.build()).post(RequestBody.create(json, JSON)).build();
    return submits.submit(request, answer -> answer(answer, call, mapped, sync));
  }

  private Submission answer(Answer answer, ProviderCall call, CallMapper.Mapped mapped, boolean sync) {
    Envelope env = Envelope.parse(answer.text());
    Prediction p = env.prediction();
    if (!env.ok() && p.id().isEmpty()) throw envelopeError(env, answer, true);
    String id = p.id().orElseThrow(() -> new IllegalArgumentException("no task id in the answer"));
    List<String> warnings = new ArrayList<>(mapped.warnings());
    switch (p.status()) {
      case Prediction.COMPLETED:
        try {
          return Submission.completed(output(p, mapped.produced(), warnings, id));
        } catch (NoOutputException e) {
          // Completed means the task ran and is billed: it is read again as a job, never bought elsewhere.
          return Submission.accepted(jobRef(p, id, call, mapped, warnings));
        }
      case Prediction.FAILED:
        throw errors.task(p);
      case Prediction.CANCELLED:
        throw new JobCanceledException(name, "task " + id + " was cancelled");
      case Prediction.TIMEOUT:
        throw errors.timedOut(p);
      default:
        if (sync && p.isSyncTimeout()) {
          warnings.add("WaveSpeed's sync mode timed out (code 5004); the task was followed as a job");
        }
        return Submission.accepted(jobRef(p, id, call, mapped, warnings));
    }
  }

  /** The error an envelope states in a 2xx answer: its {@code code} read as an HTTP status. */
  private GenerationException envelopeError(Envelope env, Answer answer, boolean submit) {
    int code = env.code().orElse(0);
    if (code >= 400 && code < 600) {
      return submit ? errors.submit(code, answer.text(), answer.headers()) : errors.read(code, answer.text(), answer.headers());
    }
    return new ProviderFailureException(name, redactor.redact("WaveSpeed answered code " + code + ": "
        + env.message().orElse("(no message)")), answer.status(), false, null);
  }

  private JobRef jobRef(Prediction p, String id, ProviderCall call, CallMapper.Mapped mapped, List<String> warnings) {
    String path = p.resultUrl().flatMap(WaveSpeedProvider::predictionPath).orElse(PREDICTIONS_PATH + id + "/result");
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(JobRef.ENDPOINT, call.endpoint());
    if (!mapped.endpoint().equals(call.endpoint())) attributes.put(ATTR_MODEL, mapped.endpoint());
    attributes.put(ATTR_RESULT_PATH, path);
    attributes.putAll(mapped.produced().attributes());
    if (!warnings.isEmpty()) attributes.put(ATTR_WARNINGS, String.join("\n", warnings));
    log.debug("{} accepted task {} of {}", name, id, mapped.endpoint());
    return JobRef.of(name, id, onBase(path).toString(), null, attributes);
  }

  /**
   * Reads the task at its result URL (the {@code urls.get} the submit returned, on the configured
   * base URL): {@code created} is queued, {@code processing} running (both with the 2 s or 5 s
   * hint), {@code completed} the output, {@code failed}, {@code cancelled} and {@code timeout} the
   * typed error (WaveSpeed refunds failed and timed-out tasks). A {@code completed} task is billed
   * however its outputs read: without outputs it is {@link PollResult#unreadable} (read again a
   * bounded number of times), with outputs that are neither URLs nor content it
   * {@link PollResult#failedAfterRunning failed after running}. A 429 or 5xx is thrown as a
   * transient error, so the generator reads again.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    String path = Optional.ofNullable(job.attributes().get(ATTR_RESULT_PATH))
        .filter(p -> p.startsWith(PREDICTIONS_PATH)).orElse(PREDICTIONS_PATH + job.id() + "/result");
    return reads.read(reads.request(onBase(path)).get().build(), answer -> polled(answer, job))
        .exceptionally(WaveSpeedProvider::failedRead);
  }

  private PollResult polled(Answer answer, JobRef job) {
    Envelope env = Envelope.parse(answer.text());
    Prediction p = env.prediction();
    if (!env.ok() && p.status().isEmpty()) return failedRead(envelopeError(env, answer, false));
    return result(p, job.id(), Produced.fromAttributes(job.attributes()), warnings(job));
  }

  /** Transient failures are thrown (the generator reads again); the rest end the job. */
  private static PollResult failedRead(Throwable thrown) {
    Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    boolean transientFailure = e instanceof RateLimitedException
        || (e instanceof ProviderFailureException && ((ProviderFailureException) e).retryable());
    if (transientFailure || !(e instanceof GenerationException)) throw new CompletionException(e);
    return PollResult.failed((GenerationException) e);
  }

  private PollResult result(Prediction p, String id, Produced produced, List<String> warnings) {
    Duration hint = produced.video() ? videoPoll : imagePoll;
    String status = p.status();
    switch (status) {
      case Prediction.CREATED:
        return PollResult.pending(PollResult.State.QUEUED, new Progress(status, null, null, List.of()), hint);
      case Prediction.PROCESSING:
        return PollResult.pending(PollResult.State.RUNNING, new Progress(status, null, null, List.of()), hint);
      case Prediction.COMPLETED:
        try {
          return PollResult.succeeded(output(p, produced, warnings, id));
        } catch (NoOutputException e) {
          // Completed means the task ran and is billed, however its outputs read: outputs not there
          // (yet) are read again, a bounded number of times; outputs that are not content end it billed.
          return p.outputs().isEmpty() ? PollResult.unreadable(e) : PollResult.failedAfterRunning(e);
        }
      case Prediction.FAILED:
        return PollResult.failed(errors.task(p));
      case Prediction.CANCELLED:
        return PollResult.canceled(new JobCanceledException(name, "task " + id + " was cancelled"));
      case Prediction.TIMEOUT:
        return PollResult.failed(errors.timedOut(p));
      default:
        // A status WaveSpeed has not documented: keep waiting; the job deadline still applies.
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(status.isEmpty() ? "unknown" : status, null, null, List.of()), hint);
    }
  }

  private ProviderOutput output(Prediction p, Produced produced, List<String> warnings, String id) {
    List<String> outputs = p.outputs();
    if (outputs.isEmpty()) {
      throw new NoOutputException(name, "task " + id + " completed without outputs");
    }
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(id);
    int flagged = 0;
    for (int i = 0; i < outputs.size(); i++) {
      Asset.Builder asset = asset(outputs.get(i), produced, id, i);
      if (produced.width() > 0 && produced.height() > 0) asset.size(produced.width(), produced.height());
      if (produced.video() && produced.seconds() != null) asset.durationSeconds(produced.seconds());
      boolean nsfw = p.nsfw(i);
      if (nsfw) flagged++;
      out.asset(asset.nsfw(nsfw).build());
    }
    Usage.Builder usage = Usage.builder().requests(1).count(outputs.size());
    if (produced.width() > 0 && produced.height() > 0) usage.images(outputs.size(), Size.of(produced.width(), produced.height()));
    if (produced.video()) {
      if (produced.seconds() != null) usage.outputSeconds(produced.seconds());
      if (produced.inputSeconds() != null) usage.inputSeconds(produced.inputSeconds());
      if (produced.resolution() != null) usage.resolution(produced.resolution());
      usage.audio(produced.audio());
    } else if (produced.resolution() != null) {
      usage.resolution(produced.resolution());
    }
    warnings.forEach(out::warning);
    if (flagged > 0) {
      out.warning(flagged + " of " + outputs.size() + " output(s) were flagged NSFW by WaveSpeed (has_nsfw_contents)");
    }
    if (produced.video() && produced.seconds() == null) {
      out.warning("WaveSpeed does not report the video's length; state the driving video's with Media.withDuration"
          + " (or the request's duration) so that the cost can be computed");
    }
    return out.usage(usage.build()).build();
  }

  private Asset.Builder asset(String output, Produced produced, String id, int index) {
    if (output.startsWith("https://") || output.startsWith("http://")) {
      return Asset.builder(mediaType(output, produced.video())).url(output);
    }
    try {
      if (output.startsWith("data:")) {
        DataUri d = DataUri.parse(output);
        return Asset.builder(d.mediaType()).bytes(d.bytes());
      }
      // enable_base64_output gives the content itself.
      byte[] bytes = DataUri.decodeBase64(output);
      String type = MediaContent.sniff(bytes, "");
      if (type.equals("application/octet-stream")) type = produced.video() ? "video/mp4" : "image/png";
      return Asset.builder(type).bytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new NoOutputException(name, "output " + index + " of task " + id + " is neither a URL nor base64 content");
    }
  }

  static String mediaType(String url, boolean video) {
    String path = url;
    int cut = path.indexOf('?');
    if (cut >= 0) path = path.substring(0, cut);
    path = path.toLowerCase(Locale.ROOT);
    if (path.endsWith(".mp4")) return "video/mp4";
    if (path.endsWith(".webm")) return "video/webm";
    if (path.endsWith(".mov")) return "video/quicktime";
    if (path.endsWith(".png")) return "image/png";
    if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
    if (path.endsWith(".webp")) return "image/webp";
    if (path.endsWith(".gif")) return "image/gif";
    return video ? "video/mp4" : "image/png";
  }

  /**
   * Verifies a webhook delivery with the webhook secret (Standard Webhooks headers
   * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v3,<hex>}) and reads
   * its body — {@code {id, model, input, outputs, urls, has_nsfw_contents, status, created_at,
   * error}} — into the job's result. The usage is read from the echoed {@code input} (duration,
   * size or resolution, sound).
   *
   * @throws WebhookRejectedException if no secret is configured, the signature does not match,
   *     the timestamp is stale, or the body is not JSON
   */
  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    if (webhookSecret == null) {
      throw new WebhookRejectedException(name, "no webhook secret is configured: set "
          + ProviderContext.variable(name, "WEBHOOK_SECRET")
          + " or call webhookSecret(...) (GET /api/v3/webhook/secret returns it)");
    }
    String delivery = StandardWebhooks.wavespeed(webhookSecret, clock).verify(headers, body);
    Map<String, Object> o;
    try {
      o = Json.object(Json.parse(new String(body, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(name, "the delivery is not JSON");
    }
    if (!o.containsKey("id") && o.get("data") instanceof Map) o = Json.object(o, "data");
    Prediction p = Prediction.of(o);
    if (p.id().isEmpty()) return Optional.empty();
    String id = p.id().get();
    List<String> outputs = p.outputs();
    Produced produced = Produced.fromInput(p.input(), p.model().orElse(null), outputs.isEmpty() ? null : outputs.get(0));
    return Optional.of(new WebhookEvent(delivery, id, result(p, id, produced, List.of())));
  }

  /**
   * Asks WaveSpeed's pricing API what {@code call} would cost: {@code POST /api/v3/model/pricing}
   * with {@code {model_id, inputs}}, answered with {@code data.unit_price} in {@code data.currency}
   * (US dollars). The inputs are those {@link #submit} would send (local media are left out, as they
   * are not uploaded for a quote). Nothing is generated or charged.
   *
   * @return the price of one run, or a failed future with the typed error
   */
  public CompletableFuture<Money> price(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    return checked(() -> quote(call));
  }

  private CompletableFuture<Money> quote(ProviderCall call) {
    CallMapper.Mapped mapped = CallMapper.map(call, name);
    Map<String, Object> inputs = new LinkedHashMap<>(mapped.input());
    inputs.keySet().removeAll(mapped.media().keySet());
    Map<String, Object> options = options(call);
    webhook(options);
    options.remove(OPTION_SYNC);
    inputs.putAll(options);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model_id", mapped.endpoint());
    body.put("inputs", inputs);
    // A quote generates and bills nothing, so it is read like a result.
    Request request = reads.request(API + "model/pricing").post(RequestBody.create(Json.write(body), JSON)).build();
    return reads.read(request, this::priced);
  }

  private Money priced(Answer answer) {
    Envelope env = Envelope.lenient(answer.text());
    if (!env.ok()) throw envelopeError(env, answer, false);
    BigDecimal price = env.unitPrice().orElseThrow(() -> new ProviderFailureException(name,
        "WaveSpeed's pricing answer has no unit_price"));
    String currency = env.currency().orElse("USD").toUpperCase(Locale.ROOT);
    try {
      return Money.of(price, Currency.getInstance(currency));
    } catch (IllegalArgumentException e) {
      throw new ProviderFailureException(name, "WaveSpeed priced in an unknown currency: " + currency);
    }
  }

  /** Uploads each local medium; completes with field name to URL. */
  private CompletableFuture<Map<String, String>> upload(Map<String, Media> media) {
    Map<String, String> urls = new LinkedHashMap<>();
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    for (Map.Entry<String, Media> e : media.entrySet()) {
      CompletableFuture<String> one = uploadOne(e.getValue());
      all = all.thenCombine(one, (ignored, url) -> {
        synchronized (urls) {
          urls.put(e.getKey(), url);
        }
        return null;
      });
    }
    return all.thenApply(ignored -> urls);
  }

  private CompletableFuture<String> uploadOne(Media m) {
    RequestBody body;
    try {
      body = new Multipart().file("file", m).build();
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    }
    // An upload creates no task and bills nothing, so it is read like a result: sending it twice is harmless.
    return reads.read(reads.request(API + "media/upload/binary").post(body).build(), answer -> {
      Envelope env = Envelope.lenient(answer.text());
      if (!env.ok()) throw envelopeError(env, answer, false);
      return env.uploadedUrl().orElseThrow(() -> new ProviderFailureException(name,
          "WaveSpeed's upload answer has no download_url"));
    });
  }

  /**
   * The request's raw options for this provider: those under {@value #NAME}, then those under
   * this instance's name when it has another.
   */
  private Map<String, Object> options(ProviderCall call) {
    Map<String, Map<String, Object>> all = call.request().providerOptions();
    Map<String, Object> options = new LinkedHashMap<>(all.getOrDefault(NAME, Map.of()));
    if (!name.equals(NAME)) options.putAll(all.getOrDefault(name, Map.of()));
    return options;
  }

  /** Takes the webhook URL out of the options (it is a query parameter, not a body field), else the builder's. */
  private String webhook(Map<String, Object> options) {
    Object w = options.remove(OPTION_WEBHOOK);
    if (w instanceof String && !((String) w).isBlank()) return (String) w;
    return webhookUrl;
  }

  /** {@code path} (one of WaveSpeed's prediction paths) on the configured base URL, segment by segment. */
  private HttpUrl onBase(String path) {
    return reads.settings().baseUrl().newBuilder().addPathSegments(path.substring(1)).build();
  }

  /** The path of a result URL WaveSpeed returned, if it is one of its prediction paths. */
  static Optional<String> predictionPath(String url) {
    HttpUrl u = HttpUrl.parse(url);
    if (u == null) return Optional.empty();
    String path = String.join("/", u.pathSegments());
    path = "/" + path;
    return path.startsWith(PREDICTIONS_PATH) && !path.contains("..") ? Optional.of(path) : Optional.empty();
  }

  private static List<String> warnings(JobRef job) {
    String w = job.attributes().get(ATTR_WARNINGS);
    return w == null || w.isEmpty() ? List.of() : List.of(w.split("\n"));
  }

  /**
   * Builds a {@link WaveSpeedProvider}. Every setting is optional: the key defaults to
   * {@code WAVESPEED_API_KEY}, the base URL to {@code UNIGEN_WAVESPEED_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}, the webhook secret to {@code UNIGEN_<NAME>_WEBHOOK_SECRET}. The
   * timeout is 120 s by default: in sync mode the submit waits for the output, so leave room for
   * WaveSpeed's own sync wait. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private boolean syncMode;
    private String webhookUrl;
    private String webhookSecret;
    private Duration imagePoll = IMAGE_POLL;
    private Duration videoPoll = VIDEO_POLL;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Sends {@code enable_sync_mode: true} with every task, so that WaveSpeed answers with the
     * output when it is ready in time; a request's own {@code enable_sync_mode} option wins. Off by
     * default.
     */
    public Builder syncMode(boolean syncMode) {
      this.syncMode = syncMode;
      return this;
    }

    /**
     * Registers {@code url} (an https URL WaveSpeed can reach) as the webhook of every task; a
     * request's {@code webhook} option wins. Hand the deliveries to
     * {@code generator.webhooks().receive("wavespeed", headers, body)}.
     */
    public Builder webhookUrl(String url) {
      this.webhookUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Sets the secret webhook deliveries are verified with, as {@code GET /api/v3/webhook/secret}
     * returns it ({@code whsec_...}; the prefix is dropped). By default it is read from
     * {@code UNIGEN_WAVESPEED_WEBHOOK_SECRET}. It is registered with the redactor.
     */
    public Builder webhookSecret(String secret) {
      this.webhookSecret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /**
     * Sets the least time between two reads of an image task and of a video task: 2 s and 5 s by
     * default, as WaveSpeed asks. Tests may shorten them.
     */
    public Builder pollIntervals(Duration images, Duration videos) {
      if (images.isNegative() || videos.isNegative()) throw new IllegalArgumentException("negative poll interval");
      this.imagePoll = images;
      this.videoPoll = videos;
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and {@code WAVESPEED_API_KEY} is not set
     */
    @Override
    public WaveSpeedProvider build(ProviderContext context) {
      ProviderSettings settings = settings(context);
      return new WaveSpeedProvider(this, settings, settings.secret(webhookSecret, "WEBHOOK_SECRET").orElse(null));
    }
  }
}
