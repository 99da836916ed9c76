package dev.unigen.provider.leonardo;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Redactor;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Leonardo's error bodies. The v1 REST endpoints answer {@code {"error": "...", "path": "$",
 * "code": "unexpected" | "access-denied" | ...}}; the v2 endpoints a list of GraphQL errors,
 * {@code [{"message", "extensions": {"code", "details": {"message"}}, "path"}]}, sometimes with a
 * 2xx status. Leonardo's own readings go first: a rejected key is an authentication error even
 * when it comes as a 500 ("Invalid response from authorization hook"), a prompt stopped by the
 * content filter is a moderation error, an empty balance is a credit error; everything else gets
 * the common mapping by status.
 */
final class LeonardoErrors {
  private static final int MAX_MESSAGE = 300;

  private LeonardoErrors() {}

  /** Leonardo's reading of a non-2xx {@code answer}, or empty for the common mapping. */
  static Optional<GenerationException> read(String provider, Answer answer, Redactor redactor, Clock clock) {
    Object parsed;
    try {
      parsed = Json.parse(answer.text());
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
    Optional<GenerationException> special = special(provider, answer.status(), parsed, redactor);
    if (special.isPresent() || !(parsed instanceof List)) return special;
    // The common mapping reads objects only: hand it the v2 list's message.
    return Optional.of(HttpErrors.map(provider, answer.status(), Json.write(Map.of("message", message(parsed))),
        answer.headers(), redactor, clock));
  }

  /**
   * The error a 2xx body stands for when it is an error list ({@code [...]} or
   * {@code {"errors": [...]}}), or empty when it is not one.
   */
  static Optional<GenerationException> inSuccess(String provider, int status, Object parsed, Redactor redactor) {
    if (!(parsed instanceof List) && Json.array(Json.object(parsed), "errors").isEmpty()) return Optional.empty();
    Optional<GenerationException> special = special(provider, status, parsed, redactor);
    if (special.isPresent()) return special;
    // Nothing was created: another offer may serve the request.
    return Optional.of(new ProviderFailureException(provider, redactor.redact(status + " " + message(parsed)), status,
        false, null));
  }

  private static Optional<GenerationException> special(String provider, int status, Object parsed, Redactor redactor) {
    String text = message(parsed);
    String lower = text.toLowerCase(Locale.ROOT);
    String code = code(parsed).toLowerCase(Locale.ROOT);
    String message = redactor.redact(status + " " + text);
    if (code.equals("access-denied") || lower.contains("authorization hook") || lower.contains("authentication hook")) {
      return Optional.of(new AuthenticationException(provider, message));
    }
    if (lower.contains("content moderation") || lower.contains("inappropriate content")) {
      return Optional.of(new ContentModeratedException(provider, message));
    }
    if (lower.contains("not enough api tokens") || lower.contains("insufficient balance")
        || lower.contains("insufficient credit")) {
      return Optional.of(new InsufficientCreditException(provider, message));
    }
    return Optional.empty();
  }

  /** The human part of an error body in either shape, shortened. */
  static String message(Object parsed) {
    String m = null;
    if (parsed instanceof Map) {
      Map<String, Object> o = Json.object(parsed);
      m = Json.string(o, "error").orElse(null);
      if (m == null) m = Json.string(Json.object(o, "error"), "message").orElse(null);
      if (m == null) m = Json.string(o, "message").orElse(null);
      if (m == null) m = first(Json.array(o, "errors"));
    } else {
      m = first(Json.array(parsed));
    }
    if (m == null || m.isBlank()) m = "(no message)";
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }

  /** The first error's details message, else its message. */
  private static String first(List<Object> errors) {
    if (errors.isEmpty()) return null;
    Map<String, Object> e = Json.object(errors.get(0));
    Optional<String> detail = Json.string(Json.object(Json.object(e, "extensions"), "details"), "message");
    return detail.filter(d -> !d.isBlank()).or(() -> Json.string(e, "message")).orElse(null);
  }

  /** The v1 body's {@code code}, else the first v2 error's {@code extensions.code}. */
  private static String code(Object parsed) {
    if (parsed instanceof Map) {
      Map<String, Object> o = Json.object(parsed);
      Optional<String> code = Json.string(o, "code");
      if (code.isPresent()) return code.get();
      return errorsCode(Json.array(o, "errors"));
    }
    return errorsCode(Json.array(parsed));
  }

  private static String errorsCode(List<Object> errors) {
    if (errors.isEmpty()) return "";
    return Json.string(Json.object(Json.object(errors.get(0)), "extensions"), "code").orElse("");
  }
}
