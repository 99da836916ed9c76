package dev.unigen.provider.stability;

import dev.unigen.ProviderFailureException;
import dev.unigen.provider.stability.wire.FormRequest;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link ProviderCall} into the form one Stability endpoint takes, field by field as the
 * v2beta reference names them, and lists what the request asked for that the endpoint cannot take.
 * A request the offer cannot serve at all (a control endpoint without a guide image, an upscale
 * without a prompt where one is required) fails with a {@link ProviderFailureException} before
 * anything is sent, so failover moves on to an offer that can. Stateless.
 */
final class CallMapper {
  /** The aspect ratios the generate and style endpoints take. */
  static final List<String> ASPECT_RATIOS = List.of("21:9", "16:9", "3:2", "5:4", "1:1", "4:5", "2:3", "9:16", "9:21");
  /**
   * The image-to-image strength sent when the request gives none: the API requires one in that
   * mode, and 0.7 is the default of Stability's official ComfyUI nodes.
   */
  static final BigDecimal DEFAULT_STRENGTH = new BigDecimal("0.7");
  /** The accept header for an image: the raw bytes, with the seed and finish reason in headers. */
  static final String ACCEPT_IMAGE = "image/*";
  /** The accept header for async endpoints and the results path, as Stability's reference lists it. */
  static final String ACCEPT_ANY = "*/*";

  private CallMapper() {}

  /** What to send, and the warnings about what was not. */
  static final class Mapped {
    final FormRequest form;
    final Endpoint endpoint;
    final List<String> warnings;

    Mapped(FormRequest form, Endpoint endpoint, List<String> warnings) {
      this.form = form;
      this.endpoint = endpoint;
      this.warnings = List.copyOf(warnings);
    }
  }

  /**
   * Maps {@code call} for the provider named {@code provider}.
   *
   * @throws ProviderFailureException if this offer cannot serve the request (nothing was sent)
   */
  static Mapped map(ProviderCall call, String provider) {
    Request r = call.request();
    Endpoint ep;
    try {
      ep = Endpoint.parse(call.endpoint());
    } catch (IllegalArgumentException e) {
      throw cannotServe(provider, e.getMessage());
    }
    List<String> warnings = new ArrayList<>();
    FormRequest.Builder form = FormRequest.builder(ep.path(), ep.async() ? ACCEPT_ANY : ACCEPT_IMAGE);
    ep.fixedFields().forEach(form::field);

    Media image = inputImage(r, ep, provider);
    boolean imageMode = image != null && ep.isGenerate();
    if (image != null) {
      if (!ep.takesFile("image")) throw cannotServe(provider, ep.path() + " takes no input image");
      form.file("image", image);
    } else if (ep.needsImage() || (r.task() == Task.IMAGE_TO_IMAGE)) {
      throw cannotServe(provider, ep.path() + " needs an input image");
    }

    if (r.prompt().isPresent() && ep.takes("prompt")) {
      form.field("prompt", r.prompt().get());
    } else if (ep.needsPrompt()) {
      throw cannotServe(provider, ep.path() + " needs a prompt");
    } else if (r.prompt().isPresent()) {
      warnings.add(dropped("prompt", ep));
    }

    if (r.negativePrompt().isPresent()) {
      boolean turbo = ep.isSd3() && form.build().fields().getOrDefault("model", "").contains("turbo");
      if (turbo) {
        warnings.add("negative prompt not sent: Stability's turbo models do not use it");
      } else if (ep.takes("negative_prompt")) {
        form.field("negative_prompt", r.negativePrompt().get());
      } else {
        warnings.add(dropped("negative prompt", ep));
      }
    }

    if (r.mask().isPresent()) {
      if (ep.takesFile("mask")) form.file("mask", r.mask().get());
      else warnings.add(dropped("mask", ep));
    }

    if (imageMode) {
      if (ep.isSd3()) form.field("mode", "image-to-image");
      if (ep.takes("strength")) {
        form.field("strength", r.strength().orElse(DEFAULT_STRENGTH).toPlainString());
      }
      if (r.size().isPresent() || r.aspectRatio().isPresent()) {
        warnings.add("size and aspect ratio not sent: in image-to-image mode Stability keeps the input's shape");
      }
    } else {
      if (r.strength().isPresent() && !ep.takes("control_strength")) warnings.add(dropped("strength", ep));
      aspectRatio(r, ep, form, warnings);
    }

    controlStrength(r, ep, form);
    r.seed().ifPresent(seed -> seed(seed, ep, form, warnings));
    r.guidance().ifPresent(g -> {
      if (ep.takes("cfg_scale")) form.field("cfg_scale", g.toPlainString());
      else warnings.add(dropped("guidance", ep));
    });
    r.outputFormat().ifPresent(f -> outputFormat(f, ep, form, warnings));
    if (r.steps().isPresent()) warnings.add("steps not sent: Stability's v2beta API takes no step count");
    if (r.upscaleFactor().isPresent() && !ep.family().equals("upscale/fast")) {
      warnings.add("upscale factor not sent: " + ep.path() + " decides the output size itself");
    }

    providerOptions(r, provider, form);
    return new Mapped(form.build(), ep, warnings);
  }

