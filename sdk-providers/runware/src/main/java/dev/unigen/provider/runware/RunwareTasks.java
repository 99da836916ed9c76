package dev.unigen.provider.runware;

import dev.unigen.InvalidRequestException;
import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.provider.runware.wire.TaskBody;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Runware task for a call, with the task names and fields of Runware's current model
 * documentation (runware.ai/docs/models/..., schemas of 2026): {@code imageInference} with media
 * under {@code inputs.seedImage}/{@code inputs.maskImage}, {@code controlNet[]} and {@code lora[]};
 * {@code upscale}, {@code removeBackground} and {@code controlNetPreprocess} with the model's AIR
 * in {@code model} and the picture in {@code inputs.image}; {@code videoInference} with
 * {@code deliveryMethod:"async"} and the start frame in {@code inputs.frameImages}. Every task
 * asks for {@code includeCost:true} and URL output.
 */
final class RunwareTasks {
  /** Fields the module sets itself; provider options may not override them. */
  private static final Set<String> RESERVED = Set.of("taskType", "taskUUID", "includeCost", "deliveryMethod",
      "numberResults", "outputType");
  private static final Size FALLBACK_SIZE = Size.of(1024, 1024);

  private final String provider;

  RunwareTasks(String provider) {
    this.provider = provider;
  }

  /**
   * Prepares the task for {@code call}.
   *
   * @throws InvalidRequestException if the request cannot be expressed, or a local file cannot be read
   */
  PreparedTask prepare(ProviderCall call) {
    Request r = call.request();
    String uuid = TaskUuids.of(call.id());
    switch (r.task()) {
      case TEXT_TO_IMAGE:
      case IMAGE_TO_IMAGE:
      case INPAINT:
        return imageInference(call, uuid);
      case UPSCALE:
        return upscale(call, uuid);
      case REMOVE_BACKGROUND:
        return removeBackground(call, uuid);
      case POSE_MAP:
      case DEPTH_MAP:
      case EDGE_MAP:
        return preprocess(call, uuid);
      case TEXT_TO_VIDEO:
      case IMAGE_TO_VIDEO:
        return video(call, uuid);
      default:
        throw new InvalidRequestException(provider, "Runware does not serve " + r.task().wireName() + " here");
    }
  }

  private PreparedTask imageInference(ProviderCall call, String uuid) {
    Request r = call.request();
    Offer offer = call.offer();
    String prompt = r.prompt().orElseThrow(() -> new InvalidRequestException(provider, "imageInference needs a prompt"));
    Size size = outputSize(r, offer.capabilities());
    TaskBody t = TaskBody.task("imageInference", uuid)
        .put("model", call.endpoint())
        .put("positivePrompt", prompt)
        .put("negativePrompt", r.negativePrompt().orElse(null))
        .put("width", size.width())
        .put("height", size.height());
    r.steps().ifPresent(s -> t.put("steps", s));
    r.guidance().ifPresent(g -> t.put("CFGScale", g));
    r.seed().ifPresent(s -> t.put("seed", s));
    t.put("numberResults", r.count());
    String format = imageFormat(r, null);
    t.put("outputType", "URL").put("outputFormat", format);
    if (r.task() != Task.TEXT_TO_IMAGE) {
      Media image = r.image().orElseThrow(() -> new InvalidRequestException(provider,
          r.task().wireName() + " needs an input image (inputs.seedImage)"));
      TaskBody inputs = TaskBody.object().put("seedImage", wire(image));
      if (r.task() == Task.INPAINT) {
        Media mask = r.mask().orElseThrow(() -> new InvalidRequestException(provider, "inpaint needs a mask (inputs.maskImage)"));
        inputs.put("maskImage", wire(mask));
      }
      t.put("inputs", inputs);
      r.strength().ifPresent(s -> t.put("strength", s));
    }
    if (!r.controlNets().isEmpty()) {
      List<TaskBody> nets = new ArrayList<>();
      for (ControlNet c : r.controlNets()) {
        nets.add(TaskBody.object()
            .put("model", ControlNetModels.require(provider, offer.model(), c.kind()))
            .put("guideImage", wire(c.guide()))
            .put("weight", c.weight()));
      }
      t.put("controlNet", nets);
    }
    if (!r.loras().isEmpty()) {
      List<TaskBody> loras = new ArrayList<>();
      for (Lora l : r.loras()) loras.add(TaskBody.object().put("model", l.path()).put("weight", l.scale()));
      t.put("lora", loras);
    }
    finish(t, r, false);
    return new PreparedTask(t, uuid, r.task(), false, r.count(), size, null, null, mediaType(format), r.loras().size());
  }

