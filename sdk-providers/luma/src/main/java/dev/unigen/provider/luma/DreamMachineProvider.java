package dev.unigen.provider.luma;

import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Progress;
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
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderHttp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

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
public final class DreamMachineProvider extends AbstractProvider {
  /** The provider's name in catalogs and in {@code providerOptions}. */
  public static final String NAME = "luma-dream-machine";
  /** The environment variable read for the key, as Luma's official Dream Machine clients read it. */
  public static final List<String> KEY_VARIABLES = List.of("LUMAAI_API_KEY");
  /** The Dream Machine API's base URL; {@code UNIGEN_LUMA_DREAM_MACHINE_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.lumalabs.ai/dream-machine/v1";
  /** The video resolution sent when a request names none, as on the Agents API. */
  public static final String DEFAULT_RESOLUTION = LumaProvider.DEFAULT_RESOLUTION;

  private static final int MAX_IMAGE_REFERENCES = 4;
  /** What a generation id looks like (a UUID); a callback naming anything else is not about a job. */
  private static final Pattern ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z-]{7,63}");
  /** The module's catalog holds both APIs' offers; this provider keeps the Dream Machine ones. */
  private static final Catalog CATALOG = Catalog.ofModule(DreamMachineProvider.class).forProviders(Set.of(NAME));

  private final Generations generations;
  private final String callbackUrl;

  private DreamMachineProvider(Builder b, ProviderSettings settings) {
    super(settings, CATALOG);
    generations = new Generations(settings, NAME, "Dream Machine API", this::output, new Failures(settings)::dreamMachine);
    callbackUrl = b.callbackUrl;
  }

  /** Returns a builder; the key and base URL default to the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Posts the generation to {@code /generations/video} or {@code /generations/image}. Completes
   * with the accepted job, or exceptionally with the typed error Luma's answer maps to; a local
   * input image (the API takes URLs only) fails before anything is sent.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Request r = call.request();
    Task task = r.task();
    boolean video = task == Task.TEXT_TO_VIDEO || task == Task.IMAGE_TO_VIDEO;
    if (!video && task != Task.TEXT_TO_IMAGE && task != Task.IMAGE_TO_IMAGE && task != Task.MULTI_REFERENCE) {
      throw new InvalidRequestException(name(), task.wireName() + " is not served by the Dream Machine API");
    }
    Optional<String> prompt = r.prompt().filter(p -> !p.isBlank());
    if (prompt.isEmpty() && task != Task.IMAGE_TO_VIDEO) {
      throw new InvalidRequestException(name(), task.wireName() + " needs a prompt");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", call.endpoint());
    prompt.ifPresent(p -> body.put("prompt", p));
    Map<String, String> attributes = new LinkedHashMap<>();
    if (video) {
      video(call, body, attributes);
    } else {
      image(r, body, attributes);
    }
    if (callbackUrl != null) body.put("callback_url", callbackUrl);
    return generations.create(call, video ? "/generations/video" : "/generations/image", body, attributes, true);
  }

  private void video(ProviderCall call, Map<String, Object> body, Map<String, String> attributes) {
    Request r = call.request();
    body.put("duration", generations.clip(call, "Dream Machine", List.of(5, 9), List.of("540p", "720p", "1080p", "4k"),
        attributes));
    body.put("resolution", attributes.get(Generations.ATTR_RESOLUTION));
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media start = r.image().orElseThrow(() -> new InvalidRequestException(name(), "image-to-video needs a start frame"));
      body.put("keyframes", Map.of("frame0", Map.of("type", "image", "url", url(start, "the start frame"))));
    }
  }

  private void image(Request r, Map<String, Object> body, Map<String, String> attributes) {
    if (r.references().size() > MAX_IMAGE_REFERENCES) {
      throw generations.unsupported("Photon takes at most " + MAX_IMAGE_REFERENCES + " image references, "
          + r.references().size() + " given");
    }
    if (!r.references().isEmpty()) {
      List<Object> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(Map.of("url", url(m, "a reference image")));
      body.put("image_ref", refs);
    }
    if (r.task() == Task.IMAGE_TO_IMAGE) {
      Media input = r.image().orElseThrow(() -> new InvalidRequestException(name(), "image-to-image needs the image to modify"));
      Map<String, Object> modify = new LinkedHashMap<>();
      modify.put("url", url(input, "the image to modify"));
      // Luma's weight is how close the result stays to the input: the opposite of a strength.
      r.strength().ifPresent(s -> modify.put("weight", BigDecimal.ONE.subtract(s)));
      body.put("modify_image_ref", modify);
    }
    generations.format(r, "jpg", "Photon", attributes).ifPresent(f -> body.put("format", f));
    attributes.put(Generations.ATTR_KIND, "image");
  }

  private String url(Media m, String what) {
    if (m.kind() != Media.Kind.URL) {
      throw generations.unsupported("the Dream Machine API takes " + what
          + " by URL only; give it as Media.url(...) (or use the luma provider, which takes inline images)");
    }
    return m.url().get();
  }

  /**
   * Reads the generation at {@code GET /generations/{id}} on the configured base URL:
   * {@code queued} is queued, {@code dreaming} running, {@code completed} the output (a completed
   * generation without one is billed, and not bought again) and {@code failed} the typed error of
   * its {@code failure_reason}; a state Luma does not document keeps the job waiting. A rate limit
   * or a server error is retried by the generator.
   *
   * @throws IllegalArgumentException if the job is another provider's
   */
  @Override
  public CompletableFuture<PollResult> poll(JobRef job) {
    return generations.poll(job);
  }

  /** The video or image of a completed generation, with the seconds and resolution sent. */
  private ProviderOutput output(String id, Map<String, Object> g, Map<String, String> attributes) {
    boolean video = "video".equals(attributes.get(Generations.ATTR_KIND));
    String kind = video ? "video" : "image";
    String url = Json.text(Json.object(g, "assets"), kind)
        .orElseThrow(() -> new NoOutputException(name(), "generation " + id + " completed without assets." + kind));
    Asset.Builder asset = Asset.builder(Generations.mediaType(url, video, attributes.get(Generations.ATTR_FORMAT))).url(url);
    if (video) asset.durationSeconds(Generations.seconds(attributes));
    return Generations.output(id, attributes).asset(asset.build()).usage(Generations.usage(attributes, 1).build()).build();
  }

  /**
   * Asks Luma to delete the generation ({@code DELETE /generations/{id}}, answered 204). Luma does
   * not say whether deleting stops a generation already dreaming; completes with false if the call
   * was refused or could not be made.
   */
  @Override
  public CompletableFuture<Boolean> cancel(JobRef job) {
    if (!job.provider().equals(name())) return CompletableFuture.completedFuture(false);
    ProviderHttp http = generations.http();
    // Deleting twice is harmless, so this is a read, not a submit.
    return http.read(http.request(generations.url(job.id())).delete().build(), answer -> true).exceptionally(e -> false);
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
      throw new WebhookRejectedException(name(), "the delivery is not JSON");
    }
    if (!(parsed instanceof Map)) throw new WebhookRejectedException(name(), "the delivery is not a JSON object");
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
    ProviderHttp http = generations.http();
    return http.read(http.request("/credits").get().build(), answer -> Json.decimal(answer.object(), "credit_balance")
        .map(cents -> cents.movePointLeft(2))
        .orElseThrow(() -> new NoOutputException(name(), "the answer to /credits has no credit_balance")));
  }

  /**
   * Builds a {@link DreamMachineProvider}. Every setting is optional: the key defaults to
   * {@code LUMAAI_API_KEY}, the base URL to {@code UNIGEN_LUMA_DREAM_MACHINE_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String callbackUrl;

    private Builder() {
      super(NAME, KEY_VARIABLES, DEFAULT_BASE_URL, LumaProvider.DEFAULT_TIMEOUT);
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