  /** The image to upload as {@code image}: the control guide, the style reference, or the input image. */
  private static Media inputImage(Request r, Endpoint ep, String provider) {
    String family = ep.family();
    if (family.equals("control/sketch") || family.equals("control/structure")) {
      if (r.controlNets().size() > 1) {
        throw cannotServe(provider, ep.path() + " takes one guide image, " + r.controlNets().size() + " were given");
      }
      if (!r.controlNets().isEmpty()) return r.controlNets().get(0).guide();
      return r.image().orElse(null);
    }
    if (family.equals("control/style")) {
      if (r.references().size() > 1) {
        throw cannotServe(provider, ep.path() + " takes one style image, " + r.references().size() + " were given");
      }
      if (!r.references().isEmpty()) return r.references().get(0);
      return r.image().orElse(null);
    }
    if (!r.controlNets().isEmpty()) throw cannotServe(provider, ep.path() + " takes no ControlNet guide");
    if (!r.references().isEmpty()) throw cannotServe(provider, ep.path() + " takes no reference images");
    return r.image().orElse(null);
  }

  /** Sends the request's aspect ratio, or the documented ratio nearest to its size. */
  private static void aspectRatio(Request r, Endpoint ep, FormRequest.Builder form, List<String> warnings) {
    if (!ep.takes("aspect_ratio")) {
      if (r.size().isPresent() || r.aspectRatio().isPresent()) {
        warnings.add("size and aspect ratio not sent: " + ep.path() + " decides the output size itself");
      }
      return;
    }
    if (r.aspectRatio().isPresent()) {
      String ratio = r.aspectRatio().get().trim();
      if (ASPECT_RATIOS.contains(ratio)) form.field("aspect_ratio", ratio);
      else warnings.add("aspect ratio " + ratio + " not sent: Stability takes only " + String.join(", ", ASPECT_RATIOS));
      if (r.size().isPresent()) warnings.add("size not sent: Stability takes an aspect ratio, not a size");
      return;
    }
    if (r.size().isPresent()) {
      Size s = r.size().get();
      String nearest = nearestRatio(s);
      form.field("aspect_ratio", nearest);
      if (!exactRatio(s, nearest)) {
        warnings.add("Stability takes an aspect ratio, not a size: " + s + " was sent as " + nearest
            + ", and the image's size is Stability's for that ratio");
      }
    }
  }

  /** The documented ratio closest to {@code size}'s, comparing logarithms so that 2:1 and 1:2 are equally far from 1:1. */
  static String nearestRatio(Size size) {
    double want = Math.log((double) size.width() / size.height());
    String best = "1:1";
    double bestDistance = Double.MAX_VALUE;
    for (String ratio : ASPECT_RATIOS) {
      int colon = ratio.indexOf(':');
      double r = Math.log(Double.parseDouble(ratio.substring(0, colon)) / Double.parseDouble(ratio.substring(colon + 1)));
      double d = Math.abs(r - want);
      if (d < bestDistance) {
        bestDistance = d;
        best = ratio;
      }
    }
    return best;
  }

  private static boolean exactRatio(Size s, String ratio) {
    int colon = ratio.indexOf(':');
    long w = Long.parseLong(ratio.substring(0, colon));
    long h = Long.parseLong(ratio.substring(colon + 1));
    return (long) s.width() * h == (long) s.height() * w;
  }

  /** The ControlNet weight as {@code control_strength}, for sketch and structure. */
  private static void controlStrength(Request r, Endpoint ep, FormRequest.Builder form) {
    if (!ep.takes("control_strength") || !ep.documented()) return;
    Optional<BigDecimal> weight = r.controlNets().stream().findFirst().map(ControlNet::weight);
    if (weight.isEmpty()) weight = r.strength();
    weight.ifPresent(w -> form.field("control_strength", w.toPlainString()));
  }

  /** Sends the seed; the catalog's range (0..4294967294, as the reference states) was checked before the call. */
  private static void seed(long seed, Endpoint ep, FormRequest.Builder form, List<String> warnings) {
    if (!ep.takes("seed")) {
      warnings.add(dropped("seed", ep));
      return;
    }
    form.field("seed", Long.toString(seed));
  }

  private static void outputFormat(String format, Endpoint ep, FormRequest.Builder form, List<String> warnings) {
    String f = format.trim().toLowerCase(Locale.ROOT);
    if (f.equals("jpg")) f = "jpeg";
    if (ep.takes("output_format") && ep.outputFormats().contains(f)) {
      form.field("output_format", f);
    } else {
      warnings.add("output format " + format + " not sent: " + ep.path() + " makes " + String.join(", ", ep.outputFormats()));
    }
  }

  /**
   * Adds the request's raw options for Stability as they are: text fields (numbers in plain
   * notation), {@link Media} as files, and a null value to remove a field Unigen would send.
   * Options given under this instance's own name are applied after those under {@code stability}.
   */
  private static void providerOptions(Request r, String provider, FormRequest.Builder form) {
    apply(r.providerOptions().get(StabilityProvider.NAME), form);
    if (!provider.equals(StabilityProvider.NAME)) apply(r.providerOptions().get(provider), form);
  }

  private static void apply(Map<String, Object> options, FormRequest.Builder form) {
    if (options == null) return;
    options.forEach((name, value) -> {
      if (value == null) form.remove(name);
      else if (value instanceof Media) form.file(name, (Media) value);
      else if (value instanceof BigDecimal) form.field(name, ((BigDecimal) value).toPlainString());
      else form.field(name, String.valueOf(value));
    });
  }

  private static String dropped(String what, Endpoint ep) {
    return what + " not sent: " + ep.path() + " does not take it";
  }

  /** The failure for an offer that cannot serve a request; nothing was sent, so failover may try the next offer. */
  static ProviderFailureException cannotServe(String provider, String why) {
    return new ProviderFailureException(provider, "cannot serve this request: " + why + " (not sent)", 0, false, null);
  }
}
