package dev.unigen.provider.wavespeed.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prediction (task) as the v3 API describes it: the {@code data} of a submit or result answer,
 * or the body of a webhook delivery. Fields: {@code id}, {@code model}, {@code status}
 * ({@code created}, {@code processing}, {@code completed}, {@code failed}, and {@code cancelled} or
 * {@code timeout}), {@code outputs}, {@code urls.get}, {@code has_nsfw_contents},
 * {@code error} (empty when all is well), {@code code} (a task error code, or 5004 when sync mode
 * timed out), {@code created_at}, {@code executionTime}, {@code timings.inference} and, in webhook
 * deliveries, the {@code input} that was sent. Immutable.
 */
public final class Prediction {
  /** The task is queued. */
  public static final String CREATED = "created";
  /** The task is running. */
  public static final String PROCESSING = "processing";
  /** The task finished with outputs. */
  public static final String COMPLETED = "completed";
  /** The task failed; {@link #error()} says why. A failed task still comes back as HTTP 200. */
  public static final String FAILED = "failed";
  /** The task was cancelled (a terminal status of WaveSpeed's SDKs). */
  public static final String CANCELLED = "cancelled";
  /** The task timed out on WaveSpeed's side (a terminal status of WaveSpeed's SDKs). */
  public static final String TIMEOUT = "timeout";
  /** The {@code code} of a sync-mode answer whose wait ran out while the task goes on. */
  public static final int SYNC_TIMEOUT = 5004;

  private final Map<String, Object> data;

  private Prediction(Map<String, Object> data) {
    this.data = data;
  }

  /** Reads the {@code data} object of an envelope, or a webhook body (the prediction itself). */
  public static Prediction of(Map<String, Object> data) {
    return new Prediction(data);
  }

  /** The task id. */
  public Optional<String> id() {
    return Json.text(data, "id");
  }

  /** The model id, such as {@code alibaba/wan-2.5/text-to-video}. */
  public Optional<String> model() {
    return Json.string(data, "model");
  }

  /** The status word, lower case; empty when absent. */
  public String status() {
    return Json.string(data, "status").map(s -> s.trim().toLowerCase(java.util.Locale.ROOT)).orElse("");
  }

  /** The outputs: URLs, or base64 content when {@code enable_base64_output} was set. */
  public List<String> outputs() {
    List<String> out = new ArrayList<>();
    for (Object o : Json.array(data, "outputs")) {
      if (o instanceof String && !((String) o).isBlank()) out.add((String) o);
    }
    return Collections.unmodifiableList(out);
  }

  /** The NSFW flag of output {@code i}, false when not reported. */
  public boolean nsfw(int i) {
    List<Object> flags = Json.array(data, "has_nsfw_contents");
    return i < flags.size() && Boolean.TRUE.equals(flags.get(i));
  }

  /** {@code urls.get}: where the result can be fetched. */
  public Optional<String> resultUrl() {
    return Json.text(Json.object(data, "urls"), "get");
  }

  /** The error text; empty when there is none (WaveSpeed sends {@code ""}). */
  public Optional<String> error() {
    return Json.string(data, "error").map(String::trim).filter(s -> !s.isEmpty());
  }

  /** The task's error code ({@code 1200} moderation, {@code 14xx} input, {@code 5xxx} server, {@code 0} success). */
  public Optional<Integer> code() {
    return Json.decimal(data, "code").map(BigDecimal::intValue);
  }

  /** True for a sync-mode answer whose wait ran out while the task is still running. */
  public boolean isSyncTimeout() {
    return code().orElse(0) == SYNC_TIMEOUT
        || (PROCESSING.equals(status()) && error().map(e -> e.contains("Sync mode timed out")).orElse(false));
  }

  /** The total execution time in milliseconds, when reported. */
  public Optional<BigDecimal> executionTimeMillis() {
    return Json.decimal(data, "executionTime");
  }

  /** {@code timings.inference} in milliseconds, when reported. */
  public Optional<BigDecimal> inferenceMillis() {
    return Json.decimal(Json.object(data, "timings"), "inference");
  }

  /** The input echoed in a webhook delivery; empty elsewhere. */
  public Map<String, Object> input() {
    return Json.object(data, "input");
  }
}
