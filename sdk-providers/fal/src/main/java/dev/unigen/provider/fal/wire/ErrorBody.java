package dev.unigen.provider.fal.wire;

import dev.unigen.spi.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An error body: model errors {@code {"detail": [{loc, msg, type, url, ctx}]}} (some apps still
 * send {@code detail} as a string), and infrastructure errors {@code {"detail": "...",
 * "error_type": "..."}}. Immutable.
 */
public record ErrorBody(List<String> types, String message, Optional<String> errorType) {
  /**
   * An error body of the model errors' {@code type}s (such as {@code content_policy_violation}), a
   * human-readable summary (each {@code loc: msg}, or the string detail) and the infrastructure
   * {@code error_type} (such as {@code runner_scheduling_failure}).
   */
  public ErrorBody {
    types = List.copyOf(types);
  }

  /** Reads {@code text}; a body that is not JSON reads as its own text. */
  public static ErrorBody parse(String text) {
    if (text == null || text.isBlank()) return new ErrorBody(List.of(), "(no body)", Optional.empty());
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (IllegalArgumentException notJson) {
      return new ErrorBody(List.of(), text.trim(), Optional.empty());
    }
    return read(parsed, text);
  }

  /** Reads an already parsed body (such as a webhook's {@code payload}). */
  public static ErrorBody read(Object parsed, String fallback) {
    Map<String, Object> o = Json.object(parsed);
    List<String> types = new ArrayList<>();
    StringBuilder message = new StringBuilder();
    Object detail = o.get("detail");
    if (detail instanceof String) {
      message.append((String) detail);
    } else {
      for (Object item : Json.array(detail)) {
        Map<String, Object> d = Json.object(item);
        Json.string(d, "type").ifPresent(types::add);
        String msg = Json.string(d, "msg").orElse(null);
        if (msg == null) continue;
        if (message.length() > 0) message.append("; ");
        List<Object> loc = Json.array(d, "loc");
        if (!loc.isEmpty()) message.append(loc).append(": ");
        message.append(msg);
      }
    }
    if (message.length() == 0) {
      Object error = o.get("error");
      if (error instanceof String) message.append((String) error);
      else Json.string(o, "message").ifPresent(message::append);
    }
    if (message.length() == 0 && fallback != null) message.append(fallback.trim());
    return new ErrorBody(types, message.toString(), Json.string(o, "error_type"));
  }
}
