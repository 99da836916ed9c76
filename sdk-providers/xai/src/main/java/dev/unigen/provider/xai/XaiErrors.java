package dev.unigen.provider.xai;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.provider.xai.wire.ErrorBody;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Redactor;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns xAI's error answers into Unigen's typed errors. Both body shapes are read
 * ({@link ErrorBody}); xAI's own cases come first:
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
 * Everything else follows {@link HttpErrors#map}'s status table. Every message is redacted.
 */
final class XaiErrors {
  private XaiErrors() {}

  /** xAI's own reading of a non-2xx {@code answer}; empty for the common mapping by status. */
  static Optional<GenerationException> read(String provider, Answer answer, Redactor redactor) {
    int status = answer.status();
    Optional<ErrorBody> body = ErrorBody.parse(answer.text());
    String text = body.map(ErrorBody::message).orElse("");
    String code = body.flatMap(ErrorBody::code).orElse("");
    String message = redactor.redact(status + " " + (code.isEmpty() ? "" : code + ": ") + HttpErrors.message(answer.text()));
    Optional<GenerationException> known = byMeaning(provider, status, text, code, message);
    if (known.isPresent()) return known;
    if (status == 529) {
      return Optional.of(new ProviderFailureException(provider, message, status, answer.idempotent(), null));
    }
    return Optional.empty();
  }

  /** The error a failed job reports in a 200 body ({@code status: "failed"}, {@code error{code, message}}). */
  static GenerationException jobFailed(String provider, String job, String code, String text, Redactor redactor) {
    String message = redactor.redact("job " + job + " failed: " + (code.isEmpty() ? "" : code + ": ") + text);
    Optional<GenerationException> known = byMeaning(provider, 0, text, code, message);
    if (known.isPresent()) return known.get();
    switch (code) {
      case "invalid_argument":
      case "failed_precondition":
        return new InvalidRequestException(provider, message);
      case "permission_denied":
        // A generation refused after it was accepted: the documented failures of this kind are moderation.
        return new ContentModeratedException(provider, message);
      default:
        // service_unavailable, internal_error and anything new: the job is over, another offer may do it.
        return new ProviderFailureException(provider, message, 0, false, null);
    }
  }

  /** The cases xAI's words decide, whatever the status ({@code 0} for a failed job). */
  private static Optional<GenerationException> byMeaning(String provider, int status, String text, String code,
      String message) {
    String t = text.toLowerCase(Locale.ROOT);
    String c = code.toLowerCase(Locale.ROOT);
    boolean refused = status == 400 || status == 401 || status == 403;
    if (refused && t.contains("api key")) return Optional.of(new AuthenticationException(provider, message));
    if (t.contains("available credits") || t.contains("spending limit") || t.contains("out of credits")
        || t.contains("have any credits") || c.contains("spending-limit")) {
      return Optional.of(new InsufficientCreditException(provider, message));
    }
    if (t.contains("violates usage guidelines") || t.contains("content moderation") || t.contains("content policy")) {
      return Optional.of(new ContentModeratedException(provider, message));
    }
    return Optional.empty();
  }
}
