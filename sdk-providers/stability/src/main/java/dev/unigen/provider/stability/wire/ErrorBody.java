package dev.unigen.provider.stability.wire;

import dev.unigen.spi.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stability's v2beta error body, {@code {"id": "<hex>", "name": "bad_request", "errors": ["..."]}}:
 * a support id, a short name that tells errors with the same status apart
 * ({@code content_moderation}, {@code payment_required}, {@code rate_limit_exceeded}, …) and one
 * or more messages. Internal to the Stability module; not part of Unigen's API. Immutable.
 */
public final class ErrorBody {
  private static final int MAX_MESSAGE = 500;

  private final String id;
  private final String name;
  private final List<String> errors;

  private ErrorBody(String id, String name, List<String> errors) {
    this.id = id;
    this.name = name;
    this.errors = List.copyOf(errors);
  }

  /**
   * Reads {@code body}; empty unless it is a JSON object with a {@code name} or an {@code errors}
   * list (the legacy v1 shape {@code {id, name, message}} is read too, its message as the one error).
   */
  public static Optional<ErrorBody> parse(String body) {
    Map<String, Object> o = Json.lenient(body);
    String name = Json.string(o, "name").orElse(null);
    List<String> errors = new ArrayList<>();
    for (Object e : Json.array(o, "errors")) {
      if (e instanceof String) errors.add((String) e);
      else if (e != null) errors.add(String.valueOf(e));
    }
    Json.string(o, "message").filter(m -> errors.isEmpty()).ifPresent(errors::add);
    if (name == null && errors.isEmpty()) return Optional.empty();
    return Optional.of(new ErrorBody(Json.string(o, "id").orElse(null), name, errors));
  }

  /** The id to quote to Stability's support. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The short name, such as {@code content_moderation}. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The messages, in order. */
  public List<String> errors() {
    return errors;
  }

  /** True if the name is {@code expected}. */
  public boolean is(String expected) {
    return expected.equals(name);
  }

  /** {@code name: first error; second error}, shortened; the caller redacts it. */
  public String message() {
    StringBuilder s = new StringBuilder();
    if (name != null) s.append(name);
    if (!errors.isEmpty()) {
      if (s.length() > 0) s.append(": ");
      s.append(String.join("; ", errors));
    }
    return s.length() <= MAX_MESSAGE ? s.toString() : s.substring(0, MAX_MESSAGE) + "…";
  }

  @Override
  public String toString() {
    return "ErrorBody(" + message() + (id != null ? " id=" + id : "") + ")";
  }
}
