package dev.unigen;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider is rate limiting (HTTP 429). The executor retries after {@link #retryAfter()} while
 * its retry budget lasts, then moves on to the next offer.
 */
public class RateLimitedException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  /** Creates the exception; {@code retryAfter} may be null when the provider gave no hint. */
  public RateLimitedException(String provider, String message, Duration retryAfter) {
    super(provider, message, null);
    this.retryAfter = retryAfter;
  }

  /** How long the provider asked to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
