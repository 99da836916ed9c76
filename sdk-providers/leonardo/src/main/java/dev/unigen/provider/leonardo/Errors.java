package dev.unigen.provider.leonardo;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
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
 * the common mapping by status. Threadsafe.
 */
final class Errors extends ProviderErrors {
  private static final int MAX_MESSAGE = 300;

  Errors(ProviderSettings settings) {
    super(settings);
  }

  /** Leonardo's reading of a non-2xx {@code answer}, or empty for the common mapping. */
  Optional<GenerationException> read(Answer answer) {
    Object parsed = parse(answer.text());
    Optional<GenerationException> special = special(answer.status(), parsed);
    if (special.isPresent() || !(parsed instanceof List)) return special;
    // The common mapping reads objects only: the v2 list's message goes through its table.
    int status = answer.status();
    return Optional.of(forStatus(status, status + " " + message(parsed),
        status == 429 ? retryAfter(answer.headers()).orElse(null) : null));
  }

  /**
   * The error a 2xx body stands for when it is an error list ({@code [...]} or
   * {@code {"errors": [...]}}), or empty when it is not one.
   */
  Optional<GenerationException> inSuccess(int status, Object parsed) {
    if (!(parsed instanceof List) && Json.array(Json.object(parsed), "errors").isEmpty()) return Optional.empty();
    // Nothing was created: another offer may serve the request.
    return special(status, parsed).or(() -> Optional.of(new ProviderFailureException(provider(),
        redact(status + " " + message(parsed)), status, false, null)));
  }

  private Optional<GenerationException> special(int status, Object parsed) {
    String text = message(parsed);
    String lower = text.toLowerCase(Locale.ROOT);
    String message = redact(status + " " + text);
    if (code(parsed).equalsIgnoreCase("access-denied") || lower.contains("authorization hook")
        || lower.contains("authentication hook")) {
      return Optional.of(new AuthenticationException(provider(), message));
    }
    if (lower.contains("content moderation") || lower.contains("inappropriate content")) {
      return Optional.of(new ContentModeratedException(provider(), message));
    }
    if (lower.contains("not enough api tokens") || lower.contains("insufficient balance")
        || lower.contains("insufficient credit")) {
      return Optional.of(new InsufficientCreditException(provider(), message));
    }
    return Optional.empty();
  }

  /** The body as JSON of either shape; null when it is blank or not JSON (an HTML page from a proxy). */
  private static Object parse(String text) {
    try {
      return text == null || text.isBlank() ? null : Json.parse(text);
    } catch (IllegalArgumentException notJson) {
      return null;
    }
  }

  /** The human part of an error body in either shape, shortened. */
  static String message(Object parsed) {
    Map<String, Object> o = Json.object(parsed);
    String m = Json.string(o, "error").or(() -> Json.string(Json.object(o, "error"), "message"))
        .or(() -> Json.string(o, "message")).orElse(null);
    if (m == null) m = first(parsed instanceof List ? Json.array(parsed) : Json.array(o, "errors"));
    if (m == null || m.isBlank()) m = "(no message)";
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }

  /** The first error's details message, else its message. */
  private static String first(List<Object> errors) {
    if (errors.isEmpty()) return null;
    Map<String, Object> e = Json.object(errors.get(0));
    Optional<String> detail = Json.text(Json.object(Json.object(e, "extensions"), "details"), "message");
    return detail.or(() -> Json.string(e, "message")).orElse(null);
  }

  /** The v1 body's {@code code}, else the first v2 error's {@code extensions.code}. */
  private static String code(Object parsed) {
    Map<String, Object> o = Json.object(parsed);
    List<Object> errors = parsed instanceof List ? Json.array(parsed) : Json.array(o, "errors");
    return Json.string(o, "code").or(() -> errors.isEmpty() ? Optional.empty()
        : Json.string(Json.object(Json.object(errors.get(0)), "extensions"), "code")).orElse("");
  }
}
