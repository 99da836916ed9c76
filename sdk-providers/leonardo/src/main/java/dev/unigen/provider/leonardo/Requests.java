package dev.unigen.provider.leonardo;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.http.MediaContent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a call into the body of a create. An offer whose endpoint is a UUID is a v1 platform model
 * (its {@code modelId}), posted to {@code /v1/generations} with Leonardo's mixed snake and camel
 * case fields; any other endpoint is a v2 model name, posted to {@code /v2/generations} as
 * {@code {model, public, parameters}}. Every field the SDK would fill with a default is sent
 * explicitly, so nothing is made or billed that the request did not ask for.
 */
final class Requests {
  static final String V1_GENERATIONS = "/v1/generations";
  static final String V2_GENERATIONS = "/v2/generations";
  static final String INIT_IMAGE = "/v1/init-image";
  static final Size DEFAULT_SIZE = Size.of(1024, 1024);
  /** Phoenix's contrast is required; 3.5 is "Medium" in the web app and the docs' sample. */
  static final BigDecimal DEFAULT_CONTRAST = new BigDecimal("3.5");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final int MAX_REFERENCES = 14;

  private Requests() {}

  /**
   * What a submit sends: the path, the body (with {@code parameters} inside it for v2, where the
   * start frame's upload id goes), a start frame to upload first (or null), what the output is read
   * with, and the warnings so far.
   */
  record Prepared(String path, Map<String, Object> body, Map<String, Object> parameters, Media startFrame, JobInfo info,
      List<String> warnings) {}

  /** True if {@code endpoint} is a v1 {@code modelId} (a UUID) rather than a v2 model name. */
  static boolean isV1(String endpoint) {
    return UUID.matcher(endpoint).matches();
  }

  /**
   * Builds the create for {@code call}.
   *
   * @throws InvalidRequestException if the request lacks a prompt or asks for a duration that is
   *     not whole seconds
   * @throws ProviderFailureException if it asks for what Leonardo's endpoint has no field for (a
   *     mask, ControlNet guides, LoRAs, an output format, a start frame given as a URL)
   */
  static Prepared prepare(ProviderCall call, String provider, List<String> optionNames) {
    Request r = call.request();
    String endpoint = call.endpoint();
    String prompt = r.prompt().filter(p -> !p.isBlank())
        .orElseThrow(() -> new InvalidRequestException(provider, "Leonardo needs a prompt"));
    if (r.mask().isPresent()) throw unservable(provider, "Leonardo's generations endpoints take no mask");
    if (!r.controlNets().isEmpty()) throw unservable(provider, "Unigen sends no ControlNet guides to Leonardo");
    if (!r.loras().isEmpty()) throw unservable(provider, "Leonardo's generations endpoints take no LoRAs");
    if (r.outputFormat().isPresent()) throw unservable(provider, "Leonardo chooses the output format itself");
    List<String> warnings = new ArrayList<>();
    if (r.steps().isPresent()) warnings.add("Leonardo's model pages document no steps for this model; not sent");
    if (r.guidance().isPresent()) warnings.add("Leonardo's model pages document no guidance for this model; not sent");
    if (r.strength().isPresent()) warnings.add("Leonardo takes no strength here; not sent");
    if (r.negativePrompt().isPresent()) warnings.add("Leonardo's page for this model documents no negative prompt; not sent");
    Map<String, Object> options = options(r, optionNames);
    if (isV1(endpoint)) return v1(r, endpoint, prompt, provider, options, warnings);
    return r.task().producesVideo()
        ? v2Video(r, call, endpoint, prompt, provider, options, warnings)
        : v2Image(r, endpoint, prompt, provider, options, warnings);
  }

