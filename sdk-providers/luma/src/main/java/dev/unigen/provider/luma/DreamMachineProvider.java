package dev.unigen.provider.luma;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.luma.wire.DreamGeneration;
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
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.slf4j.Logger;

/**
 * Luma's Dream Machine API as a Unigen provider: the models it still serves that users ask for,
 * {@code ray-2} and {@code ray-flash-2} video (from a prompt or a start frame) and
 * {@code photon-1} and {@code photon-flash-1} images (from a prompt, up to four image
 * references, or an image to modify). Luma's current API is the Agents API ({@link LumaProvider});
 * this one is called {@value #NAME} and reads its own key.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> DreamMachineProvider.builder().build(ctx))   // key from LUMAAI_API_KEY
 *     .build();
 * Generation g = gen.video("ray-2").prompt("a tiger walking in snow").resolution("720p")
 *     .duration(Duration.ofSeconds(5)).generate();
 * }</pre>
 *
 * <p>Video is {@code POST /generations/video} with {@code model}, {@code prompt},
 * {@code aspect_ratio}, {@code duration} ({@code "5s"} or {@code "9s"}), {@code resolution} and
 * {@code keyframes.frame0} for a start frame; images are {@code POST /generations/image} with
 * {@code model}, {@code prompt}, {@code aspect_ratio}, {@code format}, {@code image_ref[]} and
 * {@code modify_image_ref}. Luma answers 201 with the generation, read at
 * {@code GET /generations/{id}} until its {@code state} is {@code completed} or {@code failed};
 * cancelling deletes it ({@code DELETE /generations/{id}}). Input images are taken by URL only,
 * as the API documents.
 *
 * <p>Callbacks: with {@link Builder#callbackUrl} every create call carries {@code callback_url},
 * and Luma POSTs the generation object there when it starts dreaming, completes or fails. These
 * deliveries are not signed, so {@link #webhook} never trusts their content: it reads only the
 * generation id and asks the generator to poll that generation at once; the state, the output and
 * the cost always come from Luma's own {@code GET}. Luma reports no money per job; the actual cost
 * is computed from what was made with the catalog's prices.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class DreamMachineProvider implements Provider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "luma-dream-machine";
  /** The environment variable read for the key, as Luma's official Dream Machine clients read it. */
  public static final List<String> KEY_VARIABLES = List.of("LUMAAI_API_KEY");
  /** The Dream Machine API's base URL; {@code UNIGEN_LUMA_DREAM_MACHINE_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.lumalabs.ai/dream-machine/v1";
  /** The video resolution sent when a request names none. */
  public static final String DEFAULT_RESOLUTION = "720p";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final String ATTR_ENDPOINT = "endpoint";
  static final String ATTR_KIND = "kind";
  static final String ATTR_FORMAT = "format";
  static final String ATTR_SECONDS = "seconds";
  static final String ATTR_RESOLUTION = "resolution";
  static final String ATTR_WARNINGS = "warnings";
  private static final int MAX_IMAGE_REFERENCES = 4;
  private static final Set<String> RESOLUTIONS = Set.of("540p", "720p", "1080p", "4k");
  /** What a generation id looks like (a UUID); a callback naming anything else is not about a job. */
  private static final Pattern ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z-]{7,63}");
  private static final MediaType JSON = MediaType.get("application/json");

  private final String name;
  private final Catalog catalog;
  private final ProviderHttp http;
  private final Failures failures;
  private final String callbackUrl;
  private final Logger log;

  private DreamMachineProvider(Builder b, ProviderSettings settings) {
    name = settings.name();
    catalog = settings.catalog(Bundled.CATALOG);
    ProviderContext ctx = settings.context();
    failures = new Failures(name, ctx.redactor());
    // Errors are {detail: string}, and FastAPI's 422 list {detail: [{loc, msg, type}]}: the
    // common mapping reads both.
    http = ProviderHttp.builder(settings).bearerAuth().build();
    callbackUrl = b.callbackUrl;
    log = ctx.logger(DreamMachineProvider.class);
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

  /** The bundled Dream Machine offers (ray-2, ray-flash-2, photon-1, photon-flash-1) under this provider's name. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Posts the generation to {@code /generations/video} or {@code /generations/image}. Completes
   * with the accepted job, or exceptionally with the typed error Luma's answer maps to; a local
   * input image (the API takes URLs only) fails before anything is sent.
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
    okhttp3.Request request = http.request(url("generations", path)).post(RequestBody.create(json, JSON)).build();
    return http.submit(request, answer -> accepted(answer, attributes));
  }

  private String prepare(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    List<String> warnings = new ArrayList<>();
    Task task = r.task();
    boolean video = task == Task.TEXT_TO_VIDEO || task == Task.IMAGE_TO_VIDEO;
    if (!video && task != Task.TEXT_TO_IMAGE && task != Task.IMAGE_TO_IMAGE && task != Task.MULTI_REFERENCE) {
      throw new InvalidRequestException(name, task.wireName() + " is not served by the Dream Machine API");
    }
    Optional<String> prompt = r.prompt().filter(p -> !p.isBlank());
    if (prompt.isEmpty() && task != Task.IMAGE_TO_VIDEO) {
      throw new InvalidRequestException(name, task.wireName() + " needs a prompt");
    }
    body.put("model", call.endpoint());
    prompt.ifPresent(p -> body.put("prompt", p));
    Calls.aspectRatio(r, call.offer().capabilities().aspectRatios(), warnings).ifPresent(a -> body.put("aspect_ratio", a));
    attributes.put(ATTR_ENDPOINT, call.endpoint());
    if (video) {
      video(call, body, attributes);
    } else {
      image(r, body, attributes);
    }
    if (r.seed().isPresent()) warnings.add("the Dream Machine API takes no seed; the seed was not sent");
    if (r.negativePrompt().isPresent()) warnings.add("the Dream Machine API takes no negative prompt; it was not sent");
    if (callbackUrl != null) body.put("callback_url", callbackUrl);
    Calls.merge(body, Calls.options(call, NAME, name));
    if (!warnings.isEmpty()) attributes.put(ATTR_WARNINGS, String.join("\n", warnings));
    return video ? "video" : "image";
  }

  private void video(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    int seconds = Calls.seconds(r, call.offer());
    if (seconds != 5 && seconds != 9) {
      throw new InvalidRequestException(name, "Dream Machine makes 5 s or 9 s clips, not " + seconds + " s");
    }
    String resolution = r.resolution().map(s -> s.toLowerCase(Locale.ROOT)).orElse(DEFAULT_RESOLUTION);
    if (!RESOLUTIONS.contains(resolution)) {
      throw new InvalidRequestException(name, "Dream Machine makes 540p, 720p, 1080p or 4k video, not " + r.resolution().get());
    }
    body.put("duration", seconds + "s");
    body.put("resolution", resolution);
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media start = r.image().orElseThrow(() -> new InvalidRequestException(name, "image-to-video needs a start frame"));
      Map<String, Object> frame0 = new LinkedHashMap<>();
      frame0.put("type", "image");
      frame0.put("url", url(start, "the start frame"));
      Map<String, Object> keyframes = new LinkedHashMap<>();
      keyframes.put("frame0", frame0);
      body.put("keyframes", keyframes);
    }
    attributes.put(ATTR_KIND, "video");
    attributes.put(ATTR_SECONDS, Integer.toString(seconds));
    attributes.put(ATTR_RESOLUTION, resolution);
  }

  private void image(Request r, Map<String, Object> body, Map<String, String> attributes) {
    if (r.references().size() > MAX_IMAGE_REFERENCES) {
      throw unsupported("Photon takes at most " + MAX_IMAGE_REFERENCES + " image references, "
          + r.references().size() + " given");
    }
    if (!r.references().isEmpty()) {
      List<Object> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(Map.of("url", url(m, "a reference image")));
      body.put("image_ref", refs);
    }
    if (r.task() == Task.IMAGE_TO_IMAGE) {
      Media input = r.image().orElseThrow(() -> new InvalidRequestException(name, "image-to-image needs the image to modify"));
      Map<String, Object> modify = new LinkedHashMap<>();
      modify.put("url", url(input, "the image to modify"));
      // Luma's weight is how close the result stays to the input: the opposite of a strength.
      r.strength().ifPresent(s -> modify.put("weight", BigDecimal.ONE.subtract(s)));
      body.put("modify_image_ref", modify);
    }
    String format = r.outputFormat().map(f -> f.toLowerCase(Locale.ROOT)).orElse(null);
    if (format != null) {
      if (format.equals("jpeg")) format = "jpg";
      if (!format.equals("png") && !format.equals("jpg")) {
        throw unsupported("Photon makes jpg or png images, not " + r.outputFormat().get());
      }
      body.put("format", format);
      attributes.put(ATTR_FORMAT, format);
    }
    attributes.put(ATTR_KIND, "image");
  }

  /**
   * What this API cannot take although the request is sound: a failure that is not repeated here,
   * so that failover moves on to an offer that can.
   */
  private ProviderFailureException unsupported(String message) {
    return new ProviderFailureException(name, message, 0, false, null);
  }

  private String url(Media m, String what) {
    if (m.kind() != Media.Kind.URL) {
      throw unsupported("the Dream Machine API takes " + what
          + " by URL only; give it as Media.url(...) (or use the luma provider, which takes inline images)");
    }
    return m.url().get();
  }

  private Submission accepted(Answer answer, Map<String, String> attributes) {
    DreamGeneration g = DreamGeneration.parse(answer.text());
    // A 2xx without an id may still have created a billed generation: an unknown outcome.
    String id = g.id().orElseThrow(() -> new IllegalArgumentException("no generation id in the answer"));
    if (DreamGeneration.COMPLETED.equals(g.state())) return Submission.completed(output(id, g, attributes));
    if (DreamGeneration.FAILED.equals(g.state())) throw failures.dreamMachine(id, g.failureReason().orElse(null));
    log.debug("{} accepted generation {} of {}", name, id, attributes.get(ATTR_ENDPOINT));
    return Submission.accepted(JobRef.of(name, id, url("generations", id).toString(),
        url("generations", id).toString(), attributes));
  }

  /**
   * Reads the generation at {@code GET /generations/{id}} on the configured base URL:
   * {@code queued} is queued, {@code dreaming} running, {@code completed} the output and
   * {@code failed} the typed error of its {@code failure_reason}; a state Luma does not document
   * keeps the job waiting. A rate limit or a server error is retried by the generator.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    if (!job.provider().equals(name)) throw new IllegalArgumentException("not a " + name + " job: " + job);
    okhttp3.Request request = http.request(url("generations", job.id())).get().build();
    return Calls.settle(http.read(request, answer -> status(job, DreamGeneration.parse(answer.text()))));
  }

  private PollResult status(JobRef job, DreamGeneration g) {
    String state = g.state();
    switch (state) {
      case DreamGeneration.QUEUED:
        return PollResult.pending(PollResult.State.QUEUED, new Progress(state, null, null, List.of()), null);
      case DreamGeneration.DREAMING:
        return PollResult.pending(PollResult.State.RUNNING, new Progress(state, null, null, List.of()), null);
      case DreamGeneration.COMPLETED:
        try {
          return PollResult.succeeded(output(job.id(), g, job.attributes()));
        } catch (NoOutputException e) {
          return PollResult.failed(e);
        }
      case DreamGeneration.FAILED:
        return PollResult.failed(failures.dreamMachine(job.id(), g.failureReason().orElse(null)));
      default:
        return PollResult.pending(PollResult.State.RUNNING,
            new Progress(state.isEmpty() ? "unknown" : state, null, null, List.of()), null);
    }
  }

  private ProviderOutput output(String id, DreamGeneration g, Map<String, String> attributes) {
    boolean video = "video".equals(attributes.get(ATTR_KIND));
    Optional<String> url = video ? g.video() : g.image();
    if (url.isEmpty()) {
      throw new NoOutputException(name, "generation " + id + " completed without assets." + (video ? "video" : "image"));
    }
    Asset.Builder asset;
    Usage.Builder usage = Usage.builder().requests(1).count(1);
    if (video) {
      BigDecimal seconds = new BigDecimal(attributes.getOrDefault(ATTR_SECONDS, "5"));
      asset = Asset.builder(Calls.mediaType(url.get(), true)).url(url.get()).durationSeconds(seconds);
      usage.outputSeconds(seconds);
      if (attributes.containsKey(ATTR_RESOLUTION)) usage.resolution(attributes.get(ATTR_RESOLUTION));
    } else {
      String type = Calls.mediaType(url.get(), false);
      if (type.equals("image/png") && "jpg".equals(attributes.get(ATTR_FORMAT))) type = "image/jpeg";
      asset = Asset.builder(type).url(url.get());
    }
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(id).asset(asset.build());
    String warnings = attributes.get(ATTR_WARNINGS);
    if (warnings != null && !warnings.isEmpty()) for (String w : warnings.split("\n")) out.warning(w);
    return out.usage(usage.build()).build();
  }

  /**
   * Asks Luma to delete the generation ({@code DELETE /generations/{id}}, answered 204). Luma does
   * not say whether deleting stops a generation already dreaming; completes with false if the call
   * was refused or could not be made.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    if (!job.provider().equals(name)) return CompletableFuture.completedFuture(false);
    okhttp3.Request request = http.request(url("generations", job.id())).delete().build();
    // Deleting twice is harmless, so this is a read, not a submit.
    return http.read(request, answer -> true).exceptionally(e -> false);
  }

  /**
   * Takes a callback delivery. Luma signs nothing, so nothing in the body is believed: only its
   * {@code id} is read, and the result is a request to poll that generation now, so the state and
   * output come from Luma's own answer. A delivery without an id is ignored.
   *
   * @throws WebhookRejectedException if the body is not a JSON object
   */
  @Override
  public Optional<WebhookEvent> webhook(Map<String, List<String>> headers, byte[] body) {
    Object parsed;
    try {
      parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(name, "the delivery is not JSON");
    }
    if (!(parsed instanceof Map)) throw new WebhookRejectedException(name, "the delivery is not a JSON object");
    Map<String, Object> o = Json.object(parsed);
    Optional<String> id = Json.string(o, "id").filter(s -> ID.matcher(s).matches());
    if (id.isEmpty()) return Optional.empty();
    // The state only tells one delivery from the next (Luma sends one per state, and retries);
    // the pending result with no wait makes the poll loop read the generation at once.
    String state = Json.string(o, "state").filter(s -> s.matches("[a-z_]{1,32}")).orElse("unknown");
    PollResult pollNow = PollResult.pending(PollResult.State.RUNNING, new Progress("callback", null, null, List.of()),
        Duration.ZERO);
    return Optional.of(new WebhookEvent(id.get() + "/" + state, id.get(), pollNow));
  }

  /**
   * Reads the account's balance, {@code GET /credits}, which answers {@code credit_balance} in US
   * cents, as US dollars.
   *
   * @return a future completing with the balance in dollars, or exceptionally with the typed error
   */
  public CompletableFuture<BigDecimal> credits() {
    return http.read(http.request(url("credits")).get().build(), answer -> Json.decimal(answer.object(), "credit_balance")
        .map(cents -> cents.movePointLeft(2))
        .orElseThrow(() -> new NoOutputException(name, "the answer to /credits has no credit_balance")));
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
    return "DreamMachineProvider(" + http.settings() + ")";
  }

  /** The module's catalog, read once; this provider keeps the Dream Machine offers. */
  private static final class Bundled {
    static final Catalog CATALOG = Catalog.ofModule(DreamMachineProvider.class).forProviders(Set.of(NAME));
  }

  /**
   * Builds a {@link DreamMachineProvider}. Every setting is optional: the key defaults to
   * {@code LUMAAI_API_KEY}, the base URL to {@code UNIGEN_LUMA_DREAM_MACHINE_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String callbackUrl;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * Asks Luma to POST each generation to {@code url} when it starts, completes or fails; hand
     * the deliveries to {@code generator.webhooks().receive(name, headers, body)}. They only make
     * the generator poll sooner: polling goes on either way.
     *
     * @throws IllegalArgumentException if {@code url} is not an https URL
     */
    public Builder callbackUrl(String url) {
      Objects.requireNonNull(url, "url");
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null || !parsed.isHttps()) throw new IllegalArgumentException("the callback URL must be https: " + url);
      this.callbackUrl = url;
      return this;
    }

    /**
     * Returns the provider on {@code context}'s HTTP client.
     *
     * @throws IllegalStateException if no key was given and {@code LUMAAI_API_KEY} is not set
     */
    @Override
    public DreamMachineProvider build(ProviderContext context) {
      return new DreamMachineProvider(this, settings(context));
    }
  }
}
