package dev.unigen.provider.bfl.wire;

import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Seeds;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A task's state as {@code GET /v1/get_result} (the polling URL) reports it, and as a webhook
 * delivers it: {@code {id, status, result, progress, details}}, where {@code status} is one of
 * {@code Pending}, {@code Ready}, {@code Error}, {@code Failed}, {@code Request Moderated},
 * {@code Content Moderated} or {@code Task not found}, and a ready {@code result} holds
 * {@code sample} (a signed URL, valid 10 minutes) and {@code seed}. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class ResultResponse {
  /** The task is queued or running. */
  public static final String PENDING = "Pending";
  /** The image is ready at {@code result.sample}. */
  public static final String READY = "Ready";
  /** The task failed. */
  public static final String ERROR = "Error";
  /** The task failed (a value BFL's own sample code checks for). */
  public static final String FAILED = "Failed";
  /** The prompt or an input image was refused. */
  public static final String REQUEST_MODERATED = "Request Moderated";
  /** The output was refused. */
  public static final String CONTENT_MODERATED = "Content Moderated";
  /** No such task; seen for a moment right after a submit, and for unknown or expired ids. */
  public static final String TASK_NOT_FOUND = "Task not found";

  private final String id;
  private final String status;
  private final String sample;
  private final Object seed;
  private final BigDecimal progress;
  private final Object details;

  private ResultResponse(Map<String, Object> o) {
    id = Json.string(o, "id").orElse(null);
    status = Json.string(o, "status").orElse("");
    Map<String, Object> result = Json.object(o, "result");
    sample = Json.text(result, "sample").orElse(null);
    seed = result.get("seed");
    progress = Json.decimal(o, "progress").orElse(null);
    details = o.get("details");
  }

  /**
   * Reads a status answer or a webhook body.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static ResultResponse parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    return new ResultResponse(Json.object(parsed));
  }

  /** The task id, when the answer repeats it. */
  public Optional<String> id() { return Optional.ofNullable(id); }
  /** The status word, empty if absent. */
  public String status() { return status; }
  /** The signed URL of the image, when ready. */
  public Optional<String> sample() { return Optional.ofNullable(sample); }
  /** The seed used, when reported. */
  public OptionalLong seed() { return Seeds.parse(seed); }
  /** The progress BFL reports, as it reports it (a fraction or a percentage). */
  public Optional<BigDecimal> progress() { return Optional.ofNullable(progress); }
  /** The {@code details} value (moderation reasons, error text), if any, as parsed JSON. */
  public Optional<Object> details() { return Optional.ofNullable(details); }
}