  private static Prepared v1(Request r, String endpoint, String prompt, String provider, Map<String, Object> options,
      List<String> warnings) {
    if (r.task() != Task.TEXT_TO_IMAGE) {
      throw unservable(provider, r.task().wireName() + " is not served through Leonardo's v1 generations");
    }
    Size size = size(r, provider, warnings);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelId", endpoint);
    body.put("prompt", prompt);
    body.put("width", size.width());
    body.put("height", size.height());
    body.put("num_images", r.count());
    body.put("contrast", DEFAULT_CONTRAST);
    String quality = r.quality().map(q -> q.trim().toLowerCase(Locale.ROOT)).orElse("fast");
    switch (quality) {
      case "fast":
        body.put("alchemy", false);
        break;
      case "quality":
        body.put("alchemy", true);
        break;
      case "ultra":
        body.put("alchemy", false);
        body.put("ultra", true);
        break;
      default:
        throw new InvalidRequestException(provider, "Leonardo's v1 modes are fast, quality and ultra, not " + r.quality().get());
    }
    body.put("enhancePrompt", false);
    if (r.seed().isPresent()) body.put("seed", r.seed().getAsLong());
    body.put("public", false);
    for (Map.Entry<String, Object> e : options.entrySet()) {
      if (!e.getKey().equals("modelId")) body.put(e.getKey(), e.getValue());
    }
    return new Prepared(V1_GENERATIONS, body, null, null, JobInfo.image(endpoint, sent(body, size)), warnings);
  }

  private static Prepared v2Image(Request r, String endpoint, String prompt, String provider, Map<String, Object> options,
      List<String> warnings) {
    if (r.task() != Task.TEXT_TO_IMAGE && r.task() != Task.MULTI_REFERENCE) {
      throw unservable(provider, r.task().wireName() + " is not served by Leonardo's " + endpoint);
    }
    if (r.references().size() > MAX_REFERENCES) {
      throw new InvalidRequestException(provider, "Leonardo takes at most " + MAX_REFERENCES + " reference images");
    }
    if (r.seed().isPresent()) warnings.add("Leonardo's page for " + endpoint + " documents no seed; not sent");
    if (r.quality().isPresent()) warnings.add("Leonardo's page for " + endpoint + " documents no quality; not sent");
    Size size = size(r, provider, warnings);
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("prompt", prompt);
    parameters.put("width", size.width());
    parameters.put("height", size.height());
    parameters.put("quantity", r.count());
    // AUTO by default: Leonardo would rewrite the prompt.
    parameters.put("prompt_enhance", "OFF");
    if (!r.references().isEmpty()) {
      List<Object> refs = new ArrayList<>();
      for (Media m : r.references()) refs.add(Map.of("image", imageReference(m)));
      parameters.put("guidances", Map.of("image_reference", refs));
    }
    Map<String, Object> body = v2Body(endpoint, parameters, options);
    return new Prepared(V2_GENERATIONS, body, parameters, null, JobInfo.image(endpoint, sent(parameters, size)), warnings);
  }

  private static Prepared v2Video(Request r, ProviderCall call, String endpoint, String prompt, String provider,
      Map<String, Object> options, List<String> warnings) {
    if (r.task() != Task.TEXT_TO_VIDEO && r.task() != Task.IMAGE_TO_VIDEO) {
      throw unservable(provider, r.task().wireName() + " is not served by Leonardo's " + endpoint);
    }
    Media startFrame = null;
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      startFrame = r.image().orElseThrow(() -> new InvalidRequestException(provider, "image-to-video needs a start image"));
      if (startFrame.kind() == Media.Kind.URL) {
        throw unservable(provider, "Leonardo takes a start frame only as an uploaded image: give it as a file or bytes");
      }
    }
    if (r.seed().isPresent()) warnings.add("Leonardo's page for " + endpoint + " documents no seed; not sent");
    if (r.fps().isPresent()) warnings.add("Leonardo's page for " + endpoint + " documents no frame rate; not sent");
    Duration d = r.duration().orElse(call.offer().capabilities().defaultDuration().orElse(Duration.ofSeconds(5)));
    if (d.toMillis() % 1000 != 0) {
      throw new InvalidRequestException(provider, "Leonardo takes whole seconds, not " + d.toMillis() / 1000.0 + " s");
    }
    String resolution = r.resolution().map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("1080p");
    Size size;
    if (r.size().isPresent()) {
      size = r.size().get();
    } else {
      boolean portrait = r.aspectRatio().map(String::trim).filter("9:16"::equals).isPresent();
      Size landscape = resolution.equals("720p") ? Size.of(1280, 720) : Size.of(1920, 1080);
      size = portrait ? Size.of(landscape.height(), landscape.width()) : landscape;
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("prompt", prompt);
    parameters.put("duration", d.getSeconds());
    parameters.put("width", size.width());
    parameters.put("height", size.height());
    // true by default at Leonardo, and audio costs more: always say what the request asked.
    parameters.put("motion_has_audio", r.audio());
    Map<String, Object> body = v2Body(endpoint, parameters, options);
    JobInfo info = new JobInfo(endpoint, true, size, d.getSeconds(), r.audio(), null, List.of());
    return new Prepared(V2_GENERATIONS, body, parameters, startFrame, info, warnings);
  }

