package dev.unigen.provider.replicate;

import dev.unigen.GenerationException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request into the {@code input} of one Replicate model, field by field as that model's
 * schema names them. Each model has its own mapping below; a request field the model has no input
 * for is left out with a warning (it does not change what is billed), and a combination the model
 * cannot make (a count it does not offer, 10 s of 1080p Hailuo) is refused with a non-retryable
 * {@link ProviderFailureException}, so failover tries the next offer. Input images stay
 * {@link Media} here; {@link MediaInputs} turns them into URLs or data URIs before sending.
 */
final class ModelInputs {
  /** {@code providerOptions} keys that configure the call rather than the model's input. */
  static final String OPT_WEBHOOK = "webhook";
  static final String OPT_WEBHOOK_EVENTS = "webhook_events_filter";
  static final String OPT_CANCEL_AFTER = "cancel_after";
  static final Set<String> RESERVED = Set.of(OPT_WEBHOOK, OPT_WEBHOOK_EVENTS, OPT_CANCEL_AFTER);
  /** Wan 2.1 on Replicate bills and runs at 16 frames a second. */
  static final int WAN_FPS = 16;
  /** How far a size's ratio may be from a named aspect ratio and still be sent as it (3 %). */
  private static final BigDecimal RATIO_TOLERANCE = new BigDecimal("0.03");

  /** Request fields that some models take and others do not. */
  enum Field {
    NEGATIVE_PROMPT("negative prompt"), STEPS("steps"), GUIDANCE("guidance"), SEED("seed"),
    STRENGTH("strength"), OUTPUT_FORMAT("output format"), QUALITY("quality"), FPS("fps"),
    RESOLUTION("resolution"), CONTROLNET_WEIGHT("ControlNet weight");

    final String label;

    Field(String label) {
      this.label = label;
    }
  }

  /** What one call sends: the resolved endpoint, the input, and the warnings it earned. */
  static final class Prepared {
    final Endpoint endpoint;
    final Map<String, Object> input;
    final List<String> warnings;
    /** True for models that usually finish within a minute, sent with {@code Prefer: wait}. */
    final boolean shortJob;

    Prepared(Endpoint endpoint, Map<String, Object> input, List<String> warnings, boolean shortJob) {
      this.endpoint = endpoint;
      this.input = input;
      this.warnings = warnings;
      this.shortJob = shortJob;
    }
  }

  private final String provider;
  private final ProviderCall call;
  private final Request r;
  private final Endpoint endpoint;
  private final Map<String, Object> input = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<Field> used = EnumSet.noneOf(Field.class);

  private ModelInputs(String provider, ProviderCall call, Endpoint endpoint) {
    this.provider = provider;
    this.call = call;
    this.r = call.request();
    this.endpoint = endpoint;
  }

  /**
   * Prepares {@code call}.
   *
   * @throws GenerationException if the offer's endpoint is malformed or names a model without a
   *     mapping, or the model cannot make what is asked
   */
  static Prepared prepare(ProviderCall call, String provider) {
    Endpoint ep;
    try {
      ep = Endpoint.resolve(call.endpoint(), call.request().resolution().orElse(null),
          call.offer().capabilities().resolutions());
    } catch (IllegalArgumentException e) {
      // The offer is misconfigured, not the request: another offer may serve it.
      throw new ProviderFailureException(provider, e.getMessage(), 0, false, e);
    }
    if (ep.model == null) {
      throw new ProviderFailureException(provider, "endpoint " + ep + " is a bare version id; write it as owner/name:version"
          + " so the module knows the model's inputs", 0, false, null);
    }
    ModelInputs m = new ModelInputs(provider, call, ep);
    boolean shortJob = m.map();
    m.warnUnused();
    m.applyOptions();
    return new Prepared(ep, m.input, m.warnings, shortJob);
  }

