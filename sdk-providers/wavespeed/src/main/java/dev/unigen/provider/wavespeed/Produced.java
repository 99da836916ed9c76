package dev.unigen.provider.wavespeed;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a task will produce, as far as the request sent says: a video or images, its length, its
 * resolution tier, its frame size and whether it has audio. WaveSpeed's results carry none of this,
 * so the usage (and the computed cost) is built from it. It travels in the job's attributes, so a
 * resumed job prices its output the same way. The seconds and resolution are null and the frame 0×0
 * when the request does not say. Immutable.
 */
record Produced(boolean video, BigDecimal seconds, BigDecimal inputSeconds, String resolution, boolean audio,
    int width, int height) {
  static final String ATTR_OUTPUT = "output";
  static final String ATTR_SECONDS = "seconds";
  static final String ATTR_INPUT_SECONDS = "inputSeconds";
  static final String ATTR_RESOLUTION = "resolution";
  static final String ATTR_AUDIO = "audio";
  static final String ATTR_WIDTH = "width";
  static final String ATTR_HEIGHT = "height";

  /** The values as job attributes (strings only; nothing secret). */
  Map<String, String> attributes() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(ATTR_OUTPUT, video ? "video" : "image");
    if (seconds != null) a.put(ATTR_SECONDS, seconds.toPlainString());
    if (inputSeconds != null) a.put(ATTR_INPUT_SECONDS, inputSeconds.toPlainString());
    if (resolution != null) a.put(ATTR_RESOLUTION, resolution);
    a.put(ATTR_AUDIO, Boolean.toString(audio));
    if (width > 0 && height > 0) {
      a.put(ATTR_WIDTH, Integer.toString(width));
      a.put(ATTR_HEIGHT, Integer.toString(height));
    }
    return a;
  }

  /** Reads {@link #attributes()} back; missing values stay unknown. */
  static Produced fromAttributes(Map<String, String> a) {
    return new Produced(!"image".equals(a.get(ATTR_OUTPUT)), decimal(a.get(ATTR_SECONDS)),
        decimal(a.get(ATTR_INPUT_SECONDS)), a.get(ATTR_RESOLUTION), Boolean.parseBoolean(a.get(ATTR_AUDIO)),
        integer(a.get(ATTR_WIDTH)), integer(a.get(ATTR_HEIGHT)));
  }

  /**
   * Reads what a webhook delivery's echoed {@code input} says: {@code duration}, {@code size}
   * ({@code W*H}), {@code resolution} and {@code sound}. Whether the output is a video is told by
   * the model id (WaveSpeed's video models say {@code video}, {@code t2v}, {@code i2v} or
   * {@code animate} in their ids) or by the output's file name.
   */
  static Produced fromInput(Map<String, Object> input, String model, String firstOutput) {
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    String out = firstOutput == null ? "" : firstOutput.toLowerCase(Locale.ROOT);
    boolean video = m.contains("video") || m.contains("t2v") || m.contains("i2v") || m.contains("animate")
        || out.contains(".mp4") || out.contains(".webm") || out.contains(".mov");
    BigDecimal seconds = Json.decimal(input, "duration").filter(d -> d.signum() > 0).orElse(null);
    String resolution = Json.string(input, "resolution").map(r -> r.toLowerCase(Locale.ROOT)).orElse(null);
    int width = 0;
    int height = 0;
    Optional<int[]> size = Json.string(input, "size").flatMap(Produced::parseStarSize);
    if (size.isPresent()) {
      width = size.get()[0];
      height = size.get()[1];
      if (resolution == null) resolution = tier(width, height);
    }
    boolean audio = Json.bool(input, "sound").orElse(false);
    return new Produced(video, seconds, null, resolution, audio, width, height);
  }

  /** The resolution tier of a frame: its shorter side, such as {@code 720p} for 1280×720. */
  static String tier(int width, int height) {
    return Math.min(width, height) + "p";
  }

  /** Parses WaveSpeed's {@code W*H} size string. */
  static Optional<int[]> parseStarSize(String s) {
    int star = s.indexOf('*');
    if (star <= 0) return Optional.empty();
    try {
      int w = Integer.parseInt(s.substring(0, star).trim());
      int h = Integer.parseInt(s.substring(star + 1).trim());
      return w > 0 && h > 0 ? Optional.of(new int[] {w, h}) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static BigDecimal decimal(String s) {
    if (s == null) return null;
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int integer(String s) {
    if (s == null) return 0;
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
