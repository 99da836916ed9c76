package dev.unigen.provider.luma;

import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

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
public final class LumaProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "luma";
  /** The environment variable read for the key, as Luma's official Agents clients read it. */
  public static final List<String> KEY_VARIABLES = List.of("LUMA_AGENTS_API_KEY");
  /** The Agents API's base URL; {@code UNIGEN_LUMA_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://agents.lumalabs.ai/v1";
  /** The video resolution sent when a request names none. */
  public static final String DEFAULT_RESOLUTION = "720p";

  /** How long one exchange with either Luma API may stay silent. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final String ATTR_REFERENCES = "references";
  static final String EXPIRY_WARNING = "Luma's output links expire one hour after the generation completed;"
      + " save the assets (or give the generator an asset store) before then";
  private static final int MAX_IMAGE_REFERENCES = 9;
  private static final int MAX_EDIT_REFERENCES = 8;
  /** The module's catalog holds both APIs' offers; this provider keeps the Agents ones. */
  private static final Catalog CATALOG = Catalog.ofModule(LumaProvider.class).forProviders(Set.of(NAME));

  private final Generations generations;

  private LumaProvider(ProviderSettings settings) {
    super(settings, CATALOG);
    generations = new Generations(settings, NAME, "Luma Agents API", this::output, new Failures(settings)::agents);
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Posts the generation to {@code /generations}. Completes with the accepted job, or
   * exceptionally with the typed error Luma's answer maps to; a request the API has no field for
   * fails before anything is sent, and a submit whose answer was lost or unreadable is an unknown
   * outcome, never sent again.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Request r = call.request();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", r.prompt().filter(p -> !p.isBlank())
        .orElseThrow(() -> new InvalidRequestException(name(), "Luma needs a prompt")));
    body.put("model", call.endpoint());
    Map<String, String> attributes = new LinkedHashMap<>();
    switch (r.task()) {
      case TEXT_TO_IMAGE:
      case MULTI_REFERENCE:
        body.put("type", "image");
        image(r, MAX_IMAGE_REFERENCES, r.references().size(), body, attributes);
        break;
      case IMAGE_TO_IMAGE:
        body.put("type", "image_edit");
        body.put("source", ref(r.image().orElseThrow(() -> new InvalidRequestException(name(),
            "image-to-image needs the image to edit"))));
        // The source takes a reference slot and is billed like one.
        image(r, MAX_EDIT_REFERENCES, r.references().size() + 1, body, attributes);
        break;
      case TEXT_TO_VIDEO:
      case IMAGE_TO_VIDEO:
        body.put("type", "video");
        body.put("video", video(call, attributes));
        break;
      default:
        throw new InvalidRequestException(name(), r.task().wireName() + " is not served by the Luma Agents API");
    }
    return generations.create(call, "/generations", body, attributes, false);
  }

  private void image(Request r, int max, int billedReferences, Map<String, Object> body, Map<String, String> attributes) {
    if (r.references().size() > max) {
      throw generations.unsupported(r.task().wireName() + " takes at most " + max + " reference images here, "
          + r.references().size() + " given");
    }
    if (!r.references().isEmpty()) {
      List<Object> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(ref(m));
      body.put("image_ref", refs);
    }
    attributes.put(Generations.ATTR_KIND, "image");
    if (billedReferences > 0) attributes.put(ATTR_REFERENCES, Integer.toString(billedReferences));
    generations.format(r, "jpeg", "Luma", attributes).ifPresent(f -> body.put("output_format", f));
  }

  private Map<String, Object> video(ProviderCall call, Map<String, String> attributes) {
    Request r = call.request();
    Map<String, Object> video = new LinkedHashMap<>();
    video.put("duration", generations.clip(call, "Ray 3.2", List.of(5, 10), List.of("540p", "720p", "1080p"), attributes));
    video.put("resolution", attributes.get(Generations.ATTR_RESOLUTION));
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media start = r.image().orElseThrow(() -> new InvalidRequestException(name(), "image-to-video needs a start frame"));
      if (!video.get("duration").equals("5s")) {
        throw generations.unsupported("Ray 3.2 makes 10 s clips from text only; a clip from a frame is 5 s");
      }
      video.put("start_frame", ref(start));
    }
    return video;
  }

  /** A media reference: {@code {url}} for a URL, else the content inline as {@code {data, media_type}}. */
  private static Map<String, Object> ref(Media m) {
    if (m.kind() == Media.Kind.URL) return Map.of("url", m.url().get());
    MediaContent content = MediaContent.read(m);
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("data", Base64.getEncoder().encodeToString(content.bytes()));
    ref.put("media_type", content.mediaType());
    return ref;
  }

  /**
   * Reads the generation at {@code GET /generations/{id}} on the configured base URL:
   * {@code queued} is queued, {@code processing} running, {@code completed} the output (a
   * completed generation without one is billed, and not bought again), {@code failed} the typed
   * error of its {@code failure_code}; a state Luma does not document keeps the job waiting (its
   * deadline still applies). A rate limit or a server error is retried by the generator.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    return generations.poll(job);
  }

  /** Every output of a completed generation; the images and references, or the seconds and resolution, priced. */
  private ProviderOutput output(String id, Map<String, Object> g, Map<String, String> attributes) {
    boolean video = "video".equals(attributes.get(Generations.ATTR_KIND));
    ProviderOutput.Builder out = Generations.output(id, attributes).warning(EXPIRY_WARNING);
    int outputs = 0;
    int made = 0;
    for (Object item : Json.array(g, "output")) {
      Map<String, Object> o = Json.object(item);
      Optional<String> url = Json.text(o, "url");
      if (url.isEmpty()) continue;
      String type = Json.string(o, "type").orElse("");
      boolean isVideo = type.equals("video") || (type.isEmpty() && video);
      Asset.Builder asset = Asset.builder(Generations.mediaType(url.get(), isVideo, attributes.get(Generations.ATTR_FORMAT)));
      if (isVideo && attributes.containsKey(Generations.ATTR_SECONDS)) asset.durationSeconds(Generations.seconds(attributes));
      out.asset(asset.url(url.get()).build());
      outputs++;
      if (isVideo == video) made++;
    }
    if (outputs == 0) throw new NoOutputException(name(), "generation " + id + " completed without output");
    Usage.Builder usage = Generations.usage(attributes, Math.max(1, made));
    if (attributes.containsKey(ATTR_REFERENCES)) usage.references(Integer.parseInt(attributes.get(ATTR_REFERENCES)));
    return out.usage(usage.build()).build();
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
