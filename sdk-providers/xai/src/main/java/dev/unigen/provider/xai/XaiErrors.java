package dev.unigen.provider.xai;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns xAI's error answers into Unigen's typed errors. Both body shapes are read, as the official
 * TypeScript client reads them: the OpenAI-style {@code {"error": {"message", "type", "code",
 * "param"}}} and the gRPC-gateway style {@code {"code": "<status text>", "error": "<message>"}},
 * whose code is a gRPC status as text ({@code permission-denied}) or a sentence. xAI's own cases
 * come first:
 *
 * <ul>
 *   <li>a rejected key is answered with 400 ("Incorrect API key provided"), not only 401: an
 *       {@link AuthenticationException}, so failover moves on instead of stopping as it would
 *       for an invalid request;
 *   <li>"used all available credits or reached its monthly spending limit" (a 429 or a 403),
 *       "doesn't have any credits", "run out of credits" and a {@code spending-limit} code are
 *       {@link InsufficientCreditException}: waiting cannot help;
 *   <li>"Content violates usage guidelines" ({@code permission-denied}) is a
 *       {@link ContentModeratedException};
 *   <li>529 (overloaded) is a failure that is retried only for reads, as the official clients
 *       retry it only for GETs.
 * </ul>
 *
 * Everything else follows {@link HttpErrors#forStatus}'s table. Every message is redacted. Threadsafe.
 */
final class XaiErrors extends ProviderErrors {
  XaiErrors(ProviderSettings settings) {
    super(settings);
  }

  /** The error a non-2xx {@code answer} stands for, its message holding xAI's code. */
  Optional<GenerationException> read(Answer answer) {
    int status = answer.status();
    Map<String, Object> root = Json.lenient(answer.text());
    Object error = root.get("error");
    Map<String, Object> holder = error instanceof Map ? Json.object(error) : error instanceof String ? root : Map.of();
    String text = error instanceof String ? (String) error : Json.string(holder, "message").orElse("");
    String code = Json.string(holder, "code").or(() -> Json.decimal(holder, "code").map(BigDecimal::toPlainString)).orElse("");
    String message = status + " " + (code.isEmpty() ? "" : code + ": ") + HttpErrors.message(answer.text());
    Optional<GenerationException> known = byMeaning(status, text, code, message);
    if (known.isPresent()) return known;
    if (status == 529) return Optional.of(new ProviderFailureException(provider(), redact(message), status, answer.idempotent(), null));
    return Optional.of(forStatus(status, message, status == 429 ? retryAfter(answer.headers()).orElse(null) : null));
  }

  /** The error a failed job reports in a 200 body ({@code status: "failed"}, {@code error{code, message}}). */
  GenerationException job(String job, Map<String, Object> error) {
    String code = Json.string(error, "code").orElse("");
    String text = Json.string(error, "message").orElse("(no message)");
    String message = "job " + job + " failed: " + (code.isEmpty() ? "" : code + ": ") + text;
    Optional<GenerationException> known = byMeaning(0, text, code, message);
    if (known.isPresent()) return known.get();
    switch (code) {
      case "invalid_argument":
      case "failed_precondition":
        return new InvalidRequestException(provider(), redact(message));
      case "permission_denied":
        // A generation refused after it was accepted: the documented failures of this kind are moderation.
        return new ContentModeratedException(provider(), redact(message));
      default:
        // service_unavailable, internal_error and anything new: the job is over, another offer may do it.
        return forStatus(0, message, null);
    }
  }

  /** The cases xAI's words decide, whatever the status ({@code 0} for a failed job). */
  private Optional<GenerationException> byMeaning(int status, String text, String code, String message) {
    String t = text.toLowerCase(Locale.ROOT);
    String c = code.toLowerCase(Locale.ROOT);
    boolean refused = status == 400 || status == 401 || status == 403;
    if (refused && t.contains("api key")) return Optional.of(new AuthenticationException(provider(), redact(message)));
    if (t.contains("available credits") || t.contains("spending limit") || t.contains("out of credits")
        || t.contains("have any credits") || c.contains("spending-limit")) {
      return Optional.of(new InsufficientCreditException(provider(), redact(message)));
    }
    if (t.contains("violates usage guidelines") || t.contains("content moderation") || t.contains("content policy")) {
      return Optional.of(new ContentModeratedException(provider(), redact(message)));
    }
    return Optional.empty();
  }
}
