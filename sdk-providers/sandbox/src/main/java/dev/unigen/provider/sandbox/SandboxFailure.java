package dev.unigen.provider.sandbox;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import java.time.Duration;

/**
 * A failure a {@link SandboxProvider} can be scripted to report, each standing for what a real
 * provider does and mapped to the exception a real provider module throws for it, so that
 * failover, retries and error handling can be tested offline.
 *
 * <p>On an image or text call the failure completes the submit. On a job (a video or a LoRA
 * training), {@link #OUTAGE}, {@link #EMPTY_OUTPUT} and {@link #MODERATION} are reported the way
 * queue providers report them: the submit is accepted and the job ends {@code FAILED} once its
 * latency has passed. The others always fail the submit.
 */
public enum SandboxFailure {
  /** HTTP 429: a {@link RateLimitedException} with the provider's Retry-After (1 s unless set). */
  RATE_LIMIT,
  /** HTTP 503: a {@link ProviderFailureException} with status 503 that may be retried. */
  OUTAGE,
  /** HTTP 401: an {@link AuthenticationException}. */
  AUTH,
  /** HTTP 402: an {@link InsufficientCreditException}. */
  INSUFFICIENT_CREDIT,
  /** The connection broke after the request was sent: an {@link OutcomeUnknownException}. */
  OUTCOME_UNKNOWN,
  /** A success with nothing in it: a {@link NoOutputException}. */
  EMPTY_OUTPUT,
  /** The prompt or output was refused: a {@link ContentModeratedException}. */
  MODERATION,
  /** HTTP 422: an {@link InvalidRequestException}, which fails everywhere and is not failed over. */
  INVALID_REQUEST;

  /** The exception {@code provider} reports for this failure. */
  GenerationException toException(String provider, Duration retryAfter) {
    switch (this) {
      case RATE_LIMIT:
        return new RateLimitedException(provider, "rate limited (HTTP 429, scripted)", retryAfter);
      case OUTAGE:
        return new ProviderFailureException(provider, "service unavailable (HTTP 503, scripted)", 503, true, null);
      case AUTH:
        return new AuthenticationException(provider, "API key rejected (HTTP 401, scripted)");
      case INSUFFICIENT_CREDIT:
        return new InsufficientCreditException(provider, "out of credit (HTTP 402, scripted)");
      case OUTCOME_UNKNOWN:
        return new OutcomeUnknownException(provider, "connection lost after the request was sent (scripted)");
      case EMPTY_OUTPUT:
        return new NoOutputException(provider, "answered with no output (scripted)");
      case MODERATION:
        return new ContentModeratedException(provider, "content refused by the safety filter (scripted)");
      case INVALID_REQUEST:
        return new InvalidRequestException(provider, "request rejected (HTTP 422, scripted)");
      default:
        throw new AssertionError(this);
    }
  }

  /** True for failures a queue provider reports on the job rather than on the submit. */
  boolean reportedByJob() {
    return this == OUTAGE || this == EMPTY_OUTPUT || this == MODERATION;
  }
}
