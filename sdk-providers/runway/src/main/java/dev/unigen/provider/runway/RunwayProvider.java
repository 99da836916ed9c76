package dev.unigen.provider.runway;

import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.protocol.Polls;
import dev.unigen.spi.protocol.ReplicatePredictions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
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
public final class RunwayProvider extends AbstractProvider {
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
  // What a job keeps in the journal, so that a resumed one is priced from what was asked.
  /** {@code video} or {@code image}. */
  private static final String ATTR_KIND = "kind";
  /** The clip's length in seconds: the one asked, or the input video's for video-to-video. */
  private static final String ATTR_SECONDS = "seconds";
  /** {@code true} when the clip has sound. */
  private static final String ATTR_AUDIO = "audio";
  /** The output size sent as the {@code ratio}, such as {@code 1280x720}. */
  private static final String ATTR_SIZE = "size";
  /** What was not sent, one warning a line. */
  private static final String ATTR_WARNINGS = "warnings";
  /** Runway's limit on a data URI for an image, and for a video: 5 MB and 16 MB. */
  static final long MAX_IMAGE_DATA_URI = 5L * 1024 * 1024;
  static final long MAX_VIDEO_DATA_URI = 16L * 1024 * 1024;
  /** Gen-4.5 makes video from text at these ratios only; from an image, at every ratio of its offer. */
  private static final List<Size> GEN45_TEXT_SIZES = List.of(Size.of(1280, 720), Size.of(720, 1280));
  private static final Set<String> SEEDED = Set.of("gen4.5", "gen4_turbo", "gen4_image", "gen4_image_turbo", "aleph2");
  private static final Set<String> VEO = Set.of("veo3", "veo3.1", "veo3.1_fast");
  private static final Set<String> AUDIO_SWITCH = Set.of("veo3.1", "veo3.1_fast");

  private final ProviderHttp http;
  private final Errors errors;
  private final Logger log;

  private RunwayProvider(Builder b, ProviderSettings settings) {
    super(settings);
    errors = new Errors(settings);
    String auth = "Bearer " + settings.apiKey();
    String version = b.apiVersion;
    http = ProviderHttp.builder(settings)
        .headers(r -> r.header("Authorization", auth).header(VERSION_HEADER, version))
        .errors(errors::read)
        .build();
    log = settings.context().logger(RunwayProvider.class);
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the task. Completes with the accepted job, or exceptionally with the typed error
   * Runway's answer maps to; a request the model has no field for fails before anything is sent,
   * and a submit whose answer was lost or unreadable is an unknown outcome, never sent again.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, String> attributes = new LinkedHashMap<>();
    String path = prepare(call, body, attributes);
    return http.submit(http.request("/v1/" + path).post(http.json(body)).build(), answer -> {
      // A 2xx without a task id may still have started a billed task: an unknown outcome.
      String id = Json.text(answer.object(), "id").orElseThrow(() -> new IllegalArgumentException("no task id in the answer"));
      log.debug("{} accepted task {} of {}", name(), id, call.endpoint());
      String task = task(id).toString();
      // Everything needed to poll, cancel and price after a restart; never the key.
      return Submission.accepted(JobRef.of(name(), id, task, task, attributes));
    });
  }

