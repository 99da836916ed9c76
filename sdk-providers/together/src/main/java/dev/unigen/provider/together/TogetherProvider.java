package dev.unigen.provider.together;

import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.ImageProbe;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.protocol.TogetherImages.Generation;
import dev.unigen.spi.protocol.TogetherImages;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Together AI's images API: FLUX.1 [schnell] (paid and free endpoints), [dev], 1.1 [pro] and
 * Kontext [dev]/[pro]/[max], through one synchronous call, {@code POST {base}/images/generations}
 * with {@code Authorization: Bearer <TOGETHER_API_KEY>}.
 *
 * <pre>{@code
 * Generator gen = Generator.builder()
 *     .provider(ctx -> TogetherProvider.builder().build(ctx))   // reads TOGETHER_API_KEY
 *     .build();
 * }</pre>
 *
 * <p>Each call answers at once ({@link Submission#completed}); there is no job to poll. Images
 * come back as base64 by default (the docs' recommended way to keep them: no download, and the
 * real pixel size is read from the image), or as CDN URLs with {@link Builder#responseFormat}
 * {@code "url"} or per request with {@code providerOptions("together", Map.of("response_format",
 * "url"))}. Together reports no cost, so the actual cost is computed from the megapixels produced.
 * Raw fields such as {@code disable_safety_checker} can be passed the same way, except
 * {@code model}.
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class TogetherProvider extends AbstractProvider {
  /** The provider's name in catalogs: {@value}. */
  public static final String NAME = "together";
  /** The environment variable holding the API key, as Together's official clients read it: {@value}. */
  public static final String KEY_VARIABLE = "TOGETHER_API_KEY";
  /** The API base of Together's official Python clients: {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.together.xyz/v1";

  /** The spec's default width and height, used when nothing better says what was made. */
  private static final Size SPEC_DEFAULT_SIZE = Size.of(1024, 1024);
  private static final Set<Task> SERVED = EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.MULTI_REFERENCE);

  private final String name;
  private final TogetherImages images;
  private final String responseFormat;

  private TogetherProvider(Builder b, ProviderSettings settings) {
    super(settings);
    name = settings.name();
    images = new TogetherImages(ProviderHttp.builder(settings).bearerAuth()
        .errors(answer -> TogetherErrors.forStatus(settings.name(), answer, settings.context().redactor()))
        .build(), "");
    responseFormat = b.responseFormat;
  }

  /** Returns a builder with the defaults: the key from {@value #KEY_VARIABLE}, base64 images, a 3-minute read timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code call} to {@code /images/generations} and completes with the images. Fails
   * without a network call when the request asks for something Together's images API has no
   * field for (a mask, ControlNet guides, an output format other than JPEG or PNG). The submit is
   * never repeated by this class; a connection lost after sending completes with
   * {@link OutcomeUnknownException}.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    Prepared prepared = prepare(call);
    return images.generate(prepared.body(), b -> b.header("Accept", "application/json"),
        answer -> Submission.completed(output(answer, prepared)));
  }

  private Prepared prepare(ProviderCall call) {
    Request r = call.request();
    String endpoint = call.endpoint();
    Models.Traits traits = Models.traits(endpoint);
    if (!SERVED.contains(r.task())) {
      throw unservable(r.task().wireName() + " is not served by Together's images API");
    }
    if (r.mask().isPresent()) throw unservable("Together's images API takes no mask");
    if (!r.controlNets().isEmpty()) throw unservable("Together's images API takes no ControlNet guides");
    String prompt = r.prompt().orElseThrow(() -> new InvalidRequestException(name, "Together needs a prompt"));
    List<String> warnings = new ArrayList<>();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(TogetherImages.MODEL, endpoint);
    body.put(TogetherImages.PROMPT, prompt);
    if (r.size().isPresent()) {
      size(body, r.size().get());
    } else if (r.aspectRatio().isPresent()) {
      String ratio = r.aspectRatio().get().trim();
      Size s = Models.sizeFor(ratio)
          .orElseThrow(() -> new InvalidRequestException(name, "aspect ratio '" + ratio + "' is not W:H"));
      if (traits.takesAspectRatio) body.put(TogetherImages.ASPECT_RATIO, ratio);
      else size(body, s);
    }
    if (r.steps().isPresent()) body.put(TogetherImages.STEPS, r.steps().getAsInt());
    else if (traits.defaultSteps > 0) body.put(TogetherImages.STEPS, traits.defaultSteps);
    body.put(TogetherImages.N, r.count());
    if (r.seed().isPresent()) body.put(TogetherImages.SEED, r.seed().getAsLong());
    r.negativePrompt().ifPresent(n -> body.put(TogetherImages.NEGATIVE_PROMPT, n));
    r.guidance().ifPresent(g -> body.put(TogetherImages.GUIDANCE_SCALE, g));
    if (r.outputFormat().isPresent()) body.put(TogetherImages.OUTPUT_FORMAT, outputFormat(r.outputFormat().get()));
    body.put(TogetherImages.RESPONSE_FORMAT, responseFormat);
    if (r.image().isPresent()) body.put(TogetherImages.IMAGE_URL, reference(r.image().get()));
    if (!r.references().isEmpty()) {
      List<String> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(reference(m));
      body.put(TogetherImages.REFERENCE_IMAGES, refs);
    }
    if (!r.loras().isEmpty()) {
      List<Map<String, Object>> loras = new ArrayList<>();
      for (Lora l : r.loras()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", l.path());
        entry.put("scale", l.scale());
        loras.add(entry);
      }
      body.put(TogetherImages.IMAGE_LORAS, loras);
    }
    if (r.strength().isPresent()) warnings.add("Together has no strength parameter; the strength was not sent");
    applyOptions(r, body);

    OptionalInt width = integer(body.get(TogetherImages.WIDTH));
    OptionalInt height = integer(body.get(TogetherImages.HEIGHT));
    Size expected = width.isPresent() && height.isPresent() && width.getAsInt() > 0 && height.getAsInt() > 0
        ? Size.of(width.getAsInt(), height.getAsInt())
        : string(body.get(TogetherImages.ASPECT_RATIO)).flatMap(Models::sizeFor).orElse(SPEC_DEFAULT_SIZE);
    OptionalInt steps = integer(body.get(TogetherImages.STEPS));
    if (traits.stepPriced && steps.isPresent() && steps.getAsInt() > traits.defaultSteps) {
      warnings.add("Together bills " + steps.getAsInt() + " steps at " + steps.getAsInt() + "/" + traits.defaultSteps
          + " of the per-megapixel price; the computed cost is at the default " + traits.defaultSteps + " steps");
    }
    OptionalInt n = integer(body.get(TogetherImages.N));
    return new Prepared(body, expected, width.isPresent() && height.isPresent(), steps,
        n.isPresent() ? n.getAsInt() : r.count(), r.seed(), string(body.get(TogetherImages.OUTPUT_FORMAT)).orElse(null),
        warnings);
  }

  private static void size(Map<String, Object> body, Size s) {
    body.put(TogetherImages.WIDTH, s.width());
    body.put(TogetherImages.HEIGHT, s.height());
  }

  /** A field's whole-number value, as set by Unigen or by a raw option. */
  private static OptionalInt integer(Object v) {
    if (!(v instanceof Number)) return OptionalInt.empty();
    try {
      return OptionalInt.of(new BigDecimal(v.toString()).intValueExact());
    } catch (ArithmeticException | NumberFormatException notWhole) {
      return OptionalInt.empty();
    }
  }

  private static Optional<String> string(Object v) {
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /** Merges the request's raw options for this provider, which win over what Unigen set, except the model. */
  private void applyOptions(Request r, Map<String, Object> body) {
    Map<String, Object> options = r.providerOptions().get(name);
    if (options == null) return;
    for (Map.Entry<String, Object> e : options.entrySet()) {
      if (TogetherImages.MODEL.equals(e.getKey())) continue;
      if (e.getValue() == null) body.remove(e.getKey());
      else body.put(e.getKey(), e.getValue());
    }
    if (options.containsKey(TogetherImages.ASPECT_RATIO) && r.size().isEmpty()) {
      body.remove(TogetherImages.WIDTH);
      body.remove(TogetherImages.HEIGHT);
    }
  }

  private String outputFormat(String format) {
    String f = format.trim().toLowerCase(Locale.ROOT);
    if (f.equals("png")) return "png";
    if (f.equals("jpeg") || f.equals("jpg")) return "jpeg";
    throw unservable("Together makes jpeg or png, not " + format);
  }

  /** A public URL as it is; local media (file, bytes, data URI) inline as a data URI. */
  private static String reference(Media m) {
    if (m.kind() == Media.Kind.URL || m.kind() == Media.Kind.DATA_URI) return m.url().get();
    return MediaContent.read(m).dataUri();
  }

  private ProviderFailureException unservable(String why) {
    return new ProviderFailureException(name, why, 0, false, null);
  }

  private ProviderOutput output(Generation answer, Prepared p) {
    List<Asset> assets = new ArrayList<>();
    List<String> warnings = new ArrayList<>(p.warnings());
    Usage.Builder usage = Usage.builder().requests(1);
    boolean guessedSize = false;
    for (TogetherImages.Image image : answer.data()) {
      Optional<String> url = image.url();
      Optional<byte[]> bytes;
      try {
        bytes = image.bytes();
      } catch (IllegalArgumentException e) {
        throw new ProviderFailureException(name, "b64_json of image " + assets.size() + " is not base64", 200, false, null);
      }
      if (bytes.isEmpty() && url.isEmpty()) continue;
      Optional<Size> decoded = bytes.flatMap(ImageProbe::size);
      Size size = decoded.orElse(p.expected());
      if (decoded.isEmpty() && !p.sizeSent()) guessedSize = true;
      Asset.Builder asset = Asset.builder(image.mediaType(bytes, "png".equals(p.outputFormat()) ? "image/png" : "image/jpeg"))
          .url(url.orElse(null)).bytes(bytes.orElse(null)).size(size.width(), size.height());
      OptionalLong seed = seed(image, answer, p);
      if (seed.isPresent()) asset.seed(seed.getAsLong());
      assets.add(asset.build());
      usage.image(size.width(), size.height());
    }
    if (assets.isEmpty()) {
      Optional<TogetherImages.Error> error = answer.error();
      if (error.isPresent()) throw TogetherErrors.inSuccess(name, error.get(), settings().context().redactor());
      throw new NoOutputException(name, "200 without any image" + answer.id().map(id -> " (id " + id + ")").orElse(""));
    }
    if (assets.size() < p.count()) warnings.add(p.count() + " images asked, " + assets.size() + " returned");
    if (guessedSize) {
      warnings.add("the answer does not say the image size; the cost is computed for " + p.expected());
    }
    if (p.steps().isPresent()) usage.steps(p.steps().getAsInt());
    ProviderOutput.Builder out = ProviderOutput.builder().usage(usage.build()).providerRequestId(answer.id().orElse(null));
    assets.forEach(out::asset);
    warnings.forEach(out::warning);
    return out.build();
  }

  /** The image's own seed, else one at the top level, else the request's when a single image was asked. */
  private static OptionalLong seed(TogetherImages.Image image, Generation answer, Prepared p) {
    if (image.seed().isPresent()) return image.seed();
    if (answer.seed().isPresent()) return answer.seed();
    return p.count() == 1 ? p.seed() : OptionalLong.empty();
  }

  /** What {@link #prepare} worked out for reading the answer. */
  private record Prepared(Map<String, Object> body, Size expected, boolean sizeSent, OptionalInt steps, int count,
      OptionalLong seed, String outputFormat, List<String> warnings) {
    Prepared {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Builds a {@link TogetherProvider}. Every setting is optional: the key defaults to
   * {@value #KEY_VARIABLE}, the base URL to {@code UNIGEN_TOGETHER_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String responseFormat = TogetherImages.FORMAT_BASE64;

    private Builder() {
      super(NAME, List.of(KEY_VARIABLE), DEFAULT_BASE_URL, Duration.ofMinutes(3));
    }

    /**
     * Asks for images as {@code "base64"} (the default: bytes in the answer) or {@code "url"}
     * (links on Together's CDN, downloaded later with a User-Agent, since the CDN refuses requests
     * without one).
     *
     * @throws IllegalArgumentException for any other value
     */
    public Builder responseFormat(String format) {
      if (!TogetherImages.FORMAT_BASE64.equals(format) && !TogetherImages.FORMAT_URL.equals(format)) {
        throw new IllegalArgumentException("response format must be base64 or url: " + format);
      }
      this.responseFormat = format;
      return this;
    }

    /**
     * Returns the provider.
     *
     * @throws IllegalStateException if no key was given and {@value #KEY_VARIABLE} is not set
     */
    @Override
    public TogetherProvider build(ProviderContext context) {
      return new TogetherProvider(this, settings(context));
    }
  }
}
