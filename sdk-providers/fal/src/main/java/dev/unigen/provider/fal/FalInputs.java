package dev.unigen.provider.fal;

import dev.unigen.InvalidRequestException;
import dev.unigen.catalog.Capabilities;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.http.MediaContent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a model input from a {@link ProviderCall}, with the field names of the endpoint's
 * {@link Family}, and the {@code JobRef} attributes that price the output later (the size,
 * seconds, resolution and audio asked for, the steps, the sizes of billed input images).
 *
 * <p>Media go as fal takes them: a URL as it is, local content (a file, bytes, a data URI) as a
 * {@code data:} URI, which fal's inputs accept. Provider options under the provider's name are
 * copied into the input last, so they can set any field fal documents; the key {@code webhook}
 * is taken out as the request's webhook URL.
 */
final class FalInputs {
  /** Gemini 2.5 Flash Image bills every output image as this many tokens. */
  static final long TOKENS_PER_NANO_BANANA_IMAGE = 1290;
  static final String WEBHOOK_OPTION = "webhook";

  /** fal's named image sizes, as documented for FLUX. */
  private static final Map<String, Size> PRESETS = Map.of(
      "square_hd", Size.of(1024, 1024), "square", Size.of(512, 512),
      "portrait_4_3", Size.of(768, 1024), "portrait_16_9", Size.of(576, 1024),
      "landscape_4_3", Size.of(1024, 768), "landscape_16_9", Size.of(1024, 576));
  private static final Map<String, String> RATIO_PRESETS = Map.of(
      "1:1", "square_hd", "4:3", "landscape_4_3", "3:4", "portrait_4_3", "16:9", "landscape_16_9",
      "9:16", "portrait_16_9");

  /** A call ready to send. */
  static final class Prepared {
    final String endpoint;
    final Family family;
    final Map<String, Object> input;
    final Map<String, String> attributes;
    final String webhook;

    Prepared(String endpoint, Family family, Map<String, Object> input, Map<String, String> attributes, String webhook) {
      this.endpoint = endpoint;
      this.family = family;
      this.input = input;
      this.attributes = attributes;
      this.webhook = webhook;
    }
  }

  private final String provider;

  FalInputs(String provider) {
    this.provider = provider;
  }

  /**
   * Prepares {@code call}.
   *
   * @throws InvalidRequestException if the request lacks what the endpoint requires
   */
  Prepared prepare(ProviderCall call, String defaultWebhook) {
    Request r = call.request();
    String endpoint = call.endpoint();
    Family f = Family.of(endpoint);
    Capabilities caps = call.offer().capabilities();
    Map<String, Object> in = new LinkedHashMap<>();
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(JobRef.ENDPOINT, endpoint);
    attrs.put(FalProvider.ATTR_TASK, r.task().wireName());
    attrs.put(FalProvider.ATTR_MODEL, call.offer().model());
    Task task = r.task();

    if (needsPrompt(f, task)) {
      in.put("prompt", r.prompt().orElseThrow(() -> invalid(endpoint + " needs a prompt")));
    } else {
      r.prompt().ifPresent(p -> in.put("prompt", p));
    }
    if (f.video()) {
      video(call, f, caps, in, attrs);
    } else if (f == Family.LORA_TRAINING) {
      Media zip = r.image().orElseThrow(() -> invalid("LoRA training needs the zip archive of training images as the request image"));
      in.put("images_data_url", media(zip));
      r.triggerWord().ifPresent(w -> in.put("trigger_word", w));
      if (r.steps().isPresent()) {
        in.put("steps", r.steps().getAsInt());
        attrs.put(FalProvider.ATTR_STEPS, Integer.toString(r.steps().getAsInt()));
      }
    } else {
      image(call, f, in, attrs);
    }
    if (f.takesSeed() && r.seed().isPresent()) in.put("seed", r.seed().getAsLong());

    String webhook = defaultWebhook;
    Map<String, Object> options = new LinkedHashMap<>(r.providerOptions().getOrDefault(provider, Map.of()));
    Object hook = options.remove(WEBHOOK_OPTION);
    if (hook != null) {
      if (!(hook instanceof String) || !(((String) hook).startsWith("https://") || ((String) hook).startsWith("http://"))) {
        throw invalid("providerOptions " + provider + "." + WEBHOOK_OPTION + " must be an http(s) URL");
      }
      webhook = (String) hook;
    }
    in.putAll(options);
    return new Prepared(endpoint, f, in, attrs, webhook);
  }

