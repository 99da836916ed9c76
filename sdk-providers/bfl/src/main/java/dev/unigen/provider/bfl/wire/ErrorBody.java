package dev.unigen.provider.bfl.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an error answer says beyond its status: FastAPI's {@code {"detail": ...}} (a string, or a
 * list of {@code {loc, msg, type}} for a 422), or the {@code {"error", "message", "retry_after"}}
 * shape BFL's skills repository describes. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class ErrorBody {
  private final String code;
  private final String text;
  private final BigDecimal retryAfter;

  private ErrorBody(String code, String text, BigDecimal retryAfter) {
    this.code = code;
    this.text = text;
    this.retryAfter = retryAfter;
  }

  /** Reads an error answer; text that is not JSON gives an empty code. */
  public static ErrorBody parse(String body) {
    String text = body == null ? "" : body;
    // Plain text or an HTML error page reads as an empty object.
    Map<String, Object> o = Json.lenient(text);
    return new ErrorBody(Json.string(o, "error").orElse(""), text, Json.decimal(o, "retry_after").orElse(null));
  }

  /** The {@code error} code, empty if none. */
  public String code() { return code; }

  /**
   * True if the answer says the account lacks credit: the code {@code insufficient_credits}, or
   * words to that effect anywhere in the body.
   */
  public boolean insufficientCredits() {
    if (code.equalsIgnoreCase("insufficient_credits")) return true;
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("insufficient credit") || t.contains("insufficient_credits") || t.contains("not enough credits");
  }

  /** The {@code retry_after} seconds the body asks for, if any. */
  public Optional<BigDecimal> retryAfterSeconds() { return Optional.ofNullable(retryAfter); }
}
