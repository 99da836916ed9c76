package dev.unigen.provider.wavespeed;

import dev.unigen.InvalidRequestException;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.spi.ProviderCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link ProviderCall} into the model input WaveSpeed documents for the offer's model:
 * which fields each model family takes, how a size, resolution or aspect ratio is expressed, and
 * what the task will produce. Local media are left in {@link Mapped#media} for the provider to
 * upload; media given as URLs are put in the input as they are. Stateless.
 */
final class CallMapper {
  private static final BigDecimal MAX_ANIMATE_SECONDS = BigDecimal.valueOf(120);

  private CallMapper() {}

  /** The model families this module knows the input fields of, told apart by the model id. */
  enum Family {
    /** {@code wavespeed-ai/wan-2.2/animate}: image, video, prompt, resolution (480p/720p), seed. */
    WAN_ANIMATE,
    /** {@code alibaba/wan-2.x/text-to-video}: prompt, negative_prompt, size (W*H), duration, seed. */
    WAN_T2V,
    /** {@code alibaba/wan-2.x/image-to-video}: image, prompt, negative_prompt, resolution, duration, seed. */
    WAN_I2V,
    /** {@code kwaivgi/kling-v2.6-pro/text-to-video}: prompt, negative_prompt, aspect_ratio, duration, sound. */
    KLING_T2V,
    /** {@code kwaivgi/kling-v2.6-pro/image-to-video}: image, prompt, negative_prompt, duration, sound. */
    KLING_I2V,
    /** {@code bytedance/seedance-v1-…-t2v-<res>}: prompt, aspect_ratio, duration, seed. */
    SEEDANCE_T2V,
    /** {@code bytedance/seedance-v1-…-i2v-<res>}: image, prompt, duration, seed. */
    SEEDANCE_I2V,
    /** {@code wavespeed-ai/flux-dev} and {@code wavespeed-ai/flux-schnell}: prompt, size (W*H), num_images, seed. */
    FLUX_T2I,
    /** Any other model (an offer a user added): prompt, image, video and seed, plus providerOptions. */
    GENERIC;

    static Family of(String endpoint) {
      String e = endpoint.toLowerCase(Locale.ROOT);
      if (e.startsWith("wavespeed-ai/wan-2.2/animate")) return WAN_ANIMATE;
      if (e.startsWith("alibaba/wan-") && e.endsWith("/text-to-video")) return WAN_T2V;
      if (e.startsWith("alibaba/wan-") && e.endsWith("/image-to-video")) return WAN_I2V;
      // The sound switch is Kling 2.6 Pro's; other Kling models on WaveSpeed take other fields.
      if (e.startsWith("kwaivgi/kling-v2.6-pro/") && e.endsWith("/text-to-video")) return KLING_T2V;
      if (e.startsWith("kwaivgi/kling-v2.6-pro/") && e.endsWith("/image-to-video")) return KLING_I2V;
      if (e.equals("wavespeed-ai/flux-dev") || e.equals("wavespeed-ai/flux-schnell")) return FLUX_T2I;
      if (e.startsWith("bytedance/seedance-v1-") && e.contains("-t2v-")) return SEEDANCE_T2V;
      if (e.startsWith("bytedance/seedance-v1-") && e.contains("-i2v-")) return SEEDANCE_I2V;
      return GENERIC;
    }
  }

  /** The mapped call: the model id to post to, the input, local media to upload, warnings and what it will produce. */
  record Mapped(String endpoint, Family family, Map<String, Object> input, Map<String, Media> media,
      List<String> warnings, Produced produced) {}

  /** Collects fields while mapping. */
  private static final class Fields {
    final Map<String, Object> input = new LinkedHashMap<>();
    final Map<String, Media> media = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    void media(String field, Media m) {
      if (m.kind() == Media.Kind.URL) {
        input.put(field, m.url().get());
      } else {
        input.put(field, null); // keeps the field's place; filled with the uploaded URL
        media.put(field, m);
      }
    }
  }

  /**
   * Maps {@code call}.
   *
   * @throws InvalidRequestException if the request lacks an input the model needs
   */
  static Mapped map(ProviderCall call, String provider) {
    Request r = call.request();
    String endpoint = call.endpoint();
    Family family = Family.of(endpoint);
    Fields f = new Fields();
    boolean video = r.task().producesVideo();
    BigDecimal seconds = null;
    BigDecimal inputSeconds = null;
    String resolution = null;
    boolean audio = false;
    int width = 0;
    int height = 0;

    switch (family) {
      case WAN_ANIMATE: {
        f.media("image", require(r.image(), provider, "the character image"));
        Media driving = require(r.video(), provider, "the driving video");
        f.media("video", driving);
        r.prompt().ifPresent(p -> f.input.put("prompt", p));
        resolution = resolution(r).orElse("480p");
        f.input.put("resolution", resolution);
        seed(r, f);
        inputSeconds = driving.duration().map(CallMapper::seconds).orElse(null);
        BigDecimal length = inputSeconds != null ? inputSeconds : r.duration().map(CallMapper::seconds).orElse(null);
        seconds = length == null ? null : length.min(MAX_ANIMATE_SECONDS);
        ignoreNegative(r, f, "Wan 2.2 Animate");
        ignoreRatio(r, f, "Wan 2.2 Animate (the clip takes the driving video's frame)");
        break;
      }
      case WAN_T2V: {
        prompt(r, f);
        r.negativePrompt().ifPresent(n -> f.input.put("negative_prompt", n));
        Size size = wanSize(r, f);
        width = size.width();
        height = size.height();
        f.input.put("size", width + "*" + height);
        resolution = Produced.tier(width, height);
        seconds = duration(r, call, f);
        f.input.put("duration", seconds.intValueExact());
        seed(r, f);
        audio = true;
        break;
      }
      case WAN_I2V: {
        f.media("image", require(r.image(), provider, "the start image"));
        prompt(r, f);
        r.negativePrompt().ifPresent(n -> f.input.put("negative_prompt", n));
        resolution = resolution(r).orElse("720p");
        f.input.put("resolution", resolution);
        seconds = duration(r, call, f);
        f.input.put("duration", seconds.intValueExact());
        seed(r, f);
        ignoreRatio(r, f, "Wan image-to-video (the clip takes the start image's shape)");
        audio = true;
        break;
      }
      case KLING_T2V:
      case KLING_I2V: {
        if (family == Family.KLING_I2V) f.media("image", require(r.image(), provider, "the start image"));
        prompt(r, f);
        r.negativePrompt().ifPresent(n -> f.input.put("negative_prompt", n));
        if (family == Family.KLING_T2V) {
          ratio(r).ifPresent(ratio -> f.input.put("aspect_ratio", ratio));
        } else {
          ignoreRatio(r, f, "Kling image-to-video (the clip takes the start image's shape)");
        }
        seconds = duration(r, call, f);
        f.input.put("duration", seconds.intValueExact());
        audio = r.audio();
        f.input.put("sound", audio);
        r.resolution().ifPresent(res -> f.warnings.add("Kling 2.6 Pro on WaveSpeed takes no resolution; "
            + res + " was not sent"));
        if (r.seed().isPresent()) f.warnings.add("Kling 2.6 Pro on WaveSpeed takes no seed; it was not sent");
        break;
      }
      case SEEDANCE_T2V:
      case SEEDANCE_I2V: {
        if (family == Family.SEEDANCE_I2V) f.media("image", require(r.image(), provider, "the start image"));
        prompt(r, f);
        if (family == Family.SEEDANCE_T2V) {
          ratio(r).ifPresent(ratio -> f.input.put("aspect_ratio", ratio));
        } else {
          ignoreRatio(r, f, "Seedance image-to-video (the clip takes the start image's shape)");
        }
        seconds = duration(r, call, f);
        f.input.put("duration", seconds.intValueExact());
        seed(r, f);
        resolution = resolution(r).orElse(null);
        endpoint = seedanceEndpoint(endpoint, resolution);
        resolution = suffix(endpoint).orElse(resolution);
        ignoreNegative(r, f, "Seedance V1");
        break;
      }
      case FLUX_T2I: {
        prompt(r, f);
        // The offer's default (WaveSpeed's documented 1024*1024) is sent so that the produced size is known.
        Size size = r.size().orElse(call.offer().capabilities().defaultSize().orElse(Size.of(1024, 1024)));
        width = size.width();
        height = size.height();
        f.input.put("size", width + "*" + height);
        f.input.put("num_images", Math.max(1, r.count()));
        seed(r, f);
        if (r.size().isEmpty() && r.aspectRatio().isPresent()) {
          f.warnings.add("FLUX on WaveSpeed takes a size, not an aspect ratio; " + r.aspectRatio().get().trim()
              + " was not sent and " + width + "*" + height + " was asked");
        }
        ignoreNegative(r, f, "FLUX on WaveSpeed");
        break;
      }
      default: {
        r.prompt().ifPresent(p -> f.input.put("prompt", p));
        r.image().ifPresent(m -> f.media("image", m));
        r.video().ifPresent(m -> f.media("video", m));
        seed(r, f);
        seconds = r.duration().map(CallMapper::seconds).orElse(null);
        resolution = resolution(r).orElse(null);
        audio = r.audio();
        break;
      }
    }
    if (!r.references().isEmpty()) {
      f.warnings.add(r.references().size() + " reference image(s) were not sent: " + endpoint + " takes none");
    }
    return new Mapped(endpoint, family, f.input, f.media, f.warnings,
        new Produced(video, seconds, inputSeconds, resolution, audio, width, height));
  }

  private static void prompt(Request r, Fields f) {
    // Unigen lets image-to-video go without a prompt; WaveSpeed then answers for itself (1400).
    r.prompt().ifPresent(p -> f.input.put("prompt", p));
  }

  private static Media require(Optional<Media> media, String provider, String what) {
    return media.orElseThrow(() -> new InvalidRequestException(provider, "this model needs " + what));
  }

  /** The seed as asked: the offer's range was checked before the call, and leaving it out means random. */
  private static void seed(Request r, Fields f) {
    r.seed().ifPresent(seed -> f.input.put("seed", seed));
  }

  /** The requested length in whole seconds (rounded up), else the offer's default, else 5 s. */
  private static BigDecimal duration(Request r, ProviderCall call, Fields f) {
    Duration d = r.duration().orElseGet(() -> call.offer().capabilities().defaultDuration().orElse(Duration.ofSeconds(5)));
    BigDecimal s = seconds(d);
    BigDecimal whole = s.setScale(0, RoundingMode.CEILING);
    if (whole.compareTo(s) != 0) {
      f.warnings.add("WaveSpeed takes whole seconds: " + s.toPlainString() + " s was sent as " + whole.toPlainString() + " s");
    }
    return whole.max(BigDecimal.ONE);
  }

  static BigDecimal seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros();
  }

  /** The request's resolution name in lower case, or the tier of its size. */
  private static Optional<String> resolution(Request r) {
    if (r.resolution().isPresent()) return Optional.of(r.resolution().get().trim().toLowerCase(Locale.ROOT));
    return r.size().map(s -> Produced.tier(s.width(), s.height()));
  }

  /** Wan's text-to-video size: the requested size, or one made of the resolution tier and orientation. */
  private static Size wanSize(Request r, Fields f) {
    if (r.size().isPresent()) return r.size().get();
    String tier = resolution(r).orElse("720p");
    Size landscape;
    switch (tier) {
      case "480p": landscape = Size.of(832, 480); break;
      case "1080p": landscape = Size.of(1920, 1080); break;
      case "720p": landscape = Size.of(1280, 720); break;
      default:
        f.warnings.add("Wan takes 480p, 720p or 1080p; " + tier + " was sent as 720p");
        landscape = Size.of(1280, 720);
    }
    boolean portrait = r.aspectRatio().map(a -> a.trim().equals("9:16")).orElse(false);
    return portrait ? Size.of(landscape.height(), landscape.width()) : landscape;
  }

  /** The aspect ratio asked, or the reduced ratio of the requested size. */
  private static Optional<String> ratio(Request r) {
    if (r.aspectRatio().isPresent()) return Optional.of(r.aspectRatio().get().trim());
    return r.size().map(s -> {
      int g = gcd(s.width(), s.height());
      return (s.width() / g) + ":" + (s.height() / g);
    });
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static void ignoreNegative(Request r, Fields f, String model) {
    if (r.negativePrompt().isPresent()) f.warnings.add(model + " takes no negative prompt; it was not sent");
  }

  private static void ignoreRatio(Request r, Fields f, String model) {
    if (r.aspectRatio().isPresent()) f.warnings.add("the aspect ratio was not sent: " + model);
  }

  /** Replaces the {@code -480p}/{@code -720p}/{@code -1080p} suffix of a Seedance model id with the one asked. */
  static String seedanceEndpoint(String endpoint, String resolution) {
    if (resolution == null) return endpoint;
    int dash = endpoint.lastIndexOf('-');
    if (dash < 0 || suffix(endpoint).isEmpty()) return endpoint;
    return endpoint.substring(0, dash + 1) + resolution;
  }

  private static Optional<String> suffix(String endpoint) {
    String tail = endpoint.substring(endpoint.lastIndexOf('-') + 1).toLowerCase(Locale.ROOT);
    return tail.equals("480p") || tail.equals("720p") || tail.equals("1080p") ? Optional.of(tail) : Optional.empty();
  }
}
