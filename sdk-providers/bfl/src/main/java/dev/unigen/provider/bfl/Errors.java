package dev.unigen.provider.bfl;

import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.RateLimitedException;
import dev.unigen.provider.bfl.wire.ErrorBody;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.ProviderErrors;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * BFL's own reading of its error answers, before the common status mapping: an answer that says
 * the account is out of credit is {@link InsufficientCreditException} whatever its 4xx status (402
 * is the documented one); a 429 is rate limited, waiting for {@code Retry-After} or else the body's
 * {@code retry_after}. The rest — the 422 FastAPI validation list included — is left to
 * {@link HttpErrors#map}. Every message is redacted. Threadsafe.
 */
final class Errors extends ProviderErrors {
  Errors(ProviderSettings settings) {
    super(settings);
  }

  /** The error an error answer stands for, or empty for the common mapping. */
  Optional<GenerationException> read(Answer answer) {
    int status = answer.status();
    ErrorBody e = ErrorBody.parse(answer.text());
    String message = message(answer);
    if (status >= 400 && status < 500 && e.insufficientCredits()) {
      return Optional.of(new InsufficientCreditException(provider(), message));
    }
    if (status != 429) return Optional.empty();
    Duration wait = retryAfter(answer.headers()).orElse(null);
    if (wait == null && e.retryAfterSeconds().isPresent()) {
      BigDecimal s = e.retryAfterSeconds().get();
      if (s.signum() > 0) wait = Duration.ofMillis(s.movePointRight(3).longValue());
    }
    return Optional.of(new RateLimitedException(provider(), message, wait));
  }

  /** Provider text made safe for a message: redacted and shortened. */
  String text(String s) {
    String r = redact(s == null ? "" : s.trim());
    return r.length() <= 300 ? r : r.substring(0, 300) + "…";
  }
}
