package dev.unigen.provider.together.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Together's error envelope, {@code {"error": {"message", "type", "param", "code"}}} (OpenAPI
 * {@code ErrorData}; {@code param} and {@code code} may be null, and {@code code} is read whether
 * it comes as a string or a number). Immutable.
 *
 * <p>Part of the module's wire format, public only so that the provider package can use it; it
 * is not a stable API.
 */
public final class ErrorBody {
  private final String message;
  private final String type;
  private final String param;
  private final String code;

  private ErrorBody(String message, String type, String param, String code) {
    this.message = message;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** Reads the envelope from a response body; empty when the body is not JSON or has no {@code error} object. */
  public static Optional<ErrorBody> parse(String body) {
    if (body == null || body.isBlank()) return Optional.empty();
    try {
      return from(Json.object(Json.parse(body)));
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
  }

  /** Reads the envelope from a parsed response object; empty when it has no {@code error} object. */
  public static Optional<ErrorBody> from(Map<String, Object> response) {
    Object e = response.get("error");
    if (!(e instanceof Map)) return Optional.empty();
    Map<String, Object> error = Json.object(e);
    return Optional.of(new ErrorBody(Json.string(error, "message").orElse(""), Json.string(error, "type").orElse(null),
        Json.string(error, "param").orElse(null), text(error.get("code"))));
  }

  private static String text(Object v) {
    if (v instanceof String) return (String) v;
    if (v instanceof BigDecimal) return ((BigDecimal) v).toPlainString();
    return null;
  }

  /** The human-readable message; empty if none was given. */
  public String message() { return message; }
  /** The error type, such as {@code invalid_request_error}. */
  public Optional<String> type() { return Optional.ofNullable(type); }
  /** The request field at fault. */
  public Optional<String> param() { return Optional.ofNullable(param); }
  /** The machine-readable code. */
  public Optional<String> code() { return Optional.ofNullable(code); }

  @Override
  public String toString() {
    return "ErrorBody(" + type + " " + code + ")";
  }
}
