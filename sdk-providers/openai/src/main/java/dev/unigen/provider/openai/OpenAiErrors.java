package dev.unigen.provider.openai;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Redactor;
import dev.unigen.spi.http.RetryAfter;
import dev.unigen.provider.openai.wire.ErrorEnvelope;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;

/**
 * Turns OpenAI's error answers into Unigen's typed errors. OpenAI's own shapes come first:
 *
 * <ul>
 *   <li>{@code insufficient_quota} (HTTP 429, but not a rate limit: retrying cannot help) and
 *       {@code billing_hard_limit_reached} (HTTP 400) are {@link InsufficientCreditException};
 *   <li>{@code moderation_blocked} (GPT Image's safety system) and
 *       {@code content_policy_violation} are {@link ContentModeratedException};
 *   <li>{@code model_not_found} means this key cannot use the model (unknown, shut down, or not
 *       yet allowed): a {@link ProviderFailureException} that is not retried, so failover moves on
 *       rather than stopping as it would for an invalid request;
 *   <li>any other 429 is a {@link RateLimitedException} with {@code retry-after-ms} or
 *       {@code retry-after};
 *   <li>500 and the other statuses the official clients retry are retryable failures, and the
 *       {@code x-should-retry} header, which those clients obey, overrides the choice.
 * </ul>
 *
 * Everything else follows {@link HttpErrors#map}'s status table, with OpenAI's code kept in the
 * message. Every message passes through the redactor.
 */
final class OpenAiErrors {
  private static final Set<String> MODERATION = Set.of("moderation_blocked", "content_policy_violation");
  private static final int MAX_MESSAGE = 500;
  private static final Set<String> OUT_OF_CREDIT = Set.of("insufficient_quota", "billing_hard_limit_reached");

  private OpenAiErrors() {}

  /** The error for a non-2xx {@code answer}; used as the provider's {@code ErrorReader}, it reads every status. */
  static GenerationException map(String provider, Answer answer, Redactor redactor, Clock clock) {
    int status = answer.status();
    String body = answer.text();
    Headers headers = answer.headers();
    Optional<ErrorEnvelope> envelope = ErrorEnvelope.parse(body);
    String message = redactor.redact(status + " " + describe(envelope, body));
    Boolean shouldRetry = shouldRetry(answer);
    if (envelope.isPresent()) {
      ErrorEnvelope e = envelope.get();
      for (String code : OUT_OF_CREDIT) {
        if (e.is(code)) return new InsufficientCreditException(provider, message);
      }
      for (String code : MODERATION) {
        if (e.is(code)) return new ContentModeratedException(provider, message);
      }
      if (e.is("model_not_found")) return new ProviderFailureException(provider, message, status, false, null);
    }
    if (status == 429) return new RateLimitedException(provider, message, RetryAfter.parse(headers, clock).orElse(null));
    if (status == 408 || status >= 500) {
      return new ProviderFailureException(provider, message, status, shouldRetry == null || shouldRetry, null);
    }
    GenerationException mapped = byStatus(provider, status, message, body, headers, redactor, clock);
    if (Boolean.TRUE.equals(shouldRetry)) return new ProviderFailureException(provider, message, status, true, mapped);
    return mapped;
  }

  /** {@link HttpErrors#map}'s table, keeping OpenAI's error code in the message. */
  private static GenerationException byStatus(String provider, int status, String message, String body, Headers headers,
      Redactor redactor, Clock clock) {
    switch (status) {
      case 400: case 404: case 409: case 413: case 422:
        return new InvalidRequestException(provider, message);
      case 401: case 403:
        return new AuthenticationException(provider, message);
      case 402:
        return new InsufficientCreditException(provider, message);
      default:
        return HttpErrors.map(provider, status, body, headers, redactor, clock);
    }
  }

  /** The error for a 2xx answer that carries an {@code error} object instead of images. */
  static GenerationException inSuccess(String provider, int status, ErrorEnvelope e, Redactor redactor) {
    String message = redactor.redact(status + " " + describe(Optional.of(e), null));
    for (String code : OUT_OF_CREDIT) {
      if (e.is(code)) return new InsufficientCreditException(provider, message);
    }
    for (String code : MODERATION) {
      if (e.is(code)) return new ContentModeratedException(provider, message);
    }
    return new ProviderFailureException(provider, message, status, false, null);
  }

  /** "code: message", or the plain message of a body that is not OpenAI's envelope. */
  private static String describe(Optional<ErrorEnvelope> envelope, String body) {
    if (envelope.isEmpty()) return HttpErrors.message(body);
    ErrorEnvelope e = envelope.get();
    String label = e.code().or(e::type).orElse(null);
    String text = e.message().isBlank() ? "(no message)" : shorten(e.message().trim());
    return label == null ? text : label + ": " + text;
  }

  private static String shorten(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
  }

  private static Boolean shouldRetry(Answer answer) {
    String v = answer.header("x-should-retry").orElse("");
    if ("true".equalsIgnoreCase(v)) return Boolean.TRUE;
    if ("false".equalsIgnoreCase(v)) return Boolean.FALSE;
    return null;
  }
}
