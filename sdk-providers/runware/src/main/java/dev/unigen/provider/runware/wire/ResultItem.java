package dev.unigen.provider.runware.wire;

import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Seeds;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One item of Runware's {@code data[]}: a result (an image, a guide image, a video), an
 * acknowledgement of an async task, or a {@code getResponse} status. Media fields are read under
 * each result family's names ({@code imageURL}, {@code guideImageURL}, {@code videoURL} and their
 * {@code Base64Data}/{@code DataURI} forms); the cost stays a {@link BigDecimal} and the seed is
 * read as 64 bits.
 *
 * <p>Internal to the Runware module. Immutable.
 */
public final class ResultItem {
  private static final String[] FAMILIES = {"image", "guideImage", "video"};

  private final String taskType;
  private final String taskUUID;
  private final String status;
  private final Integer progress;
  private final String family;
  private final String uuid;
  private final String url;
  private final String base64;
  private final String dataUri;
  private final Long seed;
  private final boolean nsfw;
  private final BigDecimal cost;
  private final ApiError error;

  private ResultItem(Map<String, Object> o) {
    taskType = Json.string(o, "taskType").orElse(null);
    taskUUID = Json.string(o, "taskUUID").orElse(null);
    status = Json.string(o, "status").orElse(null);
    progress = Json.decimal(o, "progress").map(BigDecimal::intValue).orElse(null);
    String fam = null;
    for (String f : FAMILIES) {
      if (o.containsKey(f + "UUID") || o.containsKey(f + "URL") || o.containsKey(f + "Base64Data") || o.containsKey(f + "DataURI")) {
        fam = f;
        break;
      }
    }
    family = fam;
    uuid = fam == null ? null : Json.string(o, fam + "UUID").orElse(null);
    url = fam == null ? null : Json.string(o, fam + "URL").orElse(null);
    base64 = fam == null ? null : Json.string(o, fam + "Base64Data").orElse(null);
    dataUri = fam == null ? null : Json.string(o, fam + "DataURI").orElse(null);
    OptionalLong s = Seeds.parse(o.get("seed"));
    seed = s.isPresent() ? s.getAsLong() : null;
    nsfw = Json.bool(o, "NSFWContent").orElse(false);
    cost = Json.decimal(o, "cost").orElse(null);
    Object err = o.get("error");
    error = err instanceof Map ? ApiError.read(Json.object(err), taskUUID) : null;
  }

  /** Reads one {@code data[]} item. */
  public static ResultItem read(Map<String, Object> o) {
    return new ResultItem(o);
  }

  /** The task type the server echoed (it may be a legacy name, such as {@code imageControlNetPreProcess}). */
  public Optional<String> taskType() { return Optional.ofNullable(taskType); }
  /** The task UUID the item belongs to. */
  public Optional<String> taskUUID() { return Optional.ofNullable(taskUUID); }
  /** The {@code getResponse} status: {@code processing}, {@code success} or {@code error}. */
  public Optional<String> status() { return Optional.ofNullable(status); }
  /** Progress in percent, while processing, for tasks that report it. */
  public OptionalInt progress() { return progress == null ? OptionalInt.empty() : OptionalInt.of(progress); }
  /** Which media family the item carries: {@code image}, {@code guideImage} or {@code video}. */
  public Optional<String> family() { return Optional.ofNullable(family); }
  /** The UUID of the produced media ({@code imageUUID}, {@code guideImageUUID}, {@code videoUUID}). */
  public Optional<String> mediaUUID() { return Optional.ofNullable(uuid); }
  /** The URL of the produced media. */
  public Optional<String> url() { return Optional.ofNullable(url); }
  /** The produced media as bare base64. */
  public Optional<String> base64() { return Optional.ofNullable(base64); }
  /** The produced media as a data URI. */
  public Optional<String> dataUri() { return Optional.ofNullable(dataUri); }
  /** The seed used, all 64 bits. */
  public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }
  /** True if Runware flagged the content as NSFW ({@code NSFWContent}). */
  public boolean nsfw() { return nsfw; }
  /** The cost in US dollars, present when {@code includeCost} was sent. */
  public Optional<BigDecimal> cost() { return Optional.ofNullable(cost); }
  /** The error a failed {@code getResponse} item carries. */
  public Optional<ApiError> error() { return Optional.ofNullable(error); }

  /** True if the item carries produced media that can be read: a URL or inline content. */
  public boolean hasContent() {
    return url != null || base64 != null || dataUri != null;
  }

  @Override
  public String toString() {
    return "ResultItem(" + taskUUID + (status != null ? " " + status : "") + (uuid != null ? " " + family + " " + uuid : "") + ")";
  }
}
