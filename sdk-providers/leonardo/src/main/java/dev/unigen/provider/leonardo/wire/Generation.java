package dev.unigen.provider.leonardo.wire;

import dev.unigen.request.Size;
import dev.unigen.spi.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A generation as v1 {@code GET /generations/{id}} answers it, under {@code generations_by_pk}
 * ({@code null} when Leonardo has no such generation): {@code id}, {@code status}
 * ({@code PENDING}, {@code COMPLETE} or {@code FAILED}), {@code imageWidth}, {@code imageHeight} and
 * {@code generated_images[{id, url, nsfw, motionMP4URL}]}. A delivery to the webhook set on a
 * Production API key, {@code {"type": "image_generation.complete", "object": "generation",
 * "timestamp", "api_version", "data": {"object": {...}}}}, carries the same fields with the images
 * under {@code images}; its body repeats the key's webhook settings (and the key's own record), so
 * it is never logged or put in a message. Immutable.
 */
public final class Generation {
  /** Still running. */
  public static final String PENDING = "PENDING";
  /** Done; the images are ready. */
  public static final String COMPLETE = "COMPLETE";
  /** Failed. */
  public static final String FAILED = "FAILED";
  /** The event Leonardo delivers when a generation ends. */
  public static final String GENERATION_COMPLETE = "image_generation.complete";

  private final Map<String, Object> o;
  private final String imagesKey;

  private Generation(Map<String, Object> o, String imagesKey) {
    this.o = o;
    this.imagesKey = imagesKey;
  }

  /** The generation of a poll answer, or empty when {@code generations_by_pk} is null or absent. */
  public static Optional<Generation> ofPoll(Map<String, Object> answer) {
    Object g = answer.get("generations_by_pk");
    return g instanceof Map ? Optional.of(new Generation(Json.object(g), "generated_images")) : Optional.empty();
  }

  /** The generation in a webhook delivery's {@code data.object}, or empty for another event type. */
  public static Optional<Generation> ofDelivery(Map<String, Object> delivery) {
    if (!GENERATION_COMPLETE.equals(Json.string(delivery, "type").orElse(""))) return Optional.empty();
    return Optional.of(new Generation(Json.object(Json.object(delivery, "data"), "object"), "images"));
  }

  /** {@code id}. */
  public Optional<String> id() {
    return Json.text(o, "id");
  }

  /** {@code status}, or an empty string. */
  public String status() {
    return Json.string(o, "status").orElse("");
  }

  /** {@code imageWidth} x {@code imageHeight}, when both are positive whole numbers. */
  public Optional<Size> size() {
    try {
      return Optional.of(Size.parse(Json.decimal(o, "imageWidth").orElseThrow().stripTrailingZeros().toPlainString()
          + "x" + Json.decimal(o, "imageHeight").orElseThrow().stripTrailingZeros().toPlainString()));
    } catch (NoSuchElementException | IllegalArgumentException absentOrNotASize) {
      return Optional.empty();
    }
  }

  /** The generated images, in order. */
  public List<Image> images() {
    List<Image> out = new ArrayList<>();
    for (Object item : Json.array(o, imagesKey)) {
      Map<String, Object> image = Json.object(item);
      out.add(new Image(Json.text(image, "url"), Json.text(image, "motionMP4URL"),
          Json.bool(image, "nsfw").orElse(false)));
    }
    return out;
  }

  /**
   * One generated image.
   *
   * @param url {@code url}
   * @param motionMp4Url {@code motionMP4URL}, the video of a motion or video generation
   * @param nsfw {@code nsfw}: Leonardo's moderation flagged the image
   */
  public record Image(Optional<String> url, Optional<String> motionMp4Url, boolean nsfw) {}
}
