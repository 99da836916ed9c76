package dev.unigen.provider.openai.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's error body, {@code {"error": {"message", "type", "param", "code"}}}, where
 * {@code param} and {@code code} may be null. Image moderation errors add
 * {@code moderation_details}, which is not read here.
 *
 * <p>Internal to the OpenAI provider module; not part of Unigen's API. Immutable.
 */
public final class ErrorEnvelope {
  private final String message;
  private final String type;
  private final String param;
  private final String code;

  private ErrorEnvelope(String message, String type, String param, String code) {
    this.message = message;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** Reads {@code body}; empty if it is not JSON or has no {@code error} object. */
  public static Optional<ErrorEnvelope> parse(String body) {
    return from(Json.lenient(body));
  }

  /** Reads the {@code error} member of an already parsed object; empty if there is none. */
  public static Optional<ErrorEnvelope> from(Map<String, Object> root) {
    Object error = root.get("error");
    if (!(error instanceof Map)) return Optional.empty();
    Map<String, Object> e = Json.object(error);
    return Optional.of(new ErrorEnvelope(Json.string(e, "message").orElse(""), Json.string(e, "type").orElse(null),
        Json.string(e, "param").orElse(null), Json.string(e, "code").orElse(null)));
  }

  /** The human-readable message; empty when none was given. */
  public String message() { return message; }
  /** The error type, such as {@code invalid_request_error} or {@code insufficient_quota}. */
  public Optional<String> type() { return Optional.ofNullable(type); }
  /** The parameter at fault, if any. */
  public Optional<String> param() { return Optional.ofNullable(param); }
  /** The machine-readable code, such as {@code moderation_blocked}, if any. */
  public Optional<String> code() { return Optional.ofNullable(code); }

  /** True when the code or the type is {@code value}. */
  public boolean is(String value) {
    return value.equals(code) || value.equals(type);
  }

  /** Returns the type and code, without the message. */
  @Override
  public String toString() {
    return "ErrorEnvelope(" + type + "/" + code + ")";
  }
}
