package dev.unigen.provider.stability;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Redactor;
import dev.unigen.spi.http.RetryAfter;
import dev.unigen.provider.stability.wire.ErrorBody;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;

/**
 * Maps Stability's error answers, {@code {"id", "name", "errors"}}, to Unigen's typed errors. The
 * short {@code name} decides first, whatever the status: {@code content_moderation} and the
 * policy refusals of a 422 ({@code public_figure}, {@code copyrighted_content}) are moderation,
 * {@code payment_required} is lack of credit, {@code unauthorized} is a bad key,
 * {@code rate_limit_exceeded} is a rate limit. Everything else goes by status through
 * {@link HttpErrors#map}. Messages are redacted. Stateless.
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

  /** The error for a non-success answer with {@code status} and {@code body}. */
  static GenerationException map(String provider, int status, String body, Headers headers, Redactor redactor,
      Clock clock) {
    Optional<ErrorBody> parsed = ErrorBody.parse(body);
    if (parsed.isEmpty()) {
      if (status == 429) return rateLimited(provider, status + " " + HttpErrors.message(body), headers, redactor, clock);
      return HttpErrors.map(provider, status, body, headers, redactor, clock);
    }
    ErrorBody e = parsed.get();
    String message = redactor.redact(status + " " + e.message() + e.id().map(id -> " (Stability error id " + id + ")").orElse(""));
    String name = e.name().orElse("");
    if (name.equals("content_moderation") || (status == 422 && POLICY_REFUSALS.contains(name))) {
      return new ContentModeratedException(provider, message);
    }
    if (name.equals("payment_required") || status == 402) return new InsufficientCreditException(provider, message);
    if (name.equals("unauthorized") || status == 401) return new AuthenticationException(provider, message);
    if (name.equals("rate_limit_exceeded") || status == 429) return rateLimited(provider, message, headers, redactor, clock);
    switch (status) {
      case 400: case 404: case 413: case 422:
        return new InvalidRequestException(provider, message);
      case 403:
        return new AuthenticationException(provider, message);
      case 408: case 502: case 503: case 504:
        return new ProviderFailureException(provider, message, status, true, null);
      default:
        return new ProviderFailureException(provider, message, status, false, null);
    }
  }

  private static RateLimitedException rateLimited(String provider, String message, Headers headers, Redactor redactor,
      Clock clock) {
    Duration wait = RetryAfter.parse(headers, clock).orElse(RATE_LIMIT_TIMEOUT);
    return new RateLimitedException(provider, redactor.redact(message), wait);
  }
}
