package dev.unigen.provider.stability;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Redactor;
import dev.unigen.spi.http.RetryAfter;
import dev.unigen.provider.stability.wire.ErrorBody;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Maps Stability's error answers, {@code {"id", "name", "errors"}}, to Unigen's typed errors. The
 * short {@code name} decides first, whatever the status: {@code content_moderation} and the
 * policy refusals of a 422 ({@code public_figure}, {@code copyrighted_content}) are moderation,
 * {@code payment_required} is lack of credit, {@code unauthorized} is a bad key,
 * {@code rate_limit_exceeded} is a rate limit. Everything else goes by status; a body that is not
 * Stability's shape goes through {@link HttpErrors#map}. Messages are redacted. Stateless.
 */
final class Errors {
  /**
   * Stability documents a 60 s time-out after more than 150 requests in 10 s, and no Retry-After
   * header; this is the wait a 429 reports when the header is absent.
   */
  static final Duration RATE_LIMIT_TIMEOUT = Duration.ofSeconds(60);

  /** 422 names that refuse the content on policy grounds rather than the request's form. */
  private static final Set<String> POLICY_REFUSALS = Set.of("public_figure", "copyrighted_content", "content_moderation");

  private Errors() {}

  /** Stability's reading of an error answer; empty leaves a body that is not Stability's to the common mapping. */
  static Optional<GenerationException> read(String provider, Answer answer, Redactor redactor, Clock clock) {
    int status = answer.status();
    Optional<ErrorBody> parsed = ErrorBody.parse(answer.text());
    String message = message(answer, parsed, redactor);
    if (parsed.isEmpty()) return status == 429 ? Optional.of(rateLimited(provider, message, answer, clock)) : Optional.empty();
    ErrorBody e = parsed.get();
    String name = e.name().orElse("");
    if (name.equals("content_moderation") || (status == 422 && POLICY_REFUSALS.contains(name))) {
      return Optional.of(new ContentModeratedException(provider, message));
    }
    if (name.equals("payment_required") || status == 402) return Optional.of(new InsufficientCreditException(provider, message));
    if (name.equals("unauthorized") || status == 401) return Optional.of(new AuthenticationException(provider, message));
    if (name.equals("rate_limit_exceeded") || status == 429) return Optional.of(rateLimited(provider, message, answer, clock));
    switch (status) {
      case 400: case 404: case 413: case 422:
        return Optional.of(new InvalidRequestException(provider, message));
      case 403:
        return Optional.of(new AuthenticationException(provider, message));
      case 408: case 502: case 503: case 504:
        return Optional.of(new ProviderFailureException(provider, message, status, true, null));
      default:
        return Optional.of(new ProviderFailureException(provider, message, status, false, null));
    }
  }

  /**
   * The error for an answer of {@code GET /v2beta/results/{id}}: a 404 means the result does not
   * exist or has expired; any 5xx is worth polling again; the rest as {@link #read}.
   */
  static GenerationException readResult(String provider, Answer answer, Redactor redactor, Clock clock) {
    int status = answer.status();
    if (status == 404) {
      return new NoOutputException(provider, "404 " + redactor.redact(answer.text().trim())
          + ": the generation does not exist or has expired (results are kept 24 h, for the key that made them)");
    }
    if (status >= 500) {
      return new ProviderFailureException(provider, message(answer, ErrorBody.parse(answer.text()), redactor), status, true, null);
    }
    return read(provider, answer, redactor, clock).orElseGet(() -> HttpErrors.map(provider, status, answer.text(),
        answer.headers(), redactor, clock));
  }

  /** The status and Stability's {@code name: errors (error id)}, or the common reading of another body; redacted. */
  private static String message(Answer answer, Optional<ErrorBody> parsed, Redactor redactor) {
    String text = parsed.map(e -> e.message() + e.id().map(id -> " (Stability error id " + id + ")").orElse(""))
        .orElseGet(() -> HttpErrors.message(answer.text()));
    return redactor.redact(answer.status() + " " + text);
  }

  private static RateLimitedException rateLimited(String provider, String message, Answer answer, Clock clock) {
    Duration wait = RetryAfter.parse(answer.headers(), clock).orElse(RATE_LIMIT_TIMEOUT);
    return new RateLimitedException(provider, message, wait);
  }
}