  private PreparedTask upscale(ProviderCall call, String uuid) {
    Request r = call.request();
    Media image = requireImage(r);
    int factor = r.upscaleFactor().orElse(2);
    String format = imageFormat(r, null);
    TaskBody t = TaskBody.task("upscale", uuid)
        .put("model", call.endpoint())
        .put("inputs", TaskBody.object().put("image", wire(image)))
        .put("upscaleFactor", factor)
        .put("outputType", "URL")
        .put("outputFormat", format);
    finish(t, r, false);
    Size out = image.size().map(s -> Size.of(s.width() * factor, s.height() * factor)).orElse(null);
    return new PreparedTask(t, uuid, r.task(), false, 1, out, null, null, mediaType(format), 0);
  }

  private PreparedTask removeBackground(ProviderCall call, String uuid) {
    Request r = call.request();
    Media image = requireImage(r);
    String format = imageFormat(r, "PNG");
    TaskBody t = TaskBody.task("removeBackground", uuid)
        .put("model", call.endpoint())
        .put("inputs", TaskBody.object().put("image", wire(image)))
        .put("outputType", "URL")
        .put("outputFormat", format);
    finish(t, r, false);
    return new PreparedTask(t, uuid, r.task(), false, 1, image.size().orElse(null), null, null, mediaType(format), 0);
  }

  private PreparedTask preprocess(ProviderCall call, String uuid) {
    Request r = call.request();
    Media image = requireImage(r);
    String format = imageFormat(r, null);
    TaskBody t = TaskBody.task("controlNetPreprocess", uuid)
        .put("model", call.endpoint())
        .put("inputs", TaskBody.object().put("image", wire(image)))
        .put("outputType", "URL")
        .put("outputFormat", format);
    finish(t, r, false);
    return new PreparedTask(t, uuid, r.task(), false, 1, image.size().orElse(null), null, null, mediaType(format), 0);
  }

  private PreparedTask video(ProviderCall call, String uuid) {
    Request r = call.request();
    Capabilities caps = call.offer().capabilities();
    String prompt = r.prompt().orElseThrow(() -> new InvalidRequestException(provider, "videoInference needs a prompt"));
    Size size = outputSize(r, caps);
    BigDecimal seconds = r.duration()
        .map(d -> BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros())
        .orElseGet(() -> caps.defaultDuration().map(d -> BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros())
            .orElse(BigDecimal.valueOf(5)));
    if (seconds.scale() > 0) {
      throw new InvalidRequestException(provider, "Runware video durations are whole seconds: " + seconds.toPlainString());
    }
    TaskBody t = TaskBody.task("videoInference", uuid)
        .put("model", call.endpoint())
        .put("positivePrompt", prompt)
        .put("negativePrompt", r.negativePrompt().orElse(null))
        .put("duration", seconds.setScale(0, RoundingMode.UNNECESSARY).toBigInteger())
        .put("width", size.width())
        .put("height", size.height());
    r.guidance().ifPresent(g -> t.put("CFGScale", g));
    r.seed().ifPresent(s -> t.put("seed", s));
    t.put("numberResults", r.count());
    t.put("outputType", "URL");
    String format = videoFormat(r);
    t.put("outputFormat", format);
    if (r.task() == Task.IMAGE_TO_VIDEO) {
      Media image = requireImage(r);
      t.put("inputs", TaskBody.object().put("frameImages",
          List.of(TaskBody.object().put("image", wire(image)).put("frame", "first"))));
    }
    finish(t, r, true);
    String resolution = r.resolution().orElse(Math.min(size.width(), size.height()) + "p");
    return new PreparedTask(t, uuid, r.task(), true, r.count(), size, seconds, resolution,
        "video/" + format.toLowerCase(Locale.ROOT).replace("mov", "quicktime"), 0);
  }

