package dev.unigen.provider.replicate.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prediction as the create, get and cancel endpoints and webhook deliveries return it:
 * {@code id, model, version, input, output, logs, error, status, created_at, started_at,
 * completed_at, data_removed, metrics {predict_time, total_time}, urls {get, cancel, web}}.
 * {@code output} is read as a list of URL strings: an array of strings, or one string; anything
 * else in it is skipped. Unknown fields are ignored. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class Prediction {
  private final String id;
  private final String model;
  private final String version;
  private final String status;
  private final Map<String, Object> input;
  private final List<String> outputs;
  private final boolean outputPresent;
  private final String error;
  private final String logs;
  private final boolean dataRemoved;
  private final String startedAt;
  private final String completedAt;
  private final BigDecimal predictTime;
  private final String getUrl;
  private final String cancelUrl;

  private Prediction(Map<String, Object> o) {
    id = Json.string(o, "id").orElse(null);
    model = Json.string(o, "model").orElse(null);
    version = Json.string(o, "version").orElse(null);
    status = Json.string(o, "status").orElse(null);
    input = Collections.unmodifiableMap(new LinkedHashMap<>(Json.object(o, "input")));
    List<String> out = new ArrayList<>();
    Object output = o.get("output");
    if (output instanceof String) out.add((String) output);
    for (Object item : Json.array(output)) if (item instanceof String) out.add((String) item);
    outputs = List.copyOf(out);
    outputPresent = output != null;
    Object e = o.get("error");
    error = e == null ? null : e instanceof String ? (String) e : String.valueOf(e);
    logs = Json.string(o, "logs").orElse(null);
    dataRemoved = Json.bool(o, "data_removed").orElse(false);
    startedAt = Json.string(o, "started_at").orElse(null);
    completedAt = Json.string(o, "completed_at").orElse(null);
    predictTime = Json.decimal(Json.object(o, "metrics"), "predict_time").orElse(null);
    Map<String, Object> urls = Json.object(o, "urls");
    getUrl = Json.string(urls, "get").orElse(null);
    cancelUrl = Json.string(urls, "cancel").orElse(null);
  }

  /**
   * Reads a prediction.
   *
   * @throws IllegalArgumentException if the text is not a JSON object with an {@code id}
   */
  public static Prediction parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("a prediction is a JSON object");
    Prediction p = new Prediction(Json.object(parsed));
    if (p.id == null || p.id.isBlank()) throw new IllegalArgumentException("the prediction has no id");
    return p;
  }

  /** The prediction id. */
  public String id() { return id; }
  /** The model, {@code owner/name}. */
  public Optional<String> model() { return Optional.ofNullable(model); }
  /** The version id, or {@code hidden} for official models. */
  public Optional<String> version() { return Optional.ofNullable(version); }
  /** {@code starting}, {@code processing}, {@code succeeded}, {@code failed}, {@code canceled}, {@code aborted}, or a value Replicate adds later. */
  public Optional<String> status() { return Optional.ofNullable(status); }
  /** The input as Replicate echoes it. */
  public Map<String, Object> input() { return input; }
  /** The output URLs, in order. */
  public List<String> outputs() { return outputs; }
  /** True if {@code output} was present and not null. */
  public boolean hasOutput() { return outputPresent; }
  /** The error of a failed prediction, such as {@code E1001 ...}. */
  public Optional<String> error() { return Optional.ofNullable(error); }
  /** The model's log output so far. */
  public Optional<String> logs() { return Optional.ofNullable(logs); }
  /** True once Replicate deleted the input, output and logs (an hour after completion for API predictions). */
  public boolean dataRemoved() { return dataRemoved; }
  /** When the model began running, if it did (RFC 3339). */
  public Optional<String> startedAt() { return Optional.ofNullable(startedAt); }
  /** When the prediction finished, if it did (RFC 3339). */
  public Optional<String> completedAt() { return Optional.ofNullable(completedAt); }
  /** Seconds of billed compute, {@code metrics.predict_time}. */
  public Optional<BigDecimal> predictTime() { return Optional.ofNullable(predictTime); }
  /** {@code urls.get}. */
  public Optional<String> getUrl() { return Optional.ofNullable(getUrl); }
  /** {@code urls.cancel}. */
  public Optional<String> cancelUrl() { return Optional.ofNullable(cancelUrl); }

  @Override
  public String toString() {
    return "Prediction(" + id + " " + status + ")";
  }
}
