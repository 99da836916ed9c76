package dev.unigen.provider.leonardo;

import dev.unigen.provider.leonardo.wire.Cost;
import dev.unigen.request.Size;
import dev.unigen.spi.JobRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a generation's output needs beyond its poll answer: whether it is a video, the size asked
 * (the output's when the answer does not say), a video's seconds and audio, the cost the create
 * reported and the submit's warnings. It travels in the {@link JobRef}'s attributes ({@code api},
 * {@code kind}, {@code width}, {@code height}, {@code seconds}, {@code resolution}, {@code audio},
 * {@code cost}, {@code costUnit}, {@code warnings}: the names the job journal holds), so a job
 * resumed after a restart is read and priced the same; it never holds the key. {@code cost} is
 * null when Leonardo reported none. Immutable.
 */
record JobInfo(String endpoint, boolean video, Size size, long seconds, boolean audio, Cost cost, List<String> warnings) {
  JobInfo {
    warnings = List.copyOf(warnings);
  }

  /** What an image create knows before its answer. */
  static JobInfo image(String endpoint, Size size) {
    return new JobInfo(endpoint, false, size, 0, false, null, List.of());
  }

  /** The same job with what the create answered: its cost (null if none) and the submit's warnings. */
  JobInfo answered(Cost reported, List<String> submitWarnings) {
    return new JobInfo(endpoint, video, size, seconds, audio, reported, submitWarnings);
  }

  /** The resolution a video is billed at: its short side, as {@code 1080p}. */
  String resolution() {
    return Math.min(size.width(), size.height()) + "p";
  }

  /** The attributes of a job ref. */
  Map<String, String> attributes() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(JobRef.ENDPOINT, endpoint);
    a.put("api", Requests.isV1(endpoint) ? "v1" : "v2");
    a.put("kind", video ? "video" : "image");
    a.put("width", Integer.toString(size.width()));
    a.put("height", Integer.toString(size.height()));
    if (video) {
      a.put("seconds", Long.toString(seconds));
      a.put("resolution", resolution());
      a.put("audio", Boolean.toString(audio));
    }
    if (cost != null) {
      a.put("cost", cost.amount().toPlainString());
      a.put("costUnit", cost.unit());
    }
    if (!warnings.isEmpty()) a.put("warnings", String.join("\n", warnings));
    return a;
  }

  /**
   * Reads the attributes of a job ref; a value that does not parse is dropped rather than failing
   * the job (a missing size reads as 1024x1024), since the output can still be returned without it.
   */
  static JobInfo from(Map<String, String> a) {
    Size size;
    long seconds;
    try {
      size = Size.parse(a.get("width") + "x" + a.get("height"));
    } catch (IllegalArgumentException e) {
      size = Requests.DEFAULT_SIZE;
    }
    try {
      seconds = Long.parseLong(a.getOrDefault("seconds", "0"));
    } catch (NumberFormatException e) {
      seconds = 0;
    }
    Cost cost = Optional.ofNullable(a.get("cost")).flatMap(amount -> Cost.of(amount, a.get("costUnit"))).orElse(null);
    String w = a.getOrDefault("warnings", "");
    return new JobInfo(a.getOrDefault(JobRef.ENDPOINT, ""), "video".equals(a.get("kind")), size, seconds,
        Boolean.parseBoolean(a.get("audio")), cost, w.isEmpty() ? List.of() : List.of(w.split("\n")));
  }
}
