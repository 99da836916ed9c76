package dev.unigen.provider.runway;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.runway.wire.RunwayTask;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.slf4j.Logger;

/**
 * The Runway API as a Unigen provider: Gen-4.5 text- and image-to-video, Gen-4 Turbo
 * image-to-video, Google's Veo 3, 3.1 and 3.1 Fast, Aleph 2 video-to-video, and Gen-4 Image,
 * Gen-4 Image Turbo and Gemini 2.5 Flash Image.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> RunwayProvider.builder().build(ctx))   // key from RUNWAYML_API_SECRET
 *     .build();
 * Generation g = gen.video("gen-4.5").prompt("a sunset timelapse").image(Media.file(frame))
 *     .aspectRatio("16:9").duration(Duration.ofSeconds(5)).generate();
 * }</pre>
 *
 * <p>Every call carries {@code Authorization: Bearer <key>} and
 * {@code X-Runway-Version: }{@value #API_VERSION}. A generation is a POST to
 * {@code /v1/text_to_video}, {@code /v1/image_to_video}, {@code /v1/video_to_video} or
 * {@code /v1/text_to_image} with the model, {@code promptText}, {@code ratio} (the output size,
 * such as {@code 1280:720}, chosen from the request's size, aspect ratio and resolution),
 * {@code duration}, the inputs ({@code promptImage}, {@code videoUri}, {@code referenceImages})
 * and, where the model takes them, {@code seed}, {@code audio} and {@code negativePrompt}. Runway
 * answers {@code {id}}; the task is then read at {@code GET /v1/tasks/{id}}: {@code PENDING} and
 * {@code THROTTLED} (queued over the organization's concurrency, not a failure) are queued,
 * {@code RUNNING} reports its progress, {@code SUCCEEDED} gives the output URLs (valid 24 to 48
 * hours), {@code FAILED} its {@code failureCode} as a typed error and {@code CANCELLED} a
 * cancellation. {@link #cancel} is {@code DELETE /v1/tasks/{id}}, which cancels a running task and
 * deletes a finished one. Inputs are sent as the URL given, or inline as a data URI (up to 5 MB
 * for images and 16 MB for video, as Runway allows).
 *
 * <p>Runway reports no money per task: the actual cost is computed from what was made (seconds,
 * audio, image sizes) at the catalog's credit prices, a credit being worth $0.01;
 * {@link #creditBalance()} reads the organization's balance to reconcile. Raw API fields can be
 * added with {@code providerOptions("runway", map)} (such as {@code contentModeration}).
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class RunwayProvider implements Provider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "runway";
  /** The environment variable read for the key, as Runway's official SDKs read it. */
  public static final List<String> KEY_VARIABLES = List.of("RUNWAYML_API_SECRET");
  /** Runway's API host; {@code UNIGEN_RUNWAY_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.dev.runwayml.com";
  /** The API version sent in {@code X-Runway-Version} with every request, the one Runway's SDKs send. */
  public static final String API_VERSION = "2024-11-06";
  /** The header naming the API version, required on every request. */
  public static final String VERSION_HEADER = "X-Runway-Version";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final String ATTR_ENDPOINT = "endpoint";
  static final String ATTR_KIND = "kind";
  static final String ATTR_SECONDS = "seconds";
  static final String ATTR_AUDIO = "audio";
  static final String ATTR_SIZE = "size";
  static final String ATTR_WARNINGS = "warnings";
  /** Runway's limit on a data URI for an image, and for a video: 5 MB and 16 MB. */
  static final long MAX_IMAGE_DATA_URI = 5L * 1024 * 1024;
  static final long MAX_VIDEO_DATA_URI = 16L * 1024 * 1024;
  /** Gen-4.5 makes video from text at these ratios only; from an image, at every ratio of its offer. */
  private static final List<Size> GEN45_TEXT_SIZES = List.of(Size.of(1280, 720), Size.of(720, 1280));
  private static final Set<String> SEEDED = Set.of("gen4.5", "gen4_turbo", "gen4_image", "gen4_image_turbo", "aleph2");
  private static final Set<String> VEO = Set.of("veo3", "veo3.1", "veo3.1_fast");
  private static final Set<String> AUDIO_SWITCH = Set.of("veo3.1", "veo3.1_fast");
  private static final MediaType JSON = MediaType.get("application/json");

  private final String name;
  private final Catalog catalog;
  private final ProviderHttp http;
  private final Errors errors;
  private final Logger log;

  private RunwayProvider(Builder b, ProviderSettings settings) {
    name = settings.name();
    catalog = settings.catalog(Bundled.CATALOG);
    ProviderContext ctx = settings.context();
    errors = new Errors(name, ctx.redactor());
    String auth = "Bearer " + settings.apiKey();
    String version = b.apiVersion;
    http = ProviderHttp.builder(settings)
        .headers(r -> r.header("Authorization", auth).header(VERSION_HEADER, version))
        .errors(errors::read)
        .build();
    log = ctx.logger(RunwayProvider.class);
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
   * Starts the task. Completes with the accepted job, or exceptionally with the typed error
   * Runway's answer maps to; a request the model has no field for fails before anything is sent,
   * and a submit whose answer was lost or unreadable is an unknown outcome, never sent again.
   */
  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, String> attributes = new LinkedHashMap<>();
    String path;
    String json;
    try {
      path = prepare(call, body, attributes);
      json = Json.write(body);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, "cannot send the request: " + e.getMessage()));
    }
    okhttp3.Request request = http.request(url("v1", path)).post(RequestBody.create(json, JSON)).build();
    return http.submit(request, answer -> accepted(answer, attributes));
  }

  private String prepare(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    String model = call.endpoint();
    Offer offer = call.offer();
    List<String> warnings = new ArrayList<>();
    body.put("model", model);
    attributes.put(ATTR_ENDPOINT, model);
    String path;
    switch (r.task()) {
      case TEXT_TO_VIDEO:
        path = "text_to_video";
        body.put("promptText", prompt(r, true));
        video(call, body, attributes, GEN45_TEXT_SIZES);
        break;
      case IMAGE_TO_VIDEO:
        path = "image_to_video";
        body.put("promptImage", uri(r.image().orElseThrow(() -> new InvalidRequestException(name,
            "image-to-video needs the image to start from")), false));
        r.prompt().filter(p -> !p.isBlank()).ifPresent(p -> body.put("promptText", p));
        video(call, body, attributes, null);
        break;
      case VIDEO_TO_VIDEO:
        path = "video_to_video";
        body.put("videoUri", uri(r.video().orElseThrow(() -> new InvalidRequestException(name,
            "video-to-video needs the video to edit")), true));
        body.put("promptText", prompt(r, true));
        attributes.put(ATTR_KIND, "video");
        r.video().flatMap(Media::duration).ifPresent(d -> attributes.put(ATTR_SECONDS,
            BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString()));
        break;
      case TEXT_TO_IMAGE:
      case MULTI_REFERENCE:
        path = "text_to_image";
        body.put("promptText", prompt(r, true));
        image(call, body, attributes);
        break;
      default:
        throw new InvalidRequestException(name, r.task().wireName() + " is not served by the Runway API");
    }
    if (r.seed().isPresent()) {
      if (SEEDED.contains(model)) {
        // Within the offer's catalog range, checked before this call; written as the plain number.
        body.put("seed", r.seed().getAsLong());
      } else {
        warnings.add(model + " takes no seed; the seed was not sent");
      }
    }
    if (r.negativePrompt().isPresent()) {
      if (VEO.contains(model)) {
        body.put("negativePrompt", r.negativePrompt().get());
      } else {
        warnings.add(model + " takes no negative prompt; it was not sent");
      }
    }
    body.putAll(options(call));
    if (!warnings.isEmpty()) attributes.put(ATTR_WARNINGS, String.join("\n", warnings));
    log.debug("{} prepared {} for {} ({})", name, path, model, offer.key());
    return path;
  }

  private String prompt(Request r, boolean required) {
    Optional<String> p = r.prompt().filter(s -> !s.isBlank());
    if (p.isEmpty() && required) throw new InvalidRequestException(name, r.task().wireName() + " needs a prompt");
    return p.orElse(null);
  }

  private void video(ProviderCall call, Map<String, Object> body, Map<String, String> attributes, List<Size> textSizes) {
    Request r = call.request();
    String model = call.endpoint();
    List<Size> allowed = call.offer().capabilities().sizes();
    if (textSizes != null && model.equals("gen4.5")) allowed = textSizes;
    Size size = Ratios.choose(name, r, allowed, call.offer().capabilities().defaultSize().orElse(allowed.get(0)), model);
    body.put("ratio", Ratios.wire(size));
    Duration d = r.duration().or(() -> call.offer().capabilities().defaultDuration()).orElse(Duration.ofSeconds(5));
    if (d.toMillis() % 1000 != 0) {
      throw new InvalidRequestException(name, model + " takes a duration in whole seconds, not " + d.toMillis() + " ms");
    }
    long seconds = d.getSeconds();
    body.put("duration", seconds);
    boolean audio = model.equals("veo3") || r.audio();
    if (AUDIO_SWITCH.contains(model)) body.put("audio", r.audio());
    attributes.put(ATTR_KIND, "video");
    attributes.put(ATTR_SECONDS, Long.toString(seconds));
    attributes.put(ATTR_SIZE, size.toString());
    if (audio) attributes.put(ATTR_AUDIO, "true");
  }

  private void image(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    String model = call.endpoint();
    List<Size> allowed = call.offer().capabilities().sizes();
    Size size = Ratios.choose(name, r, allowed, call.offer().capabilities().defaultSize().orElse(allowed.get(0)), model);
    body.put("ratio", Ratios.wire(size));
    if (model.equals("gen4_image_turbo") && r.references().isEmpty()) {
      throw new InvalidRequestException(name, "gen4_image_turbo needs one to three reference images");
    }
    if (!r.references().isEmpty()) {
      List<Object> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(Map.of("uri", uri(m, false)));
      body.put("referenceImages", refs);
    }
    if (r.count() > 1) throw new InvalidRequestException(name, model + " makes one image a call");
    attributes.put(ATTR_KIND, "image");
    attributes.put(ATTR_SIZE, size.toString());
  }

  /** An input as Runway takes it: the URL given, else a data URI within Runway's size limit. */
  private String uri(Media m, boolean video) {
    if (m.kind() == Media.Kind.URL) return m.url().get();
    String dataUri = MediaContent.read(m).dataUri();
    long max = video ? MAX_VIDEO_DATA_URI : MAX_IMAGE_DATA_URI;
    if (dataUri.length() > max) {
      // Another provider may take the file as it is: a failure that is not repeated here, so failover moves on.
      throw new ProviderFailureException(name, "Runway takes an inline " + (video ? "video" : "image") + " of up to "
          + (max >> 20) + " MB as a data URI; this one is " + dataUri.length() + " bytes: give it as Media.url(...)", 0, false, null);
    }
    return dataUri;
  }

  /** The request's raw options: those under {@value #NAME}, then those under this instance's name. */
  private Map<String, Object> options(ProviderCall call) {
    Map<String, Map<String, Object>> all = call.request().providerOptions();
    Map<String, Object> options = new LinkedHashMap<>(all.getOrDefault(NAME, Map.of()));
    if (!name.equals(NAME)) options.putAll(all.getOrDefault(name, Map.of()));
    return options;
  }

  private Submission accepted(Answer answer, Map<String, String> attributes) {
    // A 2xx without a task id may still have started a billed task: an unknown outcome.
    String id = RunwayTask.parse(answer.text()).id()
        .orElseThrow(() -> new IllegalArgumentException("no task id in the answer"));
    log.debug("{} accepted task {} of {}", name, id, attributes.get(ATTR_ENDPOINT));
    String task = url("v1", "tasks", id).toString();
    // Everything needed to poll, cancel and price after a restart; never the key.
    return Submission.accepted(JobRef.of(name, id, task, task, attributes));
  }

  /**
   * Reads the task at {@code GET /v1/tasks/{id}} on the configured base URL. {@code PENDING} and
   * {@code THROTTLED} are queued, {@code RUNNING} is running with its progress, {@code SUCCEEDED}
   * is the output, {@code FAILED} the typed error of its {@code failureCode}, {@code CANCELLED} a
   * cancellation; a status Runway does not document keeps the job waiting. A rate limit or a
   * 502/503/504 is retried by the generator; a 404 ends the job.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    okhttp3.Request request = http.request(url("v1", "tasks", job.id())).get().build();
    return settle(http.read(request, answer -> status(job, RunwayTask.parse(answer.text()))));
  }

  private PollResult status(JobRef job, RunwayTask t) {
    String status = t.status();
    switch (status) {
      case RunwayTask.PENDING:
      case RunwayTask.THROTTLED:
        return PollResult.pending(PollResult.State.QUEUED, new Progress(status, null, null, List.of()), null);
      case RunwayTask.RUNNING:
        return PollResult.pending(PollResult.State.RUNNING, new Progress(status, null, percent(t), List.of()), null);
      case RunwayTask.SUCCEEDED:
        if (t.output().isEmpty()) {
          return PollResult.failed(new NoOutputException(name, "task " + job.id() + " succeeded without output"));
        }
        return PollResult.succeeded(output(job, t));
      case RunwayTask.FAILED:
        return PollResult.failed(errors.task(job.id(), t.failureCode().orElse(null), t.failure().orElse(null)));
      case RunwayTask.CANCELLED:
        return PollResult.canceled(new JobCanceledException(name, "task " + job.id() + " was cancelled or deleted"));
      default:
        // Runway's SDK says to treat a status it does not list as still pending; the deadline applies.
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(status.isEmpty() ? "unknown" : status, null, null, List.of()), null);
    }
  }

  /** Runway's fraction (0 to 1) as a whole percentage. */
  private static Integer percent(RunwayTask t) {
    if (t.progress().isEmpty()) return null;
    BigDecimal p = t.progress().get().movePointRight(2).setScale(0, RoundingMode.HALF_UP);
    return p.max(BigDecimal.ZERO).min(BigDecimal.valueOf(100)).intValue();
  }

  private ProviderOutput output(JobRef job, RunwayTask t) {
    Map<String, String> a = job.attributes();
    boolean video = "video".equals(a.get(ATTR_KIND));
    Size size = a.containsKey(ATTR_SIZE) ? Size.parse(a.get(ATTR_SIZE)) : null;
    BigDecimal seconds = a.containsKey(ATTR_SECONDS) ? new BigDecimal(a.get(ATTR_SECONDS)) : null;
    boolean audio = "true".equals(a.get(ATTR_AUDIO));
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(job.id());
    for (String url : t.output()) {
      Asset.Builder asset = Asset.builder(mediaType(url, video)).url(url);
      if (size != null) asset.size(size.width(), size.height());
      if (video && seconds != null) asset.durationSeconds(seconds);
      out.asset(asset.build());
    }
    Usage.Builder usage = Usage.builder().requests(1).count(t.output().size());
    if (video) {
      if (seconds != null) usage.outputSeconds(seconds);
      usage.audio(audio);
      if (size != null) Ratios.resolution(size).ifPresent(usage::resolution);
    } else if (size != null) {
      usage.images(t.output().size(), size);
      Ratios.resolution(size).ifPresent(usage::resolution);
    }
    String warnings = a.get(ATTR_WARNINGS);
    if (warnings != null && !warnings.isEmpty()) for (String w : warnings.split("\n")) out.warning(w);
    if (video && seconds == null) {
      out.warning("Runway does not report the video's length; state the input video's with Media.withDuration"
          + " so that the cost can be computed");
    }
    return out.usage(usage.build()).build();
  }

  static String mediaType(String url, boolean video) {
    HttpUrl u = HttpUrl.parse(url);
    String last = u == null || u.pathSegments().isEmpty() ? "" : u.pathSegments().get(u.pathSegments().size() - 1);
    last = last.toLowerCase(Locale.ROOT);
    if (last.endsWith(".mp4")) return "video/mp4";
    if (last.endsWith(".webm")) return "video/webm";
    if (last.endsWith(".mov")) return "video/quicktime";
    if (last.endsWith(".png")) return "image/png";
    if (last.endsWith(".jpg") || last.endsWith(".jpeg")) return "image/jpeg";
    if (last.endsWith(".webp")) return "image/webp";
    return video ? "video/mp4" : "image/png";
  }

  /**
   * Cancels a running task or deletes a finished one: {@code DELETE /v1/tasks/{id}}, answered 204.
   * Completes with false if Runway refused or could not be asked.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    if (!job.provider().equals(name)) return CompletableFuture.completedFuture(false);
    okhttp3.Request request = http.request(url("v1", "tasks", job.id())).delete().build();
    // Asking twice is harmless, so this is a read, not a submit.
    return http.read(request, answer -> true).exceptionally(e -> false);
  }

  /**
   * Reads the organization's credit balance, {@code creditBalance} of {@code GET /v1/organization},
   * in credits of $0.01.
   *
   * @return a future completing with the balance in credits, or exceptionally with the typed error
   */
  public CompletableFuture<BigDecimal> creditBalance() {
    return http.read(http.request(url("v1", "organization")).get().build(), answer -> Json.decimal(answer.object(), "creditBalance")
        .orElseThrow(() -> new NoOutputException(name, "the answer to /v1/organization has no creditBalance")));
  }

  /** A poll's failures settled: rate limits and retryable failures are thrown again, so the generator polls later. */
  private static CompletableFuture<PollResult> settle(CompletableFuture<PollResult> poll) {
    return poll.handle((result, error) -> {
      if (error == null) return result;
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
      if (cause instanceof GenerationException && !(cause instanceof RateLimitedException)
          && !(cause instanceof ProviderFailureException && ((ProviderFailureException) cause).retryable())) {
        return PollResult.failed((GenerationException) cause);
      }
      throw cause instanceof CompletionException ? (CompletionException) cause : new CompletionException(cause);
    });
  }

  /** {@code segments} under the configured base URL, each one path segment. */
  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = http.settings().baseUrl().newBuilder();
    for (String s : segments) b.addPathSegment(s);
    return b.build();
  }

  /** Names the provider and its base URL; never the key. */
  @Override
  public String toString() {
    return "RunwayProvider(" + http.settings() + ")";
  }

  /** The catalog shipped in this module, read once. */
  private static final class Bundled {
    static final Catalog CATALOG = Catalog.ofModule(RunwayProvider.class);
  }

  /**
   * Builds a {@link RunwayProvider}. Every setting is optional: the key defaults to
   * {@code RUNWAYML_API_SECRET}, the base URL to {@code UNIGEN_RUNWAY_BASE_URL} or
   * {@value #DEFAULT_BASE_URL} (Runway's staging host is {@code https://api.dev-stage.runwayml.com}),
   * the API version to {@value #API_VERSION}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String apiVersion = API_VERSION;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Sends {@code version} in {@code X-Runway-Version} instead of {@value #API_VERSION}, for an
     * API version Runway publishes later.
     *
     * @throws IllegalArgumentException if it is not a date such as {@code 2024-11-06}
     */
    public Builder apiVersion(String version) {
      Objects.requireNonNull(version, "version");
      if (!version.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new IllegalArgumentException("a Runway API version is a date such as " + API_VERSION + ": " + version);
      }
      this.apiVersion = version;
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and {@code RUNWAYML_API_SECRET} is not set
     */
    @Override
    public RunwayProvider build(ProviderContext context) {
      return new RunwayProvider(this, settings(context));
    }
  }
}