  /** {@code {model, public: false, parameters}}, with the raw options in {@code parameters} ({@code public} at the top). */
  private static Map<String, Object> v2Body(String endpoint, Map<String, Object> parameters, Map<String, Object> options) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", endpoint);
    body.put("public", false);
    for (Map.Entry<String, Object> e : options.entrySet()) {
      if (e.getKey().equals("public")) body.put("public", e.getValue());
      else if (!e.getKey().equals("model")) parameters.put(e.getKey(), e.getValue());
    }
    body.put("parameters", parameters);
    return body;
  }

  /** The size {@code fields} ask for once the raw options are merged in: {@code asked} unless they changed it. */
  private static Size sent(Map<String, Object> fields, Size asked) {
    try {
      return Size.parse(fields.get("width") + "x" + fields.get("height"));
    } catch (IllegalArgumentException e) {
      return asked;
    }
  }

  /** The requested size; else one derived from the aspect ratio, 1024 on the long side; else 1024x1024. */
  private static Size size(Request r, String provider, List<String> warnings) {
    if (r.size().isPresent()) return r.size().get();
    Optional<String> ratio = r.aspectRatio().map(String::trim);
    if (ratio.isEmpty()) return DEFAULT_SIZE;
    Size s = fromRatio(ratio.get(), provider);
    warnings.add("Leonardo takes a width and height, not a ratio: " + ratio.get() + " was sent as " + s);
    return s;
  }

  private static Size fromRatio(String ratio, String provider) {
    String[] parts = ratio.split(":");
    if (parts.length != 2) throw new InvalidRequestException(provider, "aspect ratio '" + ratio + "' is not W:H");
    double w;
    double h;
    try {
      w = Double.parseDouble(parts[0]);
      h = Double.parseDouble(parts[1]);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(provider, "aspect ratio '" + ratio + "' is not W:H");
    }
    if (w <= 0 || h <= 0) throw new InvalidRequestException(provider, "aspect ratio '" + ratio + "' is not W:H");
    int longSide = DEFAULT_SIZE.width();
    int shortSide = (int) Math.max(8, Math.round(longSide * Math.min(w, h) / Math.max(w, h) / 8) * 8);
    return w >= h ? Size.of(longSide, shortSide) : Size.of(shortSide, longSide);
  }

  /** A v2 image reference: a URL (or a data URI) as type URL, local content as type BASE64. */
  private static Map<String, Object> imageReference(Media m) {
    Map<String, Object> image = new LinkedHashMap<>();
    if (m.kind() == Media.Kind.URL || m.kind() == Media.Kind.DATA_URI) {
      image.put("type", "URL");
      image.put("url", m.url().get());
    } else {
      image.put("type", "BASE64");
      image.put("data", Base64.getEncoder().encodeToString(MediaContent.read(m).bytes()));
    }
    return image;
  }

  /** The request's raw options for each of {@code names} (the provider's, then the instance's), later ones winning. */
  private static Map<String, Object> options(Request r, List<String> names) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : names) out.putAll(r.providerOptions().getOrDefault(n, Map.of()));
    return out;
  }

  static ProviderFailureException unservable(String provider, String why) {
    return new ProviderFailureException(provider, why, 0, false, null);
  }
}
