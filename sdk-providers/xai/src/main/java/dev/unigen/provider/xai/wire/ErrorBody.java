package dev.unigen.provider.xai.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * An xAI error body, in either of its two shapes: the OpenAI-style
 * {@code {"error": {"message", "type", "code", "param"}}}, and the gRPC-gateway style
 * {@code {"code": "<status text>", "error": "<message>"}} (the official TypeScript client reads
 * both). The code of the second shape is a gRPC status, as text ({@code "permission-denied"}) or
 * as a sentence ({@code "Client specified an invalid argument"}).
 *
 * <p>Internal to the xAI provider module; not part of Unigen's API. Immutable.
 */
public final class ErrorBody {
  private final String message;
  private final String code;
  private final String type;

  private ErrorBody(String message, String code, String type) {
    this.message = message;
    this.code = code;
    this.type = type;
  }

  /** Reads {@code body}; empty if it is not JSON or carries neither shape. */
  public static Optional<ErrorBody> parse(String body) {
    if (body == null || body.isBlank()) return Optional.empty();
    Map<String, Object> root;
    try {
      root = Json.object(Json.parse(body));
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
    Object error = root.get("error");
    if (error instanceof Map) {
      Map<String, Object> e = Json.object(error);
      return Optional.of(new ErrorBody(Json.string(e, "message").orElse(""), code(e), Json.string(e, "type").orElse(null)));
    }
    if (error instanceof String) return Optional.of(new ErrorBody((String) error, code(root), null));
    return Optional.empty();
  }

  /** A code given as a string or a number. */
  private static String code(Map<String, Object> o) {
    Object c = o.get("code");
    if (c instanceof String) return (String) c;
    return Json.decimal(o, "code").map(d -> d.toPlainString()).orElse(null);
  }

  /** The human-readable message; empty when none was given. */
  public String message() { return message; }
  /** The machine-readable code, such as {@code invalid_argument} or {@code permission-denied}. */
  public Optional<String> code() { return Optional.ofNullable(code); }
  /** The error type of the OpenAI-style shape, such as {@code invalid_request_error}. */
  public Optional<String> type() { return Optional.ofNullable(type); }

  /** Returns the code and type, without the message. */
  @Override
  public String toString() {
    return "ErrorBody(" + code + "/" + type + ")";
  }
}
