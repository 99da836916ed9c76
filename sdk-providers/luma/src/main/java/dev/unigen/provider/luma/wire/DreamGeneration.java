package dev.unigen.provider.luma.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * A generation as the Dream Machine API returns it from its create calls (201) and
 * {@code GET /generations/{id}}: {@code {id, generation_type, state, failure_reason, created_at,
 * assets{video, image, progress_video}, model, request}}, where {@code state} is {@code queued},
 * {@code dreaming}, {@code completed} or {@code failed}. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class DreamGeneration {
  /** Waiting to start. */
  public static final String QUEUED = "queued";
  /** Being generated. */
  public static final String DREAMING = "dreaming";
  /** Done; {@code assets} holds the media. */
  public static final String COMPLETED = "completed";
  /** Ended without output; {@code failure_reason} says why. */
  public static final String FAILED = "failed";

  private final String id;
  private final String state;
  private final String failureReason;
  private final String video;
  private final String image;

  private DreamGeneration(Map<String, Object> o) {
    id = Json.string(o, "id").filter(s -> !s.isBlank()).orElse(null);
    state = Json.string(o, "state").orElse("");
    failureReason = Json.string(o, "failure_reason").orElse(null);
    Map<String, Object> assets = Json.object(o, "assets");
    video = Json.string(assets, "video").filter(s -> !s.isBlank()).orElse(null);
    image = Json.string(assets, "image").filter(s -> !s.isBlank()).orElse(null);
  }

  /**
   * Reads a generation.
   *
   * @throws IllegalArgumentException if {@code text} is not a JSON object
   */
  public static DreamGeneration parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    return new DreamGeneration(Json.object(parsed));
  }

  /** The generation id. */
  public Optional<String> id() { return Optional.ofNullable(id); }
  /** The state word, empty if absent. */
  public String state() { return state; }
  /** Why the generation failed, as Luma words it. */
  public Optional<String> failureReason() { return Optional.ofNullable(failureReason); }
  /** The URL of the finished video, if any. */
  public Optional<String> video() { return Optional.ofNullable(video); }
  /** The URL of the finished image, if any. */
  public Optional<String> image() { return Optional.ofNullable(image); }
}
