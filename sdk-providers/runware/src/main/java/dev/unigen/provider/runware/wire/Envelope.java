package dev.unigen.provider.runware.wire;

import dev.unigen.spi.http.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A Runware response body: {@code {"data":[...]}} with one item per result, {@code
 * {"errors":[...]}}, or both at once when some tasks of a batch (or some results of a task)
 * failed. The singular {@code {"error":{...}}} form that the official SDKs also accept is read
 * as a one-entry {@code errors}.
 *
 * <p>Internal to the Runware module. Immutable.
 */
public final class Envelope {
  private final List<ResultItem> data;
  private final List<ApiError> errors;

  private Envelope(List<ResultItem> data, List<ApiError> errors) {
    this.data = Collections.unmodifiableList(data);
    this.errors = Collections.unmodifiableList(errors);
  }

  /**
   * Parses {@code body}.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static Envelope parse(String body) {
    Object root = Json.parse(body);
    Map<String, Object> o = Json.object(root);
    List<ResultItem> data = new ArrayList<>();
    for (Object item : Json.array(o, "data")) data.add(ResultItem.read(Json.object(item)));
    List<ApiError> errors = new ArrayList<>();
    for (Object e : Json.array(o, "errors")) errors.add(ApiError.read(Json.object(e), null));
    Object single = o.get("error");
    if (single instanceof Map) {
      errors.add(ApiError.read(Json.object(single), Json.string(o, "taskUUID").orElse(null)));
    }
    return new Envelope(data, errors);
  }

  /** The result items. */
  public List<ResultItem> data() { return data; }
  /** The errors. */
  public List<ApiError> errors() { return errors; }

  /** The items of task {@code taskUUID}; an item without a UUID counts as the task's (one task per request). */
  public List<ResultItem> itemsOf(String taskUUID) {
    List<ResultItem> mine = new ArrayList<>();
    for (ResultItem i : data) {
      if (i.taskUUID().map(taskUUID::equalsIgnoreCase).orElse(true)) mine.add(i);
    }
    return mine;
  }

  /** The errors of task {@code taskUUID}; an error that names no task counts as the task's. */
  public List<ApiError> errorsOf(String taskUUID) {
    List<ApiError> mine = new ArrayList<>();
    for (ApiError e : errors) {
      if (e.taskUUID().map(taskUUID::equalsIgnoreCase).orElse(true)) mine.add(e);
    }
    return mine;
  }
}
