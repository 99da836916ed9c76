package dev.unigen.provider.getimg;

import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.jobs.Progress;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.getimg.wire.Generation;
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
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
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
import okhttp3.RequestBody;

/**
 * GetImg.ai's API v2 as a Unigen provider: images answered synchronously by
 * {@code POST /v2/images/generations}, and videos accepted by {@code POST /v2/videos/generations}
 * (202) and read with {@code GET /v2/videos/generations/{id}} until they are {@code completed} or
 * {@code failed}.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> GetImgProvider.builder().build(ctx))   // key from GETIMG_API_KEY
 *     .strategy(Strategy.providerOrder("getimg"))             // GetImg publishes no list prices
 *     .build();
 * Generation g = gen.image("seedream-5-lite").prompt("a watercolor mountain village").aspectRatio("16:9").generate();
 * System.out.println(g.cost());   // usage.total_cost, as GetImg reported it
 * }</pre>
 *
 * <p>Every completed result carries {@code usage{total_cost, billable_unit, unit_price, quantity}};
 * {@code total_cost} (US dollars) is the actual cost ({@code REPORTED}). GetImg publishes no list
 * prices for its API, so the bundled offers are unpriced: the cheapest strategy leaves them out and
 * says so in the plan; choose them with a provider-order strategy or a catalog override that prices
 * them. Outputs are signed URLs that GetImg deletes at {@code deletes_at}; each output's deletion time
 * is given in a warning, and an output already deleted when it is read is no output.
 *
 * <p>API v2 takes a model, a prompt, an aspect ratio and a resolution name rather than pixel sizes,
 * and input images only as public URLs. A request's size is sent as its aspect ratio, with a
 * warning; local input media are refused before any call.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class GetImgProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "getimg";
  /** The environment variable read for the key, as GetImg's official SDK reads it: {@code GETIMG_API_KEY}. */
  public static final List<String> KEY_VARIABLES = List.of("GETIMG_API_KEY");
  /** The official base URL; {@code UNIGEN_GETIMG_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.getimg.ai";

  /** The official SDK's request timeout: a synchronous image may take minutes. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  private static final MediaType JSON = MediaType.get("application/json");

  private final ProviderHttp http;
  private final Errors errors;
  private final Duration pollInterval;

  private GetImgProvider(Builder b, ProviderSettings settings) {
    super(settings);
    errors = new Errors(settings);
    http = ProviderHttp.builder(settings).bearerAuth().errors(errors::read).build();
    pollInterval = b.pollInterval;
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Posts the generation: an image completes with its output, a video with an accepted job. Fails
   * without a call when the request asks for what API v2 has no field for (several outputs, a
   * mask, ControlNet guides, LoRAs, local input media, an output format other than png, jpeg or
   * webp), and with the typed error GetImg's answer maps to otherwise.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Request r = call.request();
    List<String> warnings = new ArrayList<>();
    boolean video = r.task().producesVideo();
    Map<String, Object> body = video ? videoBody(call, warnings) : imageBody(call, warnings);
    okhttp3.Request request = http.request(video ? "/v2/videos/generations" : "/v2/images/generations")
        .post(RequestBody.create(Json.write(body), JSON)).build();
    return video
        ? http.submit(request, answer -> accepted(answer, call, body, warnings))
        : http.submit(request, answer -> Submission.completed(output(Generation.of(answer.object()), warnings, null)));
  }

  private Map<String, Object> imageBody(ProviderCall call, List<String> warnings) {
    Request r = call.request();
    if (r.task() != Task.TEXT_TO_IMAGE && r.task() != Task.IMAGE_TO_IMAGE) {
      throw unservable(r.task().wireName() + " is not served by GetImg's images endpoint");
    }
    Map<String, Object> body = common(call, warnings);
    r.outputFormat().ifPresent(f -> body.put("output_format", outputFormat(f)));
    if (r.task() == Task.IMAGE_TO_IMAGE) {
      Media image = r.image().orElseThrow(() -> new InvalidRequestException(name(), "image-to-image needs an input image"));
      body.put("images", List.of(Map.of("url", url(image))));
    }
    if (r.strength().isPresent()) warnings.add("GetImg's API v2 takes no strength; not sent");
    options(r, body);
    return body;
  }

  private Map<String, Object> videoBody(ProviderCall call, List<String> warnings) {
    Request r = call.request();
    if (r.task() != Task.TEXT_TO_VIDEO && r.task() != Task.IMAGE_TO_VIDEO) {
      throw unservable(r.task().wireName() + " is not served by GetImg's videos endpoint");
    }
    if (r.outputFormat().isPresent()) throw unservable("GetImg's videos endpoint takes no output format");
    Map<String, Object> body = common(call, warnings);
    Duration d = r.duration().orElse(call.offer().capabilities().defaultDuration().orElse(Duration.ofSeconds(5)));
    if (d.toMillis() % 1000 != 0) {
      throw new InvalidRequestException(name(), "GetImg takes whole seconds, not " + d.toMillis() / 1000.0 + " s");
    }
    body.put("duration", d.getSeconds());
    body.put("sound", r.audio());
    List<Object> images = new ArrayList<>();
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media frame = r.image().orElseThrow(() -> new InvalidRequestException(name(), "image-to-video needs a start image"));
      images.add(Map.of("url", url(frame), "role", "first_frame"));
    }
    for (Media m : r.references()) images.add(Map.of("url", url(m), "role", "reference_image"));
    if (!images.isEmpty()) body.put("images", images);
    if (r.fps().isPresent()) warnings.add("GetImg's API v2 takes no frame rate; not sent");
    options(r, body);
    return body;
  }

  /** The fields both endpoints take, and the refusals and warnings both share. */
  private Map<String, Object> common(ProviderCall call, List<String> warnings) {
    Request r = call.request();
    String prompt = r.prompt().filter(p -> !p.isBlank())
        .orElseThrow(() -> new InvalidRequestException(name(), "GetImg needs a prompt"));
    if (r.count() > 1) throw unservable("GetImg's API v2 makes one output per call");
    if (r.mask().isPresent()) throw unservable("GetImg's API v2 takes no mask");
    if (!r.controlNets().isEmpty()) throw unservable("GetImg's API v2 takes no ControlNet guides");
    if (!r.loras().isEmpty()) throw unservable("GetImg's API v2 takes no LoRAs");
    if (!r.task().producesVideo() && !r.references().isEmpty()) {
      throw unservable("GetImg's images endpoint takes the one input image of image-to-image");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", call.endpoint());
    body.put("prompt", prompt);
    Optional<String> ratio = r.aspectRatio().map(String::trim);
    if (r.size().isPresent()) {
      String fromSize = ratio(r.size().get());
      if (ratio.isEmpty()) ratio = Optional.of(fromSize);
      warnings.add("GetImg takes an aspect ratio and a resolution, not a size: " + r.size().get() + " was sent as "
          + ratio.get() + ", and the size made is GetImg's");
    }
    ratio.ifPresent(a -> body.put("aspect_ratio", a));
    r.resolution().ifPresent(res -> body.put("resolution", res));
    if (r.seed().isPresent()) warnings.add("GetImg's API v2 takes no seed; not sent");
    if (r.negativePrompt().isPresent()) warnings.add("GetImg's API v2 takes no negative prompt; not sent");
    if (r.steps().isPresent()) warnings.add("GetImg's API v2 takes no steps; not sent");
    if (r.guidance().isPresent()) warnings.add("GetImg's API v2 takes no guidance; not sent");
    if (r.quality().isPresent()) warnings.add("GetImg's API v2 takes no quality; not sent");
    return body;
  }

  private Submission accepted(Answer answer, ProviderCall call, Map<String, Object> body, List<String> warnings) {
    Generation g = Generation.of(answer.object());
    String id = g.id().orElseThrow(() ->
        // The video may exist and be billed: an unknown outcome is never sent here again.
        new OutcomeUnknownException(name(), "the video submit was answered without an id"));
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(JobRef.ENDPOINT, call.endpoint());
    // What the output is read and priced with after a restart: the seconds, resolution and audio asked.
    attributes.put("seconds", String.valueOf(body.get("duration")));
    call.request().resolution().ifPresent(res -> attributes.put("resolution", res));
    attributes.put("audio", String.valueOf(body.get("sound")));
    if (!warnings.isEmpty()) attributes.put("warnings", String.join("\n", warnings));
    return Submission.accepted(JobRef.of(name(), id, videoUrl(id).toString(), null, attributes));
  }

  /**
   * Reads the video generation, {@code GET /v2/videos/generations/{id}} on the configured base
   * URL: {@code pending} is running (with the poll interval as the hint), {@code completed} the
   * output ({@code completed} says the video was made and billed, so one whose output cannot be
   * read is never bought again), {@code failed} the typed error GetImg's {@code error{code, message}}
   * maps to.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name())) throw new IllegalArgumentException("not a " + name() + " job: " + job);
    okhttp3.Request request = http.request(videoUrl(job.id())).get().build();
    return http.read(request, answer -> polled(job, Generation.of(answer.object())));
  }

  private PollResult polled(JobRef job, Generation g) {
    switch (g.status()) {
      case Generation.COMPLETED:
        String stored = job.attributes().getOrDefault("warnings", "");
        List<String> warnings = new ArrayList<>(stored.isEmpty() ? List.of() : List.of(stored.split("\n")));
        try {
          return PollResult.succeeded(output(g, warnings, job.attributes()));
        } catch (NoOutputException e) {
          // completed: the video was made and billed, so it is never bought again elsewhere.
          return PollResult.failedAfterRunning(e);
        }
      case Generation.FAILED:
        return PollResult.failed(errors.job(job.id(), g));
      default:
        // pending, or a status GetImg has not documented: keep waiting; the job deadline still applies.
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(g.status().isEmpty() ? "unknown" : g.status(), null, null, List.of()), pollInterval);
    }
  }

  /**
   * The output of a completed generation; {@code video} holds the job's attributes for a video, is
   * null for an image.
   *
   * @throws NoOutputException if there is no output, an output has no URL, or it is already deleted
   */
  private ProviderOutput output(Generation g, List<String> warnings, Map<String, String> video) {
    String id = g.id().orElse("(no id)");
    if (!Generation.COMPLETED.equals(g.status())) {
      throw new NoOutputException(name(), "generation " + id + " answered with status '" + g.status() + "'");
    }
    List<Generation.Output> data = g.data();
    if (data.isEmpty()) throw new NoOutputException(name(), "generation " + id + " completed without any output");
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(g.id().orElse(null));
    Usage.Builder usage = Usage.builder().requests(1).count(data.size());
    Instant now = settings().context().clock().instant();
    for (int i = 0; i < data.size(); i++) {
      Generation.Output o = data.get(i);
      String url = o.url().orElseThrow(() -> new NoOutputException(name(), "an output of generation " + id + " has no URL"));
      Optional<Instant> deletes = o.deletesAt();
      if (deletes.isPresent() && !deletes.get().isAfter(now)) {
        throw new NoOutputException(name(), "the output of generation " + id + " was deleted by GetImg at " + deletes.get());
      }
      deletes.ifPresent(at -> warnings.add("GetImg deletes output " + id + " at " + at + "; save it before then"));
      Asset.Builder asset = Asset.builder(o.mimeType().orElse(video != null ? "video/mp4" : "image/jpeg")).url(url);
      if (o.width().isPresent() && o.height().isPresent()) {
        asset.size(o.width().getAsInt(), o.height().getAsInt());
        if (video == null) usage.image(o.width().getAsInt(), o.height().getAsInt());
      }
      if (video != null) {
        Optional<BigDecimal> seconds = o.duration().or(() -> decimal(video.get("seconds")));
        seconds.ifPresent(asset::durationSeconds);
        seconds.ifPresent(usage::outputSeconds);
        o.fps().ifPresent(usage::fps);
        usage.audio(o.hasSound().orElse(Boolean.parseBoolean(video.get("audio"))));
        Optional<String> resolution = Optional.ofNullable(video.get("resolution"));
        if (resolution.isEmpty() && o.width().isPresent() && o.height().isPresent()) {
          resolution = Optional.of(Math.min(o.width().getAsInt(), o.height().getAsInt()) + "p");
        }
        resolution.ifPresent(usage::resolution);
      }
      out.asset(asset.build());
    }
    Optional<BigDecimal> cost = g.totalCost();
    if (cost.isPresent()) {
      usage.reportedCost(Money.usd(cost.get()));
    } else {
      warnings.add("GetImg reported no usage.total_cost for generation " + id);
    }
    warnings.forEach(out::warning);
    return out.usage(usage.build()).build();
  }

  /** {@code /v2/videos/generations/{id}} on the configured base URL, the id one path segment. */
  private HttpUrl videoUrl(String id) {
    return http.settings().url("/v2/videos/generations").newBuilder().addPathSegment(id).build();
  }

  /** A public URL as it is; API v2 takes no uploaded or inline media. */
  private String url(Media m) {
    if (m.kind() == Media.Kind.URL) return m.url().get();
    throw unservable("GetImg's API v2 takes input images only as public URLs, not " + m.kind().name().toLowerCase(Locale.ROOT));
  }

  private String outputFormat(String format) {
    String f = format.trim().toLowerCase(Locale.ROOT);
    if (f.equals("png") || f.equals("webp")) return f;
    if (f.equals("jpeg") || f.equals("jpg")) return "jpeg";
    throw unservable("GetImg makes png, jpeg or webp, not " + format);
  }

  /** Merges the request's raw options (the provider's, then this instance's), except the model. */
  private void options(Request r, Map<String, Object> body) {
    List<String> names = name().equals(NAME) ? List.of(NAME) : List.of(NAME, name());
    for (String n : names) {
      for (Map.Entry<String, Object> e : r.providerOptions().getOrDefault(n, Map.of()).entrySet()) {
        if (!e.getKey().equals("model")) body.put(e.getKey(), e.getValue());
      }
    }
  }

  /** {@code size} as the smallest whole ratio, such as 1920x1080 as {@code 16:9}. */
  static String ratio(Size size) {
    int gcd = BigInteger.valueOf(size.width()).gcd(BigInteger.valueOf(size.height())).intValue();
    return size.width() / gcd + ":" + size.height() / gcd;
  }

  private static Optional<BigDecimal> decimal(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(new BigDecimal(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private ProviderFailureException unservable(String why) {
    return new ProviderFailureException(name(), why, 0, false, null);
  }

  /**
   * Builds a {@link GetImgProvider}. Every setting is optional: the key defaults to
   * {@code GETIMG_API_KEY}, the base URL to {@code UNIGEN_GETIMG_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}. The timeout is 5 minutes, the official SDK's, since an image is made
   * while the call waits. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    /** The official SDK's README polls a video every 5 s. */
    private Duration pollInterval = Duration.ofSeconds(5);

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Sets the least time between two reads of a running video: 5 s by default, as the official
     * SDK's example polls. Tests may shorten it.
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
     * @throws IllegalStateException if no key was given and {@code GETIMG_API_KEY} is not set
     */
    @Override
    public GetImgProvider build(ProviderContext context) {
      return new GetImgProvider(this, settings(context));
    }
  }
}