  private static boolean needsPrompt(Family f, Task task) {
    switch (f) {
      case DWPOSE: case DEPTH: case SAM3: case SEEDVR: case LORA_TRAINING:
        return false;
      default:
        return true;
    }
  }

  private void image(ProviderCall call, Family f, Map<String, Object> in, Map<String, String> attrs) {
    Request r = call.request();
    Task task = r.task();
    Capabilities caps = call.offer().capabilities();
    Size expected = r.size().orElse(null);
    if (f.takesImageSize()) {
      if (r.size().isPresent()) {
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", r.size().get().width());
        size.put("height", r.size().get().height());
        in.put("image_size", size);
      } else if (r.aspectRatio().isPresent() && RATIO_PRESETS.containsKey(r.aspectRatio().get())) {
        String preset = RATIO_PRESETS.get(r.aspectRatio().get());
        in.put("image_size", preset);
        expected = PRESETS.get(preset);
      }
    } else if ((f == Family.FLUX_ULTRA || f == Family.NANO_BANANA) && r.aspectRatio().isPresent()) {
      in.put("aspect_ratio", r.aspectRatio().get());
    }
    if (f.takesCount()) in.put("num_images", r.count());
    if (r.steps().isPresent() && (f == Family.FLUX1 || f == Family.FLUX_LORA || f == Family.Z_IMAGE
        || (f == Family.FLUX2 && !call.endpoint().contains("/flash") && !call.endpoint().contains("/turbo")))) {
      in.put("num_inference_steps", r.steps().getAsInt());
    }
    if (r.guidance().isPresent() && (f == Family.FLUX1 || f == Family.FLUX_LORA || f == Family.FLUX2)) {
      in.put("guidance_scale", r.guidance().get());
    }
    r.outputFormat().ifPresent(fmt -> {
      String v = fmt.toLowerCase(Locale.ROOT);
      if (f == Family.SEEDVR && v.equals("jpeg")) v = "jpg";
      if (f != Family.DWPOSE && f != Family.DEPTH) in.put("output_format", v);
    });
    if (f == Family.FLUX_LORA && !r.loras().isEmpty()) {
      List<Object> loras = new ArrayList<>();
      for (Lora l : r.loras()) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("path", l.path());
        w.put("scale", l.scale());
        loras.add(w);
      }
      in.put("loras", loras);
      attrs.put(FalProvider.ATTR_LORAS, Integer.toString(r.loras().size()));
    }
    switch (task) {
      case MULTI_REFERENCE: {
        List<Media> refs = new ArrayList<>();
        r.image().ifPresent(refs::add);
        refs.addAll(r.references());
        if (refs.isEmpty()) throw invalid("a multi-reference edit needs reference images");
        List<Object> urls = new ArrayList<>();
        for (Media m : refs) urls.add(media(m));
        in.put("image_urls", urls);
        attrs.put(FalProvider.ATTR_REFERENCES, Integer.toString(refs.size()));
        attrs.put(FalProvider.ATTR_INPUTS, inputSizes(refs, r.sizeOr(caps.defaultSize().orElse(PriceRule.DEFAULT_SIZE))));
        break;
      }
      case IMAGE_TO_IMAGE:
      case INPAINT: {
        Media image = r.image().orElseThrow(() -> invalid(task.wireName() + " needs an input image"));
        if (f == Family.NANO_BANANA) {
          in.put("image_urls", List.of(media(image)));
        } else {
          in.put("image_url", media(image));
          r.strength().ifPresent(s -> in.put("strength", s));
        }
        if (task == Task.INPAINT) {
          in.put("mask_url", media(r.mask().orElseThrow(() -> invalid("inpainting needs a mask"))));
        }
        if (expected == null) expected = image.size().orElse(null);
        break;
      }
      case UPSCALE: {
        Media image = r.image().orElseThrow(() -> invalid("an upscale needs an input image"));
        in.put("image_url", media(image));
        int factor = r.upscaleFactor().orElse(2);
        if (r.upscaleFactor().isPresent()) in.put("upscale_factor", factor);
        if (image.size().isPresent()) {
          expected = Size.of(image.size().get().width() * factor, image.size().get().height() * factor);
        }
        break;
      }
      case POSE_MAP:
      case DEPTH_MAP:
      case SEGMENTATION:
      case REMOVE_BACKGROUND:
      case EDGE_MAP: {
        Media image = r.image().orElseThrow(() -> invalid(task.wireName() + " needs an input image"));
        in.put("image_url", media(image));
        if (f == Family.DWPOSE && !in.containsKey("draw_mode")) in.put("draw_mode", "body-pose");
        break;
      }
      default:
        break;
    }
    if (expected == null && task == Task.TEXT_TO_IMAGE) expected = caps.defaultSize().orElse(null);
    if (expected != null) {
      attrs.put(FalProvider.ATTR_WIDTH, Integer.toString(expected.width()));
      attrs.put(FalProvider.ATTR_HEIGHT, Integer.toString(expected.height()));
    }
    if (f == Family.NANO_BANANA) attrs.put(FalProvider.ATTR_TOKENS_PER_IMAGE, Long.toString(TOKENS_PER_NANO_BANANA_IMAGE));
  }

  private void video(ProviderCall call, Family f, Capabilities caps, Map<String, Object> in, Map<String, String> attrs) {
    Request r = call.request();
    String endpoint = call.endpoint();
    Duration asked = r.duration().orElse(caps.defaultDuration().orElse(PriceRule.DEFAULT_DURATION));
    if (r.duration().isPresent()) {
      long s = r.duration().get().getSeconds();
      if (r.duration().get().getNano() != 0) throw invalid(endpoint + " takes whole seconds, not " + r.duration().get());
      in.put("duration", f == Family.VEO ? s + "s" : Long.toString(s));
    }
    attrs.put(FalProvider.ATTR_SECONDS, BigDecimal.valueOf(asked.toMillis(), 3).stripTrailingZeros().toPlainString());
    String resolution = r.resolution().orElse(null);
    if (resolution != null && (f == Family.VEO || f == Family.WAN || f == Family.SEEDANCE)) {
      in.put("resolution", f == Family.VEO ? resolution.toLowerCase(Locale.ROOT) : resolution);
    }
    if (resolution == null && !caps.resolutions().isEmpty()) resolution = caps.resolutions().get(0);
    if (resolution != null) attrs.put(FalProvider.ATTR_RESOLUTION, resolution);
    if (caps.audio()) {
      in.put("generate_audio", r.audio());
      attrs.put(FalProvider.ATTR_AUDIO, Boolean.toString(r.audio()));
    }
    r.negativePrompt().filter(n -> f == Family.KLING || f == Family.VEO || f == Family.WAN).ifPresent(n -> in.put("negative_prompt", n));
    if (f == Family.KLING && r.guidance().isPresent()) in.put("cfg_scale", r.guidance().get());
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media image = r.image().orElseThrow(() -> invalid("image-to-video needs a start image"));
      boolean startImage = f == Family.KLING && endpoint.contains("/v2.6/");
      in.put(startImage ? "start_image_url" : "image_url", media(image));
    } else if (r.aspectRatio().isPresent()) {
      in.put("aspect_ratio", r.aspectRatio().get());
    }
  }

  private static String inputSizes(List<Media> refs, Size fallback) {
    StringBuilder s = new StringBuilder();
    for (Media m : refs) {
      if (s.length() > 0) s.append(',');
      s.append(m.size().orElse(fallback));
    }
    return s.toString();
  }

  /** A URL as it is; anything local as a data URI. */
  static String media(Media m) {
    if (m.kind() == Media.Kind.URL) return m.url().get();
    if (m.kind() == Media.Kind.DATA_URI) return m.url().get();
    return MediaContent.read(m).dataUri();
  }

  private InvalidRequestException invalid(String message) {
    return new InvalidRequestException(provider, message);
  }
}
