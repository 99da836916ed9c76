package dev.unigen.provider.bfl;

import dev.unigen.spi.http.Json;
import dev.unigen.ProviderFailureException;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.spi.ProviderCall;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a {@link ProviderCall} to the body of {@code POST /v1/{endpoint}}, with the field names of
 * BFL's API reference for the endpoint's {@link Family}. Input images stay {@link Media} values
 * here; {@link Inputs} encodes them. What the request asks and the endpoint cannot do becomes a
 * warning, never a silently different request. Stateless.
 */
final class Submits {
  private Submits() {}

  /** A body ready to encode, with what the output will need later. */
  record Prepared(String endpoint, Family family, Map<String, Object> body, Size size, String format, int inputs,
      List<Size> inputSizes, List<String> warnings) {
    /** True if input images may be sent as URLs (every endpoint but Fill). */
    boolean urlsAllowed() {
      return family != Family.FILL;
    }
  }

  /**
   * Builds the body for {@code call}; the webhook fields and the caller's {@code providerOptions}
   * are added by the provider.
   *
   * @throws ProviderFailureException (not retryable) if the endpoint cannot take the inputs, so
   *     that failover moves to another offer
   */
  static Prepared prepare(ProviderCall call, String provider) {
    Request r = call.request();
    String endpoint = call.endpoint();
    Family family = Family.of(endpoint);
    Map<String, Object> body = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    List<Size> inputSizes = new ArrayList<>();
    r.prompt().ifPresent(p -> body.put("prompt", p));

    int inputs = 0;
    if (family == Family.FILL) {
      Media image = r.image().orElseThrow(() -> refuse(provider, endpoint + " needs the image to fill"));
      body.put("image", image);
      r.mask().ifPresent(m -> body.put("mask", m));
      image.size().ifPresent(inputSizes::add);
      inputs = 1;
      if (!r.references().isEmpty()) warnings.add(endpoint + " takes no reference images; they were not sent");
    } else {
      List<Media> images = new ArrayList<>();
      r.image().ifPresent(images::add);
      images.addAll(r.references());
      if (images.size() > family.inputSlots()) {
        throw refuse(provider, family.inputSlots() == 0
            ? endpoint + " takes no input images"
            : endpoint + " takes at most " + family.inputSlots() + " input images (the image to edit and the references), "
                + images.size() + " were given");
      }
      for (int i = 0; i < images.size(); i++) {
        body.put(i == 0 ? "input_image" : "input_image_" + (i + 1), images.get(i));
        images.get(i).size().ifPresent(inputSizes::add);
      }
      inputs = images.size();
      if (r.mask().isPresent()) warnings.add(endpoint + " takes no mask; it was not sent (FLUX.1 Fill inpaints)");
    }

    Size size = null;
    if (family.sized()) {
      size = r.size().orElse(null);
      if (size == null && r.aspectRatio().isPresent()) {
        size = sizeForRatio(r.aspectRatio().get(), defaultSize(call), family);
        if (size == null) warnings.add("aspect ratio " + r.aspectRatio().get() + " could not be read; " + endpoint + " chose the size");
      }
      // An edit without a size keeps BFL's default, which follows the input image.
      if (size == null && inputs == 0) size = defaultSize(call);
      if (size != null) {
        body.put("width", size.width());
        body.put("height", size.height());
      }
    } else if (family.aspectRatio()) {
      String ratio = r.aspectRatio().orElse(null);
      if (ratio == null && r.size().isPresent()) {
        ratio = ratio(r.size().get());
        warnings.add(endpoint + " takes an aspect ratio, not a size: " + r.size().get() + " was sent as " + ratio
            + " and the model chose the resolution");
      }
      if (ratio != null) body.put("aspect_ratio", ratio);
    } else if (r.size().isPresent() || r.aspectRatio().isPresent()) {
      warnings.add(endpoint + " keeps the size of the input image; the size asked was not sent");
    }

    r.seed().ifPresent(seed -> body.put("seed", seed));
    if (family.stepsAndGuidance()) {
      r.steps().ifPresent(s -> body.put("steps", s));
      r.guidance().ifPresent(g -> body.put("guidance", g));
    } else {
      if (r.steps().isPresent()) warnings.add(endpoint + " takes no steps; they were not sent");
      if (r.guidance().isPresent()) warnings.add(endpoint + " takes no guidance; it was not sent");
    }
    String format = family.defaultFormat();
    if (r.outputFormat().isPresent()) {
      format = format(r.outputFormat().get());
      body.put("output_format", format);
    }
    if (r.negativePrompt().isPresent()) warnings.add("BFL takes no negative prompt; it was not sent");
    if (r.strength().isPresent()) warnings.add("BFL takes no strength for edits; it was not sent");
    return new Prepared(endpoint, family, body, size, format, inputs, inputSizes, warnings);
  }

  /** {@code jpg} is BFL's {@code jpeg}; other names are sent as given, in lower case. */
  static String format(String asked) {
    String f = asked.trim().toLowerCase(Locale.ROOT);
    return f.equals("jpg") ? "jpeg" : f;
  }

  /** {@code w:h} in lowest terms, such as {@code 16:9} for 1920×1080. */
  static String ratio(Size s) {
    int g = BigInteger.valueOf(s.width()).gcd(BigInteger.valueOf(s.height())).intValue();
    return s.width() / g + ":" + s.height() / g;
  }

  /**
   * A size of about the default's area with the aspect ratio {@code ratio} ({@code "16:9"}), in
   * the family's multiple and within its limits; null if the ratio cannot be read.
   */
  static Size sizeForRatio(String ratio, Size area, Family family) {
    String[] parts = ratio.split(":");
    if (parts.length != 2) return null;
    double rw;
    double rh;
    try {
      rw = Double.parseDouble(parts[0].trim());
      rh = Double.parseDouble(parts[1].trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (!(rw > 0) || !(rh > 0)) return null;
    int multiple = family == Family.PRO_11 ? 32 : 16;
    int min = family == Family.PRO_11 ? 256 : 64;
    int max = family == Family.PRO_11 ? 1440 : 2048;
    double pixels = (double) area.width() * area.height();
    double w = Math.sqrt(pixels * rw / rh);
    double h = w * rh / rw;
    return Size.of(fit(w, multiple, min, max), fit(h, multiple, min, max));
  }

  private static int fit(double side, int multiple, int min, int max) {
    long rounded = Math.round(side / multiple) * multiple;
    return (int) Math.max(min, Math.min(max, rounded));
  }

  private static Size defaultSize(ProviderCall call) {
    return call.offer().capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE);
  }

  private static ProviderFailureException refuse(String provider, String message) {
    return new ProviderFailureException(provider, message, 0, false, null);
  }
}
