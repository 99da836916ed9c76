package dev.unigen.provider.leonardo;

import dev.unigen.provider.leonardo.wire.Cost;
import dev.unigen.request.Size;
import dev.unigen.spi.JobRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a generation's output needs beyond its poll answer: the API it was created on, whether it
 * is a video, the size asked (the output's when the answer does not say), a video's seconds and
 * audio, the cost the create reported and the submit's warnings. It travels in the
 * {@link JobRef}'s attributes, so a job resumed after a restart is read and priced the same; it
 * never holds the key. {@code cost} is null when Leonardo reported none. Immutable.
 */
record JobInfo(String endpoint, String api, boolean video, Size size, long seconds, boolean audio, Cost cost,
    List<String> warnings) {
  static final String API = "api";
  static final String KIND = "kind";
  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String SECONDS = "seconds";
  static final String RESOLUTION = "resolution";
  static final String AUDIO = "audio";
  static final String COST = "cost";
  static final String COST_UNIT = "costUnit";
  static final String WARNINGS = "warnings";
  private static final String IMAGE = "image";
  private static final String VIDEO = "video";

  JobInfo {
    warnings = List.copyOf(warnings);
  }

  /** What an image create on {@code api} knows before its answer. */
  static JobInfo image(String endpoint, String api, Size size) {
    return new JobInfo(endpoint, api, false, size, 0, false, null, List.of());
  }

  /** The same job with what the create answered: its cost (null if none) and the submit's warnings. */
  JobInfo answered(Cost reported, List<String> submitWarnings) {
    return new JobInfo(endpoint, api, video, size, seconds, audio, reported, submitWarnings);
  }

  /** The resolution a video is billed at: its short side, as {@code 1080p}. */
  String resolution() {
    return Math.min(size.width(), size.height()) + "p";
  }

  /** The attributes of a job ref. */
  Map<String, String> attributes() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(JobRef.ENDPOINT, endpoint);
    a.put(API, api);
    a.put(KIND, video ? VIDEO : IMAGE);
    a.put(WIDTH, Integer.toString(size.width()));
    a.put(HEIGHT, Integer.toString(size.height()));
    if (video) {
      a.put(SECONDS, Long.toString(seconds));
      a.put(RESOLUTION, resolution());
      a.put(AUDIO, Boolean.toString(audio));
    }
    if (cost != null) {
      a.put(COST, cost.amount().toPlainString());
      a.put(COST_UNIT, cost.unit());
    }
    if (!warnings.isEmpty()) a.put(WARNINGS, String.join("\n", warnings));
    return a;
  }

  /**
   * Reads the attributes of a job ref; a value that does not parse is dropped rather than failing
   * the job (a missing size reads as
   * 1024x1024), since the output can still be returned without it.
   */
  static JobInfo from(Map<String, String> a) {
    Size size;
    long seconds;
    try {
      size = Size.parse(a.get(WIDTH) + "x" + a.get(HEIGHT));
    } catch (IllegalArgumentException e) {
      size = Requests.DEFAULT_SIZE;
    }
    try {
      seconds = Long.parseLong(a.getOrDefault(SECONDS, "0"));
    } catch (NumberFormatException e) {
      seconds = 0;
    }
    Cost cost = Optional.ofNullable(a.get(COST)).flatMap(amount -> Cost.of(amount, a.get(COST_UNIT))).orElse(null);
    String w = a.get(WARNINGS);
    return new JobInfo(a.getOrDefault(JobRef.ENDPOINT, ""), a.getOrDefault(API, ""), VIDEO.equals(a.get(KIND)), size,
        seconds, Boolean.parseBoolean(a.get(AUDIO)), cost, w == null || w.isEmpty() ? List.of() : List.of(w.split("\n")));
  }
}
