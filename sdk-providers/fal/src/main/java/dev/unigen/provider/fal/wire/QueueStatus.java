package dev.unigen.provider.fal.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A queue status object: {@code status} ({@code IN_QUEUE}, {@code IN_PROGRESS}, {@code COMPLETED}),
 * {@code queue_position}, {@code logs[{message, level, source, timestamp}]}, and on a failed
 * completion {@code error} and {@code error_type}. Immutable.
 */
public final class QueueStatus {
  private final String status;
  private final Integer queuePosition;
  private final List<String> logs;
  private final String error;
  private final String errorType;

  private QueueStatus(String status, Integer queuePosition, List<String> logs, String error, String errorType) {
    this.status = status;
    this.queuePosition = queuePosition;
    this.logs = logs;
    this.error = error;
    this.errorType = errorType;
  }

  /**
   * Reads a status object.
   *
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  public static QueueStatus parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    Map<String, Object> o = Json.object(parsed);
    Integer position = Json.decimal(o, "queue_position").map(BigDecimal::intValue).orElse(null);
    List<String> logs = new ArrayList<>();
    for (Object item : Json.array(o, "logs")) {
      Map<String, Object> log = Json.object(item);
      String message = Json.string(log, "message").orElse(null);
      if (message == null) continue;
      logs.add(Json.string(log, "level").map(l -> l + " ").orElse("") + message);
    }
    Object error = o.get("error");
    String errorText = error instanceof String ? (String) error
        : error instanceof Map ? Json.string(Json.object(error), "message").orElse(String.valueOf(error)) : null;
    return new QueueStatus(Json.string(o, "status").orElse(""), position, List.copyOf(logs), errorText,
        Json.string(o, "error_type").orElse(null));
  }

  /** The status word, empty if absent. */
  public String status() { return status; }
  /** The 0-based position in the queue, while queued. */
  public OptionalInt queuePosition() { return queuePosition == null ? OptionalInt.empty() : OptionalInt.of(queuePosition); }
  /** Log lines, each as {@code LEVEL message}. */
  public List<String> logs() { return logs; }
  /** The error of a completed request that failed. */
  public Optional<String> error() { return Optional.ofNullable(error).filter(s -> !s.isBlank()); }
  /** The error's type, such as {@code runner_disconnected}. */
  public Optional<String> errorType() { return Optional.ofNullable(errorType); }
}