  /** Maps the request for the endpoint's model; returns whether it is a short job. */
  private boolean map() {
    String model = endpoint.model;
    switch (model) {
      case "black-forest-labs/flux-schnell":
        fluxSchnellDev(false);
        return true;
      case "black-forest-labs/flux-dev":
        fluxSchnellDev(true);
        return true;
      case "black-forest-labs/flux-pro":
        fluxPro(true);
        return true;
      case "black-forest-labs/flux-1.1-pro":
        fluxPro(false);
        return true;
      case "jagilley/controlnet-pose":
        controlNetPose();
        return true;
      case "stability-ai/stable-diffusion-3.5-large":
        sd35();
        return true;
      case "ideogram-ai/ideogram-v3-turbo":
      case "ideogram-ai/ideogram-v3-balanced":
      case "ideogram-ai/ideogram-v3-quality":
        ideogramV3();
        return true;
      case "recraft-ai/recraft-v3":
        recraftV3();
        return true;
      case "google/veo-2":
        veo2();
        return false;
      case "wavespeedai/wan-2.1-t2v-480p":
      case "wavespeedai/wan-2.1-t2v-720p":
      case "wavespeedai/wan-2.1-i2v-480p":
      case "wavespeedai/wan-2.1-i2v-720p":
        wan21();
        return false;
      case "kwaivgi/kling-v2.1":
        klingV21();
        return false;
      case "kwaivgi/kling-v2.1-master":
        klingV21Master();
        return false;
      case "minimax/hailuo-02":
        hailuo02();
        return false;
      default:
        throw new ProviderFailureException(provider, "no input mapping for Replicate model " + model
            + "; this module maps only the models of its catalog", 0, false, null);
    }
  }

  // images ------------------------------------------------------------------------------------------

  /** black-forest-labs/flux-schnell and flux-dev (replicate/cog-flux). */
  private void fluxSchnellDev(boolean dev) {
    prompt();
    if (r.size().isPresent()) {
      String[] inputs = FluxSizes.inputsFor(r.size().get()).orElseThrow(() -> cannot("size " + r.size().get()
          + " is not one of the model's aspect ratios at 1 or 0.25 megapixels"));
      input.put("aspect_ratio", inputs[0]);
      input.put("megapixels", inputs[1]);
    } else {
      r.aspectRatio().ifPresent(a -> input.put("aspect_ratio", a));
    }
    input.put("num_outputs", r.count());
    if (dev && r.task() == Task.IMAGE_TO_IMAGE) {
      input.put("image", r.image().get());
      r.strength().ifPresent(s -> { input.put("prompt_strength", s); used.add(Field.STRENGTH); });
    }
    r.steps().ifPresent(s -> { input.put("num_inference_steps", s); used.add(Field.STEPS); });
    if (dev) r.guidance().ifPresent(g -> { input.put("guidance", g); used.add(Field.GUIDANCE); });
    seed();
    outputFormat();
  }

  /** black-forest-labs/flux-pro and flux-1.1-pro. */
  private void fluxPro(boolean takesGuidance) {
    prompt();
    if (r.size().isPresent()) {
      input.put("aspect_ratio", "custom");
      input.put("width", r.size().get().width());
      input.put("height", r.size().get().height());
    } else {
      r.aspectRatio().ifPresent(a -> input.put("aspect_ratio", a));
    }
    if (takesGuidance) r.guidance().ifPresent(g -> { input.put("guidance", g); used.add(Field.GUIDANCE); });
    seed();
    outputFormat();
  }

