package dev.unigen.provider.luma;

import dev.unigen.GenerationException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import okhttp3.HttpUrl;

/** What both Luma APIs do alike: ratios, lengths, options, media types and settling a poll. Stateless. */
final class Calls {
  private Calls() {}

  /**
   * The aspect ratio to send: the request's, else the one of {@code allowed} nearest to the
   * requested size (noting in {@code warnings} that the size itself is not sent), else none, so
   * that Luma's default applies.
   */
  static Optional<String> aspectRatio(Request r, List<String> allowed, List<String> warnings) {
    if (r.aspectRatio().isPresent()) return r.aspectRatio();
    if (r.size().isEmpty() || allowed.isEmpty()) return Optional.empty();
    Size s = r.size().get();
    double wanted = (double) s.width() / s.height();
    String best = null;
    double distance = Double.MAX_VALUE;
    for (String ratio : allowed) {
      double d = Math.abs(Math.log(value(ratio) / wanted));
      if (d < distance) {
        distance = d;
        best = ratio;
      }
    }
    warnings.add("Luma takes an aspect ratio, not a size: " + s + " was sent as " + best);
    return Optional.of(best);
  }

  private static double value(String ratio) {
    int colon = ratio.indexOf(':');
    return Double.parseDouble(ratio.substring(0, colon)) / Double.parseDouble(ratio.substring(colon + 1));
  }

  /** The clip length: the request's duration, else the offer's default, else 5 s, in whole seconds. */
  static int seconds(Request r, Offer offer) {
    Duration d = r.duration().or(() -> offer.capabilities().defaultDuration()).orElse(Duration.ofSeconds(5));
    return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).setScale(0, RoundingMode.CEILING).intValueExact();
  }

  /** The request's raw options for this provider: those under its own name, then under the instance's. */
  static Map<String, Object> options(ProviderCall call, String ownName, String instanceName) {
    Map<String, Map<String, Object>> all = call.request().providerOptions();
    Map<String, Object> options = new LinkedHashMap<>(all.getOrDefault(ownName, Map.of()));
    if (!instanceName.equals(ownName)) options.putAll(all.getOrDefault(instanceName, Map.of()));
    return options;
  }

  /**
   * Merges {@code options} into {@code body}: a value that is an object where the body has an
   * object too (Luma's {@code video} and {@code keyframes}) is merged key by key, so that a raw
   * option adds to what Unigen built instead of replacing it; anything else replaces.
   */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> body, Map<String, Object> options) {
    for (Map.Entry<String, Object> e : options.entrySet()) {
      Object mine = body.get(e.getKey());
      if (mine instanceof Map && e.getValue() instanceof Map) {
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) mine);
        merge(merged, (Map<String, Object>) e.getValue());
        body.put(e.getKey(), merged);
      } else {
        body.put(e.getKey(), e.getValue());
      }
    }
  }

  /** The media type of an output from its URL's file name, else a video's or an image's default. */
  static String mediaType(String url, boolean video) {
    HttpUrl u = HttpUrl.parse(url);
    String last = u == null || u.pathSegments().isEmpty() ? "" : u.pathSegments().get(u.pathSegments().size() - 1);
    last = last.toLowerCase(Locale.ROOT);
    if (last.endsWith(".mp4")) return "video/mp4";
    if (last.endsWith(".mov")) return "video/quicktime";
    if (last.endsWith(".webm")) return "video/webm";
    if (last.endsWith(".png")) return "image/png";
    if (last.endsWith(".jpg") || last.endsWith(".jpeg")) return "image/jpeg";
    if (last.endsWith(".webp")) return "image/webp";
    if (last.endsWith(".exr")) return "image/x-exr";
    return video ? "video/mp4" : "image/png";
  }

  /**
   * {@code poll} with its failures settled: a rate limit or a retryable failure fails the future
   * again, so the generator polls later; any other typed error ends the job.
   */
  static CompletableFuture<PollResult> settle(CompletableFuture<PollResult> poll) {
    return poll.handle((result, error) -> {
      if (error == null) return result;
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
      if (cause instanceof GenerationException && !worthPollingAgain((GenerationException) cause)) {
        return PollResult.failed((GenerationException) cause);
      }
      throw cause instanceof CompletionException ? (CompletionException) cause : new CompletionException(cause);
    });
  }

  private static boolean worthPollingAgain(GenerationException e) {
    return e instanceof RateLimitedException
        || (e instanceof ProviderFailureException && ((ProviderFailureException) e).retryable());
  }
}