  private String prepare(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    String model = call.endpoint();
    List<String> warnings = new ArrayList<>();
    body.put("model", model);
    attributes.put(JobRef.ENDPOINT, model);
    Task task = r.task();
    switch (task) {
      case IMAGE_TO_VIDEO:
        body.put("promptImage", uri(r.image().orElseThrow(() -> new InvalidRequestException(name(),
            "image-to-video needs the image to start from")), false));
        r.prompt().filter(p -> !p.isBlank()).ifPresent(p -> body.put("promptText", p));
        // The text-only ratios of Gen-4.5 do not apply from an image.
        video(call, body, attributes, call.offer().capabilities().sizes());
        break;
      case TEXT_TO_VIDEO:
        body.put("promptText", prompt(r));
        video(call, body, attributes, model.equals("gen4.5") ? GEN45_TEXT_SIZES : call.offer().capabilities().sizes());
        break;
      case VIDEO_TO_VIDEO:
        body.put("videoUri", uri(r.video().orElseThrow(() -> new InvalidRequestException(name(),
            "video-to-video needs the video to edit")), true));
        body.put("promptText", prompt(r));
        attributes.put(ATTR_KIND, "video");
        r.video().flatMap(Media::duration).ifPresent(d -> attributes.put(ATTR_SECONDS,
            BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString()));
        break;
      case TEXT_TO_IMAGE:
      case MULTI_REFERENCE:
        body.put("promptText", prompt(r));
        image(call, body, attributes);
        break;
      default:
        throw new InvalidRequestException(name(), task.wireName() + " is not served by the Runway API");
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
    // The request's raw options: those under the provider's own name, then those under this instance's.
    body.putAll(r.providerOptions().getOrDefault(NAME, Map.of()));
    body.putAll(r.providerOptions().getOrDefault(name(), Map.of()));
    if (!warnings.isEmpty()) attributes.put(ATTR_WARNINGS, String.join("\n", warnings));
    // text_to_video, image_to_video, video_to_video; multi-reference images are made by text_to_image.
    return task == Task.MULTI_REFERENCE ? "text_to_image" : task.wireName().replace('-', '_');
  }

  private String prompt(Request r) {
    return r.prompt().filter(s -> !s.isBlank())
        .orElseThrow(() -> new InvalidRequestException(name(), r.task().wireName() + " needs a prompt"));
  }

  private void video(ProviderCall call, Map<String, Object> body, Map<String, String> attributes, List<Size> sizes) {
    Request r = call.request();
    String model = call.endpoint();
    Size size = size(call, sizes);
    Duration d = r.duration().or(() -> call.offer().capabilities().defaultDuration()).orElse(Duration.ofSeconds(5));
    if (d.toMillis() % 1000 != 0) {
      throw new InvalidRequestException(name(), model + " takes a duration in whole seconds, not " + d.toMillis() + " ms");
    }
    body.put("ratio", Ratios.wire(size));
    body.put("duration", d.getSeconds());
    if (AUDIO_SWITCH.contains(model)) body.put("audio", r.audio());
    attributes.put(ATTR_KIND, "video");
    attributes.put(ATTR_SECONDS, Long.toString(d.getSeconds()));
    attributes.put(ATTR_SIZE, size.toString());
    if (model.equals("veo3") || r.audio()) attributes.put(ATTR_AUDIO, "true");
  }

  private void image(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    String model = call.endpoint();
    Size size = size(call, call.offer().capabilities().sizes());
    body.put("ratio", Ratios.wire(size));
    if (model.equals("gen4_image_turbo") && r.references().isEmpty()) {
      throw new InvalidRequestException(name(), "gen4_image_turbo needs one to three reference images");
    }
    if (!r.references().isEmpty()) {
      List<Object> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(Map.of("uri", uri(m, false)));
      body.put("referenceImages", refs);
    }
    if (r.count() > 1) throw new InvalidRequestException(name(), model + " makes one image a call");
    attributes.put(ATTR_KIND, "image");
    attributes.put(ATTR_SIZE, size.toString());
  }

  /** The output size of {@link Ratios#choose}, among {@code allowed}; the offer's default size when nothing else decides. */
  private Size size(ProviderCall call, List<Size> allowed) {
    Size fallback = call.offer().capabilities().defaultSize().orElse(allowed.get(0));
    return Ratios.choose(name(), call.request(), allowed, fallback, call.endpoint());
  }

  /** An input as Runway takes it: the URL given, else a data URI within Runway's size limit. */
  private String uri(Media m, boolean video) {
    if (m.kind() == Media.Kind.URL) return m.url().get();
    String dataUri = MediaContent.read(m).dataUri();
    long max = video ? MAX_VIDEO_DATA_URI : MAX_IMAGE_DATA_URI;
    if (dataUri.length() > max) {
      // Another provider may take the file as it is: a failure that is not repeated here, so failover moves on.
      throw new ProviderFailureException(name(), "Runway takes an inline " + (video ? "video" : "image") + " of up to "
          + (max >> 20) + " MB as a data URI; this one is " + dataUri.length() + " bytes: give it as Media.url(...)", 0, false, null);
    }
    return dataUri;
  }

  /**
   * Reads the task at {@code GET /v1/tasks/{id}} on the configured base URL. {@code PENDING} and
   * {@code THROTTLED} are queued, {@code RUNNING} is running with its progress, {@code SUCCEEDED}
   * is the output (a succeeded task without one is billed, and not bought again), {@code FAILED}
   * the typed error of its {@code failureCode}, {@code CANCELLED} a cancellation; a status Runway
   * does not document keeps the job waiting. A rate limit or a 502/503/504 is retried by the
   * generator; a 404 ends the job.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name())) throw new IllegalArgumentException("not a " + name() + " job: " + job);
    return Polls.settle(http.read(http.request(task(job.id())).get().build(), answer -> status(job, answer.object())));
  }

  private PollResult status(JobRef job, Map<String, Object> t) {
    String status = Json.string(t, "status").orElse("");
    switch (status) {
      case "PENDING":
      case "THROTTLED":
        return PollResult.pending(PollResult.State.QUEUED, new Progress(status, null, null, List.of()), null);
      case "RUNNING":
        // Runway's fraction (0 to 1) as a whole percentage.
        Integer percent = Json.decimal(t, "progress").map(p -> p.movePointRight(2).setScale(0, RoundingMode.HALF_UP)
            .max(BigDecimal.ZERO).min(BigDecimal.valueOf(100)).intValue()).orElse(null);
        return PollResult.pending(PollResult.State.RUNNING, new Progress(status, null, percent, List.of()), null);
      case "SUCCEEDED":
        try {
          return PollResult.succeeded(output(job, t));
        } catch (NoOutputException e) {
          // Succeeded is the work done and billed: it is not bought again elsewhere.
          return PollResult.failedAfterRunning(e);
        }
      case "FAILED":
        return PollResult.failed(errors.task(job.id(), t));
      case "CANCELLED":
        return PollResult.canceled(new JobCanceledException(name(), "task " + job.id() + " was cancelled or deleted"));
      default:
        // Runway's SDK says to treat a status it does not list as still pending; the deadline applies.
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(status.isEmpty() ? "unknown" : status, null, null, List.of()), null);
    }
  }

  private ProviderOutput output(JobRef job, Map<String, Object> t) {
    List<String> urls = new ArrayList<>();
    for (Object item : Json.array(t, "output")) {
      if (item instanceof String && !((String) item).isBlank()) urls.add((String) item);
    }
    if (urls.isEmpty()) throw new NoOutputException(name(), "task " + job.id() + " succeeded without output");
    Map<String, String> a = job.attributes();
    boolean video = "video".equals(a.get(ATTR_KIND));
    Optional<Size> size = Optional.ofNullable(a.get(ATTR_SIZE)).map(Size::parse);
    BigDecimal seconds = a.containsKey(ATTR_SECONDS) ? new BigDecimal(a.get(ATTR_SECONDS)) : null;
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(job.id());
    for (String url : urls) {
      Asset.Builder asset = Asset.builder(ReplicatePredictions.mediaType(url, video ? "video/mp4" : "image/png")).url(url);
      size.ifPresent(s -> asset.size(s.width(), s.height()));
      if (video && seconds != null) asset.durationSeconds(seconds);
      out.asset(asset.build());
    }
    Usage.Builder usage = Usage.builder().requests(1).count(urls.size());
    size.flatMap(Ratios::resolution).ifPresent(usage::resolution);
    if (video) {
      if (seconds != null) usage.outputSeconds(seconds);
      usage.audio("true".equals(a.get(ATTR_AUDIO)));
    } else {
      size.ifPresent(s -> usage.images(urls.size(), s));
    }
    for (String w : a.getOrDefault(ATTR_WARNINGS, "").split("\n")) if (!w.isEmpty()) out.warning(w);
    if (video && seconds == null) {
      out.warning("Runway does not report the video's length; state the input video's with Media.withDuration"
          + " so that the cost can be computed");
    }
    return out.usage(usage.build()).build();
  }

  /**
   * Cancels a running task or deletes a finished one: {@code DELETE /v1/tasks/{id}}, answered 204.
   * Completes with false if Runway refused or could not be asked.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    if (!job.provider().equals(name())) return CompletableFuture.completedFuture(false);
    // Asking twice is harmless, so this is a read, not a submit.
    return http.read(http.request(task(job.id())).delete().build(), answer -> true).exceptionally(e -> false);
  }

  /**
   * Reads the organization's credit balance, {@code creditBalance} of {@code GET /v1/organization},
   * in credits of $0.01.
   *
   * @return a future completing with the balance in credits, or exceptionally with the typed error
   */
  public CompletableFuture<BigDecimal> creditBalance() {
    return http.read(http.request("/v1/organization").get().build(), answer -> Json.decimal(answer.object(), "creditBalance")
        .orElseThrow(() -> new NoOutputException(name(), "the answer to /v1/organization has no creditBalance")));
  }

  /** The task's URL on the configured base URL, the id one path segment. */
  private HttpUrl task(String id) {
    return settings().url("/v1/tasks").newBuilder().addPathSegment(id).build();
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