  /** jagilley/controlnet-pose: Stable Diffusion 1.5 with the OpenPose ControlNet, which detects the pose itself. */
  private void controlNetPose() {
    ControlNet guide = r.controlNets().stream().filter(c -> c.kind() == ControlNet.Kind.OPENPOSE).findFirst()
        .orElseThrow(() -> cannot("it needs an OpenPose ControlNet guide image"));
    input.put("image", guide.guide());
    if (guide.weight().compareTo(BigDecimal.ONE) != 0) {
      warnings.add(provider + ": " + endpoint.model + " has no ControlNet weight input; the guide was applied at full strength");
    }
    prompt();
    if (r.count() != 1 && r.count() != 4) throw cannot("it makes 1 or 4 images, not " + r.count());
    input.put("num_samples", Integer.toString(r.count()));
    r.steps().ifPresent(s -> { input.put("ddim_steps", s); used.add(Field.STEPS); });
    r.guidance().ifPresent(g -> { input.put("scale", g); used.add(Field.GUIDANCE); });
    r.negativePrompt().ifPresent(n -> { input.put("n_prompt", n); used.add(Field.NEGATIVE_PROMPT); });
    seed();
    if (r.size().isPresent()) {
      warnings.add(provider + ": " + endpoint.model + " sizes its output from the guide image (image_resolution 512);"
          + " the requested size " + r.size().get() + " was not sent");
    }
  }