  /** Adds {@code includeCost}, the delivery method, and the caller's raw {@code providerOptions("runware", …)}. */
  private void finish(TaskBody t, Request r, boolean async) {
    Map<String, Object> raw = r.providerOptions().get(provider);
    if (raw == null && !"runware".equals(provider)) raw = r.providerOptions().get("runware");
    if (raw != null) {
      for (Map.Entry<String, Object> e : raw.entrySet()) {
        if (RESERVED.contains(e.getKey())) {
          throw new InvalidRequestException(provider, "provider option '" + e.getKey() + "' is set by Unigen and cannot be overridden");
        }
        try {
          t.put(e.getKey(), e.getValue());
        } catch (IllegalArgumentException bad) {
          throw new InvalidRequestException(provider, "provider option '" + e.getKey() + "': " + bad.getMessage());
        }
      }
    }
    t.put("includeCost", Boolean.TRUE);
    t.put("deliveryMethod", async ? "async" : "sync");
  }

  private Media requireImage(Request r) {
    return r.image().orElseThrow(() -> new InvalidRequestException(provider, r.task().wireName() + " needs an input image"));
  }

  /**
   * A {@link Media} as Runware takes it: a public URL as it is, a data URI as it is, and a local
   * file or bytes as a data URI (Runware also accepts bare base64 and the UUID of an uploaded image).
   */
  static String wire(Media m) {
    switch (m.kind()) {
      case URL:
      case DATA_URI:
        return m.url().get();
      default:
        return MediaContent.read(m).dataUri();
    }
  }

  /**
   * The output size: the request's; else one of the offer's fixed sizes (or, for a size range, a
   * multiple of 64 near the default area) with the requested aspect ratio; else the offer's default.
   */
  private Size outputSize(Request r, Capabilities caps) {
    if (r.size().isPresent()) return r.size().get();
    Size dflt = caps.defaultSize().orElse(!caps.sizes().isEmpty() ? caps.sizes().get(0) : FALLBACK_SIZE);
    if (r.aspectRatio().isEmpty()) return dflt;
    long[] ratio = ratio(r.aspectRatio().get());
    for (Size s : caps.sizes()) {
      if ((long) s.width() * ratio[1] == (long) s.height() * ratio[0]) return s;
    }
    if (!caps.sizes().isEmpty()) {
      throw new InvalidRequestException(provider, "no size of this model has aspect ratio " + r.aspectRatio().get());
    }
    double area = (double) dflt.width() * dflt.height();
    int step = Math.max(64, caps.multipleOf());
    int w = (int) Math.max(step, Math.round(Math.sqrt(area * ratio[0] / ratio[1]) / step) * step);
    int h = (int) Math.max(step, Math.round((double) w * ratio[1] / ratio[0] / step) * step);
    return Size.of(w, h);
  }

  private long[] ratio(String text) {
    int colon = text.indexOf(':');
    try {
      long a = Long.parseLong(text.substring(0, colon).trim());
      long b = Long.parseLong(text.substring(colon + 1).trim());
      if (a > 0 && b > 0) return new long[] {a, b};
    } catch (RuntimeException bad) {
      // reported below
    }
    throw new InvalidRequestException(provider, "not an aspect ratio: " + text);
  }

  /** Runware's image formats are {@code JPG}, {@code PNG} and {@code WEBP}. */
  private String imageFormat(Request r, String dflt) {
    if (r.outputFormat().isEmpty()) return dflt != null ? dflt : "JPG";
    switch (r.outputFormat().get().toLowerCase(Locale.ROOT)) {
      case "jpg": case "jpeg": return "JPG";
      case "png": return "PNG";
      case "webp": return "WEBP";
      default: throw new InvalidRequestException(provider, "Runware writes images as JPG, PNG or WEBP, not " + r.outputFormat().get());
    }
  }

  /** Runware's video formats are {@code MP4}, {@code WEBM} and {@code MOV}. */
  private String videoFormat(Request r) {
    if (r.outputFormat().isEmpty()) return "MP4";
    String f = r.outputFormat().get().toUpperCase(Locale.ROOT);
    if (f.equals("MP4") || f.equals("WEBM") || f.equals("MOV")) return f;
    throw new InvalidRequestException(provider, "Runware writes videos as MP4, WEBM or MOV, not " + r.outputFormat().get());
  }

  private static String mediaType(String format) {
    switch (format) {
      case "PNG": return "image/png";
      case "WEBP": return "image/webp";
      default: return "image/jpeg";
    }
  }
}
