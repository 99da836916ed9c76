package dev.unigen.provider.sandbox;

import dev.unigen.InvalidRequestException;
import dev.unigen.catalog.Offer;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.util.Locale;

/** Works out the pixel sizes the sandbox produces from a request and its offer. */
final class Sizes {
  /** The largest side the sandbox renders, to keep a stray request from exhausting the heap. */
  static final int MAX_SIDE = 8192;
  /** The longest side of a sandbox video: a GIF stays small and quick to write. */
  static final int VIDEO_SIDE = 320;

  private Sizes() {}

  /**
   * The size of a generated image: the requested size; else, for an image-to-image or inpaint
   * call, the size its input image states, as real providers keep it; else the aspect ratio at
   * the area of the offer's default size, in multiples of 8; else the offer's default size; else
   * 1024×1024.
   */
  static Size image(Request r, Offer offer, String provider) {
    Size base = offer.capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE);
    Size size = r.size().orElse(null);
    if (size == null && r.aspectRatio().isEmpty() && (r.task() == Task.IMAGE_TO_IMAGE || r.task() == Task.INPAINT)) {
      size = r.image().flatMap(Media::size).orElse(null);
    }
    if (size == null && r.aspectRatio().isPresent()) {
      int[] ratio = ratio(r.aspectRatio().get(), provider);
      double area = base.pixels();
      size = Size.of(round(Math.sqrt(area * ratio[0] / ratio[1]), 8), round(Math.sqrt(area * ratio[1] / ratio[0]), 8));
    }
    if (size == null) size = base;
    return checked(size, provider);
  }

  /**
   * The size a real provider would make for a video request: the requested size; else the
   * resolution name (default 720p) at the aspect ratio (default 16:9); else the offer's default size.
   */
  static Size video(Request r, Offer offer, String provider) {
    if (r.size().isPresent()) return r.size().get();
    if (r.resolution().isEmpty() && r.aspectRatio().isEmpty() && offer.capabilities().defaultSize().isPresent()) {
      return offer.capabilities().defaultSize().get();
    }
    int lines = lines(r.resolution().orElse("720p"));
    int[] ratio = ratio(r.aspectRatio().orElse("16:9"), provider);
    return ratio[0] >= ratio[1]
        ? Size.of(round((double) lines * ratio[0] / ratio[1], 2), lines)
        : Size.of(lines, round((double) lines * ratio[1] / ratio[0], 2));
  }

  /** {@code nominal} shrunk to at most {@link #VIDEO_SIDE} on its longest side, keeping its shape. */
  static Size gif(Size nominal) {
    int longest = Math.max(nominal.width(), nominal.height());
    if (longest <= VIDEO_SIDE) return nominal;
    return Size.of(Math.max(1, (int) Math.round(nominal.width() * (double) VIDEO_SIDE / longest)),
        Math.max(1, (int) Math.round(nominal.height() * (double) VIDEO_SIDE / longest)));
  }

  /** Rejects sizes the sandbox will not render. */
  static Size checked(Size size, String provider) {
    if (size.width() > MAX_SIDE || size.height() > MAX_SIDE) {
      throw new InvalidRequestException(provider, "size " + size + " above the sandbox's limit of " + MAX_SIDE + " px a side");
    }
    return size;
  }

  /** The number of lines of a resolution name such as {@code 1080p} or {@code 4K}; 720 when unknown. */
  private static int lines(String resolution) {
    String r = resolution.trim().toLowerCase(Locale.ROOT);
    if (r.equals("4k") || r.equals("uhd")) return 2160;
    if (r.equals("2k")) return 1440;
    if (r.endsWith("p")) {
      try {
        int n = Integer.parseInt(r.substring(0, r.length() - 1));
        if (n > 0 && n <= MAX_SIDE) return n;
      } catch (NumberFormatException e) {
        // fall through to the default
      }
    }
    return 720;
  }

  private static int[] ratio(String text, String provider) {
    int colon = text.indexOf(':');
    try {
      int a = Integer.parseInt(text.substring(0, colon).trim());
      int b = Integer.parseInt(text.substring(colon + 1).trim());
      if (a > 0 && b > 0) return new int[] {a, b};
    } catch (RuntimeException e) {
      // reported below
    }
    throw new InvalidRequestException(provider, "aspect ratio '" + text + "' is not W:H");
  }

  private static int round(double value, int multiple) {
    return Math.max(multiple, (int) Math.round(value / multiple) * multiple);
  }
}