  /** stability-ai/stable-diffusion-3.5-large. */
  private void sd35() {
    prompt();
    aspectRatioOrNearest(List.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"));
    if (r.task() == Task.IMAGE_TO_IMAGE) {
      input.put("image", r.image().get());
      r.strength().ifPresent(s -> { input.put("prompt_strength", s); used.add(Field.STRENGTH); });
    }
    r.guidance().ifPresent(g -> { input.put("cfg", g); used.add(Field.GUIDANCE); });
    r.steps().ifPresent(s -> { input.put("steps", s); used.add(Field.STEPS); });
    seed();
    outputFormat();
  }

  /** ideogram-ai/ideogram-v3-*: text-to-image, and inpainting with image and mask. */
  private void ideogramV3() {
    prompt();
    if (r.size().isPresent()) {
      input.put("resolution", r.size().get().toString());
    } else {
      r.aspectRatio().ifPresent(a -> input.put("aspect_ratio", a));
    }
    if (r.task() == Task.INPAINT) {
      input.put("image", r.image().get());
      input.put("mask", r.mask().orElseThrow(() -> cannot("inpainting needs a mask")));
    }
    seed();
  }

  /** recraft-ai/recraft-v3: sizes from Recraft's V3 table. */
  private void recraftV3() {
    prompt();
    if (r.size().isPresent()) {
      input.put("size", r.size().get().toString());
    } else if (r.aspectRatio().isPresent()) {
      Size s = RECRAFT_SIZES.get(r.aspectRatio().get());
      if (s == null) throw cannot("aspect ratio " + r.aspectRatio().get() + " has no Recraft V3 size");
      input.put("size", s.toString());
    }
  }

  // video -------------------------------------------------------------------------------------------

  /** google/veo-2: text or image to video, 5-8 s. */
  private void veo2() {
    prompt();
    if (r.task() == Task.IMAGE_TO_VIDEO) input.put("image", r.image().get());
    aspectRatioOrNearest(List.of("16:9", "9:16"));
    r.duration().ifPresent(d -> input.put("duration", wholeSeconds(d)));
    if (r.resolution().isPresent()) used.add(Field.RESOLUTION); // the catalog offers 720p only
    seed();
  }

  /** wavespeedai/wan-2.1-{t2v,i2v}-{480p,720p}: duration as frames at 16 fps. */
  private void wan21() {
    prompt();
    boolean i2v = endpoint.model.contains("-i2v-");
    if (i2v) {
      input.put("image", r.image().orElseThrow(() -> cannot("image-to-video needs an image")));
      if (r.aspectRatio().isPresent()) {
        warnings.add(provider + ": " + endpoint.model + " takes its aspect ratio from the image; "
            + r.aspectRatio().get() + " was not sent");
      }
    } else {
      aspectRatioOrNearest(List.of("16:9", "9:16"));
    }
    int seconds = r.duration().map(ModelInputs::wholeSeconds).orElse(5);
    input.put("num_frames", seconds * WAN_FPS + 1);
    r.steps().ifPresent(s -> { input.put("sample_steps", s); used.add(Field.STEPS); });
    r.guidance().ifPresent(g -> { input.put("sample_guide_scale", g); used.add(Field.GUIDANCE); });
    used.add(Field.RESOLUTION); // chosen through the endpoint
    if (r.fps().isPresent()) used.add(Field.FPS); // the catalog offers 16 fps, the model's default
    seed();
  }

  /** kwaivgi/kling-v2.1: image to video, mode standard (720p) or pro (1080p). */
  private void klingV21() {
    prompt();
    input.put("start_image", r.image().orElseThrow(() -> cannot("kling-v2.1 needs a start image")));
    input.put("mode", klingMode());
    used.add(Field.RESOLUTION);
    r.duration().ifPresent(d -> input.put("duration", wholeSeconds(d)));
    r.negativePrompt().ifPresent(n -> { input.put("negative_prompt", n); used.add(Field.NEGATIVE_PROMPT); });
  }

  private String klingMode() {
    String model = call.offer().model();
    if (model.endsWith("-pro")) return "pro";
    if (model.endsWith("-standard")) return "standard";
    return r.resolution().map(res -> res.equalsIgnoreCase("1080p") ? "pro" : "standard").orElse("standard");
  }

  /** kwaivgi/kling-v2.1-master: text or image to video. */
  private void klingV21Master() {
    prompt();
    if (r.task() == Task.IMAGE_TO_VIDEO) input.put("start_image", r.image().get());
    aspectRatioOrNearest(List.of("16:9", "9:16", "1:1"));
    r.duration().ifPresent(d -> input.put("duration", wholeSeconds(d)));
    r.negativePrompt().ifPresent(n -> { input.put("negative_prompt", n); used.add(Field.NEGATIVE_PROMPT); });
  }

  /** minimax/hailuo-02: text or image to video, 6 or 10 s, 768p or 1080p (10 s only at 768p). */
  private void hailuo02() {
    prompt();
    if (r.task() == Task.IMAGE_TO_VIDEO) input.put("first_frame_image", r.image().get());
    Integer seconds = r.duration().map(ModelInputs::wholeSeconds).orElse(null);
    if (seconds != null) input.put("duration", seconds);
    if (r.resolution().isPresent()) {
      String res = r.resolution().get().toLowerCase(Locale.ROOT);
      if (res.equals("1080p") && seconds != null && seconds == 10) throw cannot("it makes 10 s only at 768p");
      input.put("resolution", res);
      used.add(Field.RESOLUTION);
    }
  }

  // shared ------------------------------------------------------------------------------------------

  private void prompt() {
    r.prompt().ifPresent(p -> input.put("prompt", p));
  }

  /** The seed, already within the offer's range: the call was refused before this otherwise. */
  private void seed() {
    if (r.seed().isEmpty()) return;
    input.put("seed", r.seed().getAsLong());
    used.add(Field.SEED);
  }

  private void outputFormat() {
    if (r.outputFormat().isEmpty()) return;
    String f = r.outputFormat().get().toLowerCase(Locale.ROOT);
    if (f.equals("jpeg")) f = "jpg";
    used.add(Field.OUTPUT_FORMAT);
    if (f.equals("webp") || f.equals("jpg") || f.equals("png")) {
      input.put("output_format", f);
    } else {
      warnings.add(provider + ": " + endpoint.model + " writes webp, jpg or png; output format " + f + " was not sent");
    }
  }

  /**
   * Sends the request's aspect ratio, or the one of {@code ratios} nearest a requested size
   * (within 3 %), with a warning that the model picks the pixels; refuses a size far from all.
   */
  private void aspectRatioOrNearest(List<String> ratios) {
    if (r.aspectRatio().isPresent()) {
      input.put("aspect_ratio", r.aspectRatio().get());
      return;
    }
    if (r.size().isEmpty()) return;
    Size s = r.size().get();
    BigDecimal want = BigDecimal.valueOf(s.width()).divide(BigDecimal.valueOf(s.height()), 6, RoundingMode.HALF_EVEN);
    String best = null;
    BigDecimal bestGap = null;
    for (String ratio : ratios) {
      String[] p = ratio.split(":");
      BigDecimal value = new BigDecimal(p[0]).divide(new BigDecimal(p[1]), 6, RoundingMode.HALF_EVEN);
      BigDecimal gap = want.subtract(value).abs().divide(value, 6, RoundingMode.HALF_EVEN);
      if (bestGap == null || gap.compareTo(bestGap) < 0) {
        best = ratio;
        bestGap = gap;
      }
    }
    if (bestGap == null || bestGap.compareTo(RATIO_TOLERANCE) > 0) {
      throw cannot("size " + s + " is not near any of its aspect ratios " + ratios);
    }
    input.put("aspect_ratio", best);
    warnings.add(provider + ": " + endpoint.model + " takes an aspect ratio, not a size; " + s + " was sent as "
        + best + " and the model chooses the pixels");
  }

  /** Warns about request fields the model has no input for. */
  private void warnUnused() {
    List<Field> present = new ArrayList<>();
    if (r.negativePrompt().isPresent()) present.add(Field.NEGATIVE_PROMPT);
    if (r.steps().isPresent()) present.add(Field.STEPS);
    if (r.guidance().isPresent()) present.add(Field.GUIDANCE);
    if (r.seed().isPresent()) present.add(Field.SEED);
    if (r.strength().isPresent()) present.add(Field.STRENGTH);
    if (r.outputFormat().isPresent()) present.add(Field.OUTPUT_FORMAT);
    if (r.quality().isPresent()) present.add(Field.QUALITY);
    if (r.fps().isPresent()) present.add(Field.FPS);
    if (r.resolution().isPresent()) present.add(Field.RESOLUTION);
    for (Field f : present) {
      if (!used.contains(f)) {
        warnings.add(provider + ": " + endpoint.model + " has no " + f.label + " input; it was not sent");
      }
    }
  }

  /** Copies {@code providerOptions(provider, ...)} into the input, over what was mapped. */
  private void applyOptions() {
    Map<String, Object> options = r.providerOptions().getOrDefault(provider, Map.of());
    for (Map.Entry<String, Object> e : options.entrySet()) {
      if (!RESERVED.contains(e.getKey())) input.put(e.getKey(), e.getValue());
    }
  }

  private GenerationException cannot(String why) {
    return new ProviderFailureException(provider, endpoint.model + " cannot serve this request: " + why, 0, false, null);
  }

  private static int wholeSeconds(java.time.Duration d) {
    long ms = d.toMillis();
    return (int) Math.max(1, (ms + 999) / 1000);
  }

  /** Recraft V3's size for each aspect ratio (Recraft API appendix, "List of supported image sizes"). */
  static final Map<String, Size> RECRAFT_SIZES = new LinkedHashMap<>();

  static {
    RECRAFT_SIZES.put("1:1", Size.of(1024, 1024));
    RECRAFT_SIZES.put("2:1", Size.of(2048, 1024));
    RECRAFT_SIZES.put("1:2", Size.of(1024, 2048));
    RECRAFT_SIZES.put("3:2", Size.of(1536, 1024));
    RECRAFT_SIZES.put("2:3", Size.of(1024, 1536));
    RECRAFT_SIZES.put("4:3", Size.of(1365, 1024));
    RECRAFT_SIZES.put("3:4", Size.of(1024, 1365));
    RECRAFT_SIZES.put("5:4", Size.of(1280, 1024));
    RECRAFT_SIZES.put("4:5", Size.of(1024, 1280));
    RECRAFT_SIZES.put("16:9", Size.of(1820, 1024));
    RECRAFT_SIZES.put("9:16", Size.of(1024, 1820));
    RECRAFT_SIZES.put("14:10", Size.of(1434, 1024));
    RECRAFT_SIZES.put("10:14", Size.of(1024, 1434));
  }
}
