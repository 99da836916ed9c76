package dev.unigen.provider.runway.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task as {@code GET /v1/tasks/{id}} returns it: {@code {id, createdAt, status, progress?,
 * output?[], failure?, failureCode?}}, where {@code status} is {@code PENDING}, {@code THROTTLED}
 * (queued over the organization's concurrency), {@code RUNNING} (with {@code progress}, a fraction
 * from 0 to 1), {@code SUCCEEDED} (with {@code output}, URLs that expire within 24 to 48 hours),
 * {@code FAILED} (with {@code failure} and {@code failureCode}) or {@code CANCELLED}. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class RunwayTask {
  /** Waiting to start. */
  public static final String PENDING = "PENDING";
  /** Waiting because the organization runs as many tasks as its tier allows; not a failure. */
  public static final String THROTTLED = "THROTTLED";
  /** Being generated. */
  public static final String RUNNING = "RUNNING";
  /** Done; {@code output} holds the URLs. */
  public static final String SUCCEEDED = "SUCCEEDED";
  /** Ended without output. */
  public static final String FAILED = "FAILED";
  /** Cancelled or deleted. */
  public static final String CANCELLED = "CANCELLED";

  private final String id;
  private final String status;
  private final BigDecimal progress;
  private final List<String> output;
  private final String failure;
  private final String failureCode;

  private RunwayTask(Map<String, Object> o) {
    id = Json.string(o, "id").filter(s -> !s.isBlank()).orElse(null);
    status = Json.string(o, "status").orElse("");
    progress = Json.decimal(o, "progress").orElse(null);
    List<String> urls = new ArrayList<>();
    for (Object item : Json.array(o, "output")) {
      if (item instanceof String && !((String) item).isBlank()) urls.add((String) item);
    }
    output = Collections.unmodifiableList(urls);
    failure = Json.string(o, "failure").orElse(null);
    failureCode = Json.string(o, "failureCode").orElse(null);
  }

  /**
   * Reads a task, or the {@code {id}} a create call answers.
   *
   * @throws IllegalArgumentException if {@code text} is not a JSON object
   */
  public static RunwayTask parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    return new RunwayTask(Json.object(parsed));
  }

  /** The task id. */
  public Optional<String> id() { return Optional.ofNullable(id); }
  /** The status word, empty if absent. */
  public String status() { return status; }
  /** The progress of a running task, a fraction from 0 to 1, if stated. */
  public Optional<BigDecimal> progress() { return Optional.ofNullable(progress); }
  /** The output URLs of a succeeded task. */
  public List<String> output() { return output; }
  /** Why the task failed, in words. */
  public Optional<String> failure() { return Optional.ofNullable(failure); }
  /** The machine-readable failure code, such as {@code SAFETY.INPUT.TEXT}. */
  public Optional<String> failureCode() { return Optional.ofNullable(failureCode); }
}
