package dev.unigen.provider.luma;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.luma.wire.AgentsGeneration;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
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
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.slf4j.Logger;

/**
 * The Luma Agents API as a Unigen provider: {@code uni-1} and {@code uni-1-max} images from a
 * prompt, edits of an image and up to nine reference images, and {@code ray-3.2} video from a
 * prompt or a start frame.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> LumaProvider.builder().build(ctx))   // key from LUMA_AGENTS_API_KEY
 *     .assetStore(AssetStore.directory(Path.of("out")))   // Luma's links expire after an hour
 *     .build();
 * Generation g = gen.video("ray-3.2").prompt("a paper boat on a pond").resolution("1080p")
 *     .duration(Duration.ofSeconds(5)).generate();
 * }</pre>
 *
 * <p>A call is {@code POST /generations} with {@code Authorization: Bearer <key>} and a JSON body
 * of {@code prompt}, {@code model}, {@code type} ({@code image}, {@code image_edit} or
 * {@code video}), {@code aspect_ratio}, {@code image_ref[]}, {@code source} and {@code video}
 * ({@code duration}, {@code resolution}, {@code start_frame}); Luma answers 201 with the
 * generation, which is then read at {@code GET /generations/{id}} until its {@code state} is
 * {@code completed} or {@code failed}. Input images are sent as the URL given, or inline as
 * {@code {data, media_type}}. A failed generation's {@code failure_code} maps to the typed errors
 * (see {@code Failures}). The API has no cancel call.
 *
 * <p>Output URLs are presigned for one hour: the assets carry them as given, and a generator with
 * an asset store keeps each one as soon as the job completes. Luma reports no money per job, so
 * the actual cost is computed from what was made (images and billed references, or seconds and
 * resolution) with the catalog's prices. Raw API fields can be added with
 * {@code providerOptions("luma", map)}; an object value such as {@code video} is merged into the
 * one built from the request ({@code video.end_frame}, {@code video.hdr}, {@code video.loop}).
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class LumaProvider implements Provider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "luma";
  /** The environment variable read for the key, as Luma's official Agents clients read it. */
  public static final List<String> KEY_VARIABLES = List.of("LUMA_AGENTS_API_KEY");
  /** The Agents API's base URL; {@code UNIGEN_LUMA_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://agents.lumalabs.ai/v1";
  /** The video resolution sent when a request names none. */
  public static final String DEFAULT_RESOLUTION = "720p";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final String ATTR_ENDPOINT = "endpoint";
  static final String ATTR_KIND = "kind";
  static final String ATTR_FORMAT = "format";
  static final String ATTR_REFERENCES = "references";
  static final String ATTR_SECONDS = "seconds";
  static final String ATTR_RESOLUTION = "resolution";
  static final String ATTR_WARNINGS = "warnings";
  static final String EXPIRY_WARNING = "Luma's output links expire one hour after the generation completed;"
      + " save the assets (or give the generator an asset store) before then";
  private static final int MAX_IMAGE_REFERENCES = 9;
  private static final int MAX_EDIT_REFERENCES = 8;
  private static final Set<String> VIDEO_RESOLUTIONS = Set.of("540p", "720p", "1080p");
  private static final MediaType JSON = MediaType.get("application/json");

  private final String name;
  private final Catalog catalog;
  private final ProviderHttp http;
  private final Failures failures;
  private final Logger log;

  private LumaProvider(ProviderSettings settings) {
    name = settings.name();
    catalog = settings.catalog(Bundled.CATALOG);
    ProviderContext ctx = settings.context();
    failures = new Failures(name, ctx.redactor());
    // Luma's error bodies ({detail: string}, and FastAPI's 422 {detail: [{loc, msg}]}) and statuses
    // are what the common mapping reads.
    http = ProviderHttp.builder(settings).bearerAuth().build();
    log = ctx.logger(LumaProvider.class);
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

  /** The bundled Agents offers (uni-1, uni-1-max, ray-3.2) under this provider's name. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Posts the generation. Completes with the accepted job, or exceptionally with the typed error
   * Luma's answer maps to; a request the API has no field for fails before anything is sent, and a
   * submit whose answer was lost or unreadable is an unknown outcome, never sent again.
   */
  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    Prepared prepared;
    String json;
    try {
      prepared = prepare(call);
      json = Json.write(prepared.body);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, "cannot send the request: " + e.getMessage()));
    }
    okhttp3.Request request = http.request(url("generations")).post(RequestBody.create(json, JSON)).build();
    return http.submit(request, answer -> accepted(answer, prepared));
  }

  private Prepared prepare(ProviderCall call) {
    Request r = call.request();
    List<String> warnings = new ArrayList<>();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", r.prompt().filter(p -> !p.isBlank())
        .orElseThrow(() -> new InvalidRequestException(name, "Luma needs a prompt")));
    body.put("model", call.endpoint());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(ATTR_ENDPOINT, call.endpoint());
    Task task = r.task();
    switch (task) {
      case TEXT_TO_IMAGE:
      case MULTI_REFERENCE:
        body.put("type", "image");
        references(r, MAX_IMAGE_REFERENCES, body);
        image(r, body, attributes, r.references().size());
        break;
      case IMAGE_TO_IMAGE:
        body.put("type", "image_edit");
        body.put("source", ref(r.image().orElseThrow(() -> new InvalidRequestException(name,
            "image-to-image needs the image to edit"))));
        references(r, MAX_EDIT_REFERENCES, body);
        // The source takes a reference slot and is billed like one.
        image(r, body, attributes, r.references().size() + 1);
        break;
      case TEXT_TO_VIDEO:
      case IMAGE_TO_VIDEO:
        body.put("type", "video");
        video(call, body, attributes);
        break;
      default:
        throw new InvalidRequestException(name, task.wireName() + " is not served by the Luma Agents API");
    }
    Calls.aspectRatio(r, call.offer().capabilities().aspectRatios(), warnings).ifPresent(a -> body.put("aspect_ratio", a));
    if (r.seed().isPresent()) warnings.add("the Luma Agents API takes no seed; the seed was not sent");
    if (r.negativePrompt().isPresent()) warnings.add("the Luma Agents API takes no negative prompt; it was not sent");
    Calls.merge(body, Calls.options(call, NAME, name));
    if (!warnings.isEmpty()) attributes.put(ATTR_WARNINGS, String.join("\n", warnings));
    return new Prepared(body, attributes);
  }

  private void references(Request r, int max, Map<String, Object> body) {
    if (r.references().size() > max) {
      throw unsupported(r.task().wireName() + " takes at most " + max + " reference images here, "
          + r.references().size() + " given");
    }
    if (r.references().isEmpty()) return;
    List<Object> refs = new ArrayList<>();
    for (Media m : r.references()) refs.add(ref(m));
    body.put("image_ref", refs);
  }

  private void image(Request r, Map<String, Object> body, Map<String, String> attributes, int billedReferences) {
    attributes.put(ATTR_KIND, "image");
    if (billedReferences > 0) attributes.put(ATTR_REFERENCES, Integer.toString(billedReferences));
    String format = r.outputFormat().map(f -> f.toLowerCase(Locale.ROOT)).orElse(null);
    if (format != null) {
      if (format.equals("jpg")) format = "jpeg";
      if (!format.equals("png") && !format.equals("jpeg")) {
        throw unsupported("Luma makes png or jpeg images, not " + r.outputFormat().get());
      }
      body.put("output_format", format);
      attributes.put(ATTR_FORMAT, format);
    }
  }

  private void video(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    int seconds = Calls.seconds(r, call.offer());
    if (seconds != 5 && seconds != 10) {
      throw new InvalidRequestException(name, "Ray 3.2 makes 5 s or 10 s clips, not " + seconds + " s");
    }
    String resolution = r.resolution().map(s -> s.toLowerCase(Locale.ROOT)).orElse(DEFAULT_RESOLUTION);
    if (!VIDEO_RESOLUTIONS.contains(resolution)) {
      throw new InvalidRequestException(name, "Ray 3.2 makes 540p, 720p or 1080p video, not " + r.resolution().get());
    }
    Map<String, Object> video = new LinkedHashMap<>();
    video.put("duration", seconds + "s");
    video.put("resolution", resolution);
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media start = r.image().orElseThrow(() -> new InvalidRequestException(name, "image-to-video needs a start frame"));
      if (seconds != 5) {
        throw unsupported("Ray 3.2 makes 10 s clips from text only; a clip from a frame is 5 s");
      }
      video.put("start_frame", ref(start));
    }
    body.put("video", video);
    attributes.put(ATTR_KIND, "video");
    attributes.put(ATTR_SECONDS, Integer.toString(seconds));
    attributes.put(ATTR_RESOLUTION, resolution);
  }

  /**
   * What this API cannot make although the request is sound: a failure that is not repeated here,
   * so that failover moves on to an offer that can.
   */
  private ProviderFailureException unsupported(String message) {
    return new ProviderFailureException(name, message, 0, false, null);
  }

  /** A media reference: {@code {url}} for a URL, else the content inline as {@code {data, media_type}}. */
  private Map<String, Object> ref(Media m) {
    Map<String, Object> ref = new LinkedHashMap<>();
    if (m.kind() == Media.Kind.URL) {
      ref.put("url", m.url().get());
      return ref;
    }
    MediaContent content = MediaContent.read(m);
    ref.put("data", Base64.getEncoder().encodeToString(content.bytes()));
    ref.put("media_type", content.mediaType());
    return ref;
  }

  private Submission accepted(Answer answer, Prepared prepared) {
    AgentsGeneration g = AgentsGeneration.parse(answer.text());
    // A 2xx without an id may still have created a billed generation: an unknown outcome.
    String id = g.id().orElseThrow(() -> new IllegalArgumentException("no generation id in the answer"));
    if (AgentsGeneration.COMPLETED.equals(g.state())) {
      return Submission.completed(output(id, g, prepared.attributes));
    }
    if (AgentsGeneration.FAILED.equals(g.state())) {
      throw failures.agents(id, g.failureCode().orElse(null), g.failureReason().orElse(null));
    }
    log.debug("{} accepted generation {} of {}", name, id, prepared.attributes.get(ATTR_ENDPOINT));
    // Everything needed to poll again after a restart and to price the output; never the key.
    return Submission.accepted(JobRef.of(name, id, url("generations", id).toString(), null, prepared.attributes));
  }

  /**
   * Reads the generation at {@code GET /generations/{id}} on the configured base URL:
   * {@code queued} is queued, {@code processing} running, {@code completed} the output,
   * {@code failed} the typed error of its {@code failure_code}; a state Luma does not document
   * keeps the job waiting (its deadline still applies). A rate limit or a server error is retried
   * by the generator.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    okhttp3.Request request = http.request(url("generations", job.id())).get().build();
    return Calls.settle(http.read(request, answer -> status(job, AgentsGeneration.parse(answer.text()))));
  }

  private PollResult status(JobRef job, AgentsGeneration g) {
    String state = g.state();
    switch (state) {
      case AgentsGeneration.QUEUED:
        return PollResult.pending(PollResult.State.QUEUED, new Progress(state, null, null, List.of()), null);
      case AgentsGeneration.PROCESSING:
        return PollResult.pending(PollResult.State.RUNNING, new Progress(state, null, null, List.of()), null);
      case AgentsGeneration.COMPLETED:
        try {
          return PollResult.succeeded(output(job.id(), g, job.attributes()));
        } catch (NoOutputException e) {
          return PollResult.failed(e);
        }
      case AgentsGeneration.FAILED:
        return PollResult.failed(failures.agents(job.id(), g.failureCode().orElse(null), g.failureReason().orElse(null)));
      default:
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(state.isEmpty() ? "unknown" : state, null, null, List.of()), null);
    }
  }

  private ProviderOutput output(String id, AgentsGeneration g, Map<String, String> attributes) {
    boolean video = "video".equals(attributes.get(ATTR_KIND));
    List<AgentsGeneration.Output> outputs = g.outputs();
    if (outputs.isEmpty()) throw new NoOutputException(name, "generation " + id + " completed without output");
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(id);
    BigDecimal seconds = attributes.containsKey(ATTR_SECONDS) ? new BigDecimal(attributes.get(ATTR_SECONDS)) : null;
    int made = 0;
    for (AgentsGeneration.Output o : outputs) {
      boolean isVideo = o.type().equals("video") || (o.type().isEmpty() && video);
      String type = isVideo ? Calls.mediaType(o.url(), true) : imageType(o.url(), attributes.get(ATTR_FORMAT));
      Asset.Builder asset = Asset.builder(type).url(o.url());
      if (isVideo && seconds != null) asset.durationSeconds(seconds);
      out.asset(asset.build());
      if (isVideo == video) made++;
    }
    Usage.Builder usage = Usage.builder().requests(1).count(Math.max(1, made));
    if (video) {
      if (seconds != null) usage.outputSeconds(seconds);
      if (attributes.containsKey(ATTR_RESOLUTION)) usage.resolution(attributes.get(ATTR_RESOLUTION));
    } else if (attributes.containsKey(ATTR_REFERENCES)) {
      usage.references(Integer.parseInt(attributes.get(ATTR_REFERENCES)));
    }
    String warnings = attributes.get(ATTR_WARNINGS);
    if (warnings != null && !warnings.isEmpty()) for (String w : warnings.split("\n")) out.warning(w);
    out.warning(EXPIRY_WARNING);
    return out.usage(usage.build()).build();
  }

  private static String imageType(String url, String format) {
    String fromUrl = Calls.mediaType(url, false);
    if (!fromUrl.equals("image/png") || format == null) return fromUrl;
    return format.equals("jpeg") ? "image/jpeg" : "image/png";
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
    return "LumaProvider(" + http.settings() + ")";
  }

  /** A request body and the job attributes that go with it. */
  private static final class Prepared {
    final Map<String, Object> body;
    final Map<String, String> attributes;

    Prepared(Map<String, Object> body, Map<String, String> attributes) {
      this.body = body;
      this.attributes = attributes;
    }
  }

  /** The module's catalog, read once; this provider keeps the Agents offers. */
  private static final class Bundled {
    static final Catalog CATALOG = Catalog.ofModule(LumaProvider.class).forProviders(Set.of(NAME));
  }

  /**
   * Builds a {@link LumaProvider}. Every setting is optional: the key defaults to
   * {@code LUMA_AGENTS_API_KEY}, the base URL to {@code UNIGEN_LUMA_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and {@code LUMA_AGENTS_API_KEY} is not set
     */
    @Override
    public LumaProvider build(ProviderContext context) {
      return new LumaProvider(settings(context));
    }
  }
}
