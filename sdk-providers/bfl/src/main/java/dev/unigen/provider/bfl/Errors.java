package dev.unigen.provider.bfl;

import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Redactor;
import dev.unigen.spi.http.RetryAfter;
import dev.unigen.provider.bfl.wire.ErrorBody;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Headers;

/**
 * Maps BFL's error answers to the typed errors: an answer that says the account is out of credit
 * is {@link InsufficientCreditException} whatever its status (402 is the documented one); a 429
 * is rate limited, waiting for {@code Retry-After} or the body's {@code retry_after}; the rest —
 * the 422 FastAPI validation list included — by status through {@link HttpErrors}. Every message
 * is redacted. Threadsafe.
 */
final class Errors {
  private final String provider;
  private final Redactor redactor;
  private final Clock clock;

  Errors(String provider, Redactor redactor, Clock clock) {
    this.provider = provider;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** The error for an answer with {@code status} and {@code body}. */
  GenerationException map(int status, String body, Headers headers) {
    ErrorBody e = ErrorBody.parse(body);
    String message = redactor.redact(status + " " + HttpErrors.message(body));
    if (status >= 400 && status < 500 && e.insufficientCredits()) {
      return new InsufficientCreditException(provider, message);
    }
    if (status == 429) {
      Duration wait = RetryAfter.parse(headers, clock).orElse(null);
      if (wait == null && e.retryAfterSeconds().isPresent()) {
        BigDecimal s = e.retryAfterSeconds().get();
        if (s.signum() > 0) wait = Duration.ofMillis(s.movePointRight(3).longValue());
      }
      return new RateLimitedException(provider, message, wait);
    }
    return HttpErrors.map(provider, status, body, headers, redactor, clock);
  }

  /** Provider text made safe for a message: redacted and shortened. */
  String text(String s) {
    String r = redactor.redact(s == null ? "" : s.trim());
    return r.length() <= 300 ? r : r.substring(0, 300) + "…";
  }
}
