package dev.unigen.provider.replicate;

import dev.unigen.NoOutputException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Size;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Seeds;
import dev.unigen.spi.protocol.ReplicatePredictions;
import dev.unigen.spi.protocol.ReplicatePredictions.Prediction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a succeeded prediction's output into assets and the {@link Usage} that prices them.
 * Everything is read from the prediction itself ({@code model}, the echoed {@code input},
 * {@code output}, {@code metrics}), so a poll after a restart and a webhook delivery read it alike.
 */
final class Outputs {
  private static final Pattern SEED_LOG = Pattern.compile("(?i)using seed:\\s*(\\d+)");
  private static final BigDecimal WAN_FPS = BigDecimal.valueOf(ModelInputs.WAN_FPS);

  private final String provider;

  Outputs(String provider) {
    this.provider = provider;
  }

  /**
   * The assets and usage of a succeeded prediction.
   *
   * @throws NoOutputException if it has no output URL (also when Replicate removed the data, an
   *     hour after the prediction for API predictions)
   */
  ProviderOutput output(Prediction p, String modelHint, List<String> warnings) {
    String model = p.model().orElse(modelHint == null ? "" : modelHint);
    List<String> urls = new ArrayList<>(p.outputs());
    ProviderOutput.Builder out = ProviderOutput.builder().providerRequestId(p.id());
    warnings.forEach(out::warning);
    if (model.equals("jagilley/controlnet-pose") && urls.size() > 1) {
      // The model returns the pose it detected first, then the images; only the images are results.
      urls.remove(0);
      out.warning(provider + ": the pose map " + model + " detected (its first output) is not returned");
    }
    if (urls.isEmpty()) {
      throw new NoOutputException(provider, "prediction " + p.id() + " succeeded without output"
          + (p.dataRemoved() ? "; Replicate removed its data (API predictions keep outputs for one hour)" : ""));
    }
    Map<String, Object> in = p.input();
    Usage.Builder usage = Usage.builder();
    p.predictTime().ifPresent(usage::computeSeconds);
    OptionalLong seed = seed(p);
    Video video = video(model, in);
    Optional<Size> size = video == null ? imageSize(model, in) : Optional.empty();
    for (String url : urls) {
      Asset.Builder a = Asset.builder(ReplicatePredictions.mediaType(url, video != null ? "video/mp4" : "image/webp")).url(url);
      size.ifPresent(s -> a.size(s.width(), s.height()));
      if (video != null && video.seconds != null) a.durationSeconds(video.seconds);
      if (seed.isPresent()) a.seed(seed.getAsLong());
      out.asset(a.build());
    }
    if (video != null) {
      usage.count(urls.size());
      if (video.seconds != null) usage.outputSeconds(video.seconds);
      if (video.resolution != null) usage.resolution(video.resolution);
      if (video.frames != null) usage.frames(video.frames);
      if (video.fps != null) usage.fps(video.fps);
    } else if (size.isPresent()) {
      usage.images(urls.size(), size.get());
    } else {
      usage.count(urls.size());
    }
    int asked = Json.decimal(in, "num_outputs").map(BigDecimal::intValue).orElse(0);
    if (model.startsWith("black-forest-labs/flux-") && asked > urls.size()) {
      out.warning(provider + ": " + (asked - urls.size()) + " of " + asked + " images were withheld by "
          + model + "'s safety checker; only the " + urls.size() + " returned are billed");
    }
    return out.usage(usage.build()).build();
  }

  /** The size every image of {@code model} has, when the echoed input fixes it. */
  static Optional<Size> imageSize(String model, Map<String, Object> in) {
    switch (model) {
      case "black-forest-labs/flux-schnell":
      case "black-forest-labs/flux-dev":
        if (in.get("image") != null) return Optional.empty(); // image-to-image follows the input image
        return FluxSizes.size(Json.string(in, "aspect_ratio").orElse("1:1"), Json.string(in, "megapixels").orElse("1"));
      case "black-forest-labs/flux-pro":
      case "black-forest-labs/flux-1.1-pro":
        if (!"custom".equals(Json.string(in, "aspect_ratio").orElse(""))) return Optional.empty();
        Optional<BigDecimal> w = Json.decimal(in, "width");
        Optional<BigDecimal> h = Json.decimal(in, "height");
        return w.isPresent() && h.isPresent() ? Optional.of(Size.of(w.get().intValue(), h.get().intValue())) : Optional.empty();
      case "ideogram-ai/ideogram-v3-turbo":
      case "ideogram-ai/ideogram-v3-balanced":
      case "ideogram-ai/ideogram-v3-quality":
        return Json.string(in, "resolution").flatMap(Outputs::parseSize);
      case "recraft-ai/recraft-v3":
        if (in.get("aspect_ratio") != null) {
          return Json.string(in, "aspect_ratio").map(ModelInputs.RECRAFT_SIZES::get);
        }
        return Optional.of(Json.string(in, "size").flatMap(Outputs::parseSize).orElse(Size.of(1024, 1024)));
      default:
        return Optional.empty();
    }
  }

  /** Length, resolution and frames of a video model's output, or null for an image model. */
  static Video video(String model, Map<String, Object> in) {
    if (model.equals("google/veo-2")) return new Video(seconds(in, "duration", 5), "720p", null, null);
    if (model.startsWith("wavespeedai/wan-2.1-")) {
      long frames = Json.decimal(in, "num_frames").map(BigDecimal::longValue).orElse(81L);
      String res = model.endsWith("-720p") ? "720p" : model.endsWith("-480p") ? "480p" : null;
      // Replicate prices Wan 2.1 on the video duration at 16 fps: num_frames / 16.
      return new Video(BigDecimal.valueOf(frames).divide(WAN_FPS), res, frames, ModelInputs.WAN_FPS);
    }
    if (model.equals("kwaivgi/kling-v2.1")) {
      String mode = Json.string(in, "mode").orElse("standard");
      return new Video(seconds(in, "duration", 5), mode.equals("pro") ? "1080p" : "720p", null, null);
    }
    if (model.equals("kwaivgi/kling-v2.1-master")) return new Video(seconds(in, "duration", 5), null, null, null);
    if (model.equals("minimax/hailuo-02")) {
      return new Video(seconds(in, "duration", 6), Json.string(in, "resolution").orElse("768p"), null, null);
    }
    return null;
  }

  private static BigDecimal seconds(Map<String, Object> in, String key, int fallback) {
    return Json.decimal(in, key).orElse(BigDecimal.valueOf(fallback));
  }

  /** The seed the input asked for, or the one the model logged ("Using seed: 1234"). */
  static OptionalLong seed(Prediction p) {
    OptionalLong asked = Seeds.parse(p.input().get("seed"));
    if (asked.isPresent()) return asked;
    if (p.logs().isEmpty()) return OptionalLong.empty();
    Matcher m = SEED_LOG.matcher(p.logs().get());
    return m.find() ? Seeds.parse(m.group(1)) : OptionalLong.empty();
  }

  private static Optional<Size> parseSize(String text) {
    try {
      return Optional.of(Size.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What a video model produced. */
  static final class Video {
    final BigDecimal seconds;
    final String resolution;
    final Long frames;
    final Integer fps;

    Video(BigDecimal seconds, String resolution, Long frames, Integer fps) {
      this.seconds = seconds;
      this.resolution = resolution;
      this.frames = frames;
      this.fps = fps;
    }
  }
}
