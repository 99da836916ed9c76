package dev.unigen.provider.leonardo.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A generation as v1 {@code GET /generations/{id}} answers it, under {@code generations_by_pk}
 * ({@code null} when Leonardo has no such generation): {@code id}, {@code status}
 * ({@code PENDING}, {@code COMPLETE} or {@code FAILED}), {@code imageWidth}, {@code imageHeight} and
 * {@code generated_images[{id, url, nsfw, motionMP4URL}]}. The webhook's {@code data.object} has
 * the same fields, with the images under {@code images}. Immutable.
 */
public final class Generation {
  /** Still running. */
  public static final String PENDING = "PENDING";
  /** Done; the images are ready. */
  public static final String COMPLETE = "COMPLETE";
  /** Failed. */
  public static final String FAILED = "FAILED";

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

  /** The generation a webhook delivery's {@code data.object} describes. */
  public static Generation ofWebhook(Map<String, Object> object) {
    return new Generation(object, "images");
  }

  /** {@code id}. */
  public Optional<String> id() {
    return Json.text(o, "id");
  }

  /** {@code status}, or an empty string. */
  public String status() {
    return Json.string(o, "status").orElse("");
  }

  /** {@code imageWidth}. */
  public OptionalInt width() {
    return whole(o, "imageWidth");
  }

  /** {@code imageHeight}. */
  public OptionalInt height() {
    return whole(o, "imageHeight");
  }

  /** The generated images, in order. */
  public List<Image> images() {
    List<Image> out = new ArrayList<>();
    for (Object item : Json.array(o, imagesKey)) out.add(new Image(Json.object(item)));
    return out;
  }

  private static OptionalInt whole(Map<String, Object> o, String key) {
    Optional<BigDecimal> v = Json.decimal(o, key);
    if (v.isEmpty() || v.get().signum() <= 0) return OptionalInt.empty();
    try {
      return OptionalInt.of(v.get().intValueExact());
    } catch (ArithmeticException notWhole) {
      return OptionalInt.empty();
    }
  }

  /** One generated image: {@code id}, {@code url}, {@code nsfw} and, for a video, {@code motionMP4URL}. */
  public static final class Image {
    private final Map<String, Object> o;

    Image(Map<String, Object> o) {
      this.o = o;
    }

    /** {@code id}. */
    public Optional<String> id() {
      return Json.text(o, "id");
    }

    /** {@code url}. */
    public Optional<String> url() {
      return Json.text(o, "url");
    }

    /** {@code motionMP4URL}, the video of a motion or video generation. */
    public Optional<String> motionMp4Url() {
      return Json.text(o, "motionMP4URL");
    }

    /** {@code nsfw}: Leonardo's moderation flagged the image. */
    public boolean nsfw() {
      return Json.bool(o, "nsfw").orElse(false);
    }
  }
}
