package dev.unigen.provider.runway;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runway's {@code ratio}: the output size itself, written {@code W:H}, one of the model's
 * documented list. Chooses it from a request's size, aspect ratio and resolution. Stateless.
 */
final class Ratios {
  /** How far, as a log of the proportion, an offered size may be from an asked aspect ratio: about 3%. */
  private static final double TOLERANCE = 0.03;

  private Ratios() {}

  /**
   * The size to ask for: the request's size if it is one of {@code allowed}; else the first of
   * {@code allowed} in the shape of the request's aspect ratio, at its resolution when it names
   * one; else the first at the resolution asked; else {@code fallback}.
   *
   * @throws ProviderFailureException (not retryable) if nothing in {@code allowed} fits what was
   *     asked, so that failover moves on to an offer that can make it
   */
  static Size choose(String provider, Request r, List<Size> allowed, Size fallback, String what) {
    if (r.size().isPresent()) {
      Size s = r.size().get();
      if (allowed.contains(s)) return s;
      throw unsupported(provider, what + " makes " + list(allowed) + " here, not " + s);
    }
    List<Size> candidates = new ArrayList<>(allowed);
    if (r.aspectRatio().isPresent()) {
      double wanted = proportion(r.aspectRatio().get());
      candidates.removeIf(s -> Math.abs(Math.log((double) s.width() / s.height() / wanted)) > TOLERANCE);
      if (candidates.isEmpty()) {
        throw unsupported(provider, what + " has no size in the shape of " + r.aspectRatio().get()
            + " here; it makes " + list(allowed));
      }
    }
    Optional<String> resolution = r.resolution().map(x -> x.toLowerCase(Locale.ROOT));
    if (resolution.isPresent()) {
      for (Size s : candidates) {
        if (resolution.get().equals(resolution(s).orElse(null))) return s;
      }
    }
    if (r.aspectRatio().isEmpty() && allowed.contains(fallback)) return fallback;
    return candidates.get(0);
  }

  private static ProviderFailureException unsupported(String provider, String message) {
    return new ProviderFailureException(provider, message, 0, false, null);
  }

  /** {@code 720p} for a size with a 720-pixel side, {@code 1080p} for one with a 1080-pixel side, else empty. */
  static Optional<String> resolution(Size s) {
    if (s.width() == 720 || s.height() == 720) return Optional.of("720p");
    if (s.width() == 1080 || s.height() == 1080) return Optional.of("1080p");
    return Optional.empty();
  }

  /** The size as Runway writes it: {@code 1280:720}. */
  static String wire(Size s) {
    return s.width() + ":" + s.height();
  }

  private static double proportion(String ratio) {
    int colon = ratio.indexOf(':');
    if (colon <= 0) throw new InvalidRequestException("not an aspect ratio: " + ratio);
    try {
      return Double.parseDouble(ratio.substring(0, colon)) / Double.parseDouble(ratio.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("not an aspect ratio: " + ratio);
    }
  }

  private static String list(List<Size> sizes) {
    List<String> out = new ArrayList<>();
    for (Size s : sizes) out.add(wire(s));
    return String.join(", ", out);
  }
}
