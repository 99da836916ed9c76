package dev.unigen.spi.http;

import dev.unigen.AuthenticationException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;

/**
 * Maps an HTTP error status and body to the typed errors. Provider modules handle their own
 * special cases first (an {@code insufficient_quota} 429, a moderation 400, fal's user-timeout
 * 504) and call {@link #map} for the rest. Messages are redacted.
 */
public final class HttpErrors {
  private static final int MAX_MESSAGE = 500;

  private HttpErrors() {}

  /**
   * Returns the error for {@code status}: 400/409/413/422 invalid request; 401/403
   * authentication; 402 insufficient credit; 429 rate limited with its Retry-After; 408, 502, 503
   * and 504 retryable failures; 404 (a model or route this provider lacks) and any other status
   * a non-retryable failure, so failover moves on.
   */
  public static GenerationException map(String provider, int status, String body, Headers headers,
      Redactor redactor, Clock clock) {
    String message = redactor.redact(status + " " + message(body));
    return forStatus(provider, status, message, status == 429 ? RetryAfter.parse(headers, clock).orElse(null) : null);
  }

  /**
   * {@link #map}'s table for a {@code message} the provider read from its own error shape and
   * redacted; a 429 asks to wait {@code retryAfter}, or leaves the wait to the generator when null.
   */
  public static GenerationException forStatus(String provider, int status, String message, Duration retryAfter) {
    switch (status) {
      case 400: case 409: case 413: case 422:
        return new InvalidRequestException(provider, message);
      case 404:
        // A model or route this provider does not have: another provider may well have it.
        return new ProviderFailureException(provider, message, status, false, null);
      case 401: case 403:
        return new AuthenticationException(provider, message);
      case 402:
        return new InsufficientCreditException(provider, message);
      case 429:
        return new RateLimitedException(provider, message, retryAfter);
      case 408: case 502: case 503: case 504:
        return new ProviderFailureException(provider, message, status, true, null);
      default:
        return new ProviderFailureException(provider, message, status, false, null);
    }
  }

  /**
   * The human part of an error body: {@code error.message}, {@code error} as a string,
   * {@code detail} (a string or the first {@code msg} of a validation list), {@code message},
   * {@code title}, or the first of {@code errors}; else the text itself, shortened.
   */
  public static String message(String body) {
    if (body == null || body.isBlank()) return "(no body)";
    try {
      Map<String, Object> o = Json.object(Json.parse(body));
      Object error = o.get("error");
      if (error instanceof Map) {
        String m = Json.string(Json.object(error), "message").orElse(null);
        if (m != null) return shorten(m);
      }
      if (error instanceof String) return shorten((String) error);
      Object detail = o.get("detail");
      if (detail instanceof String) return shorten((String) detail);
      List<Object> details = Json.array(detail);
      if (!details.isEmpty()) {
        Map<String, Object> first = Json.object(details.get(0));
        String msg = Json.string(first, "msg").orElse(String.valueOf(details.get(0)));
        List<Object> loc = Json.array(first, "loc");
        return shorten(loc.isEmpty() ? msg : loc + ": " + msg);
      }
      for (String key : new String[] {"message", "title"}) {
        if (o.get(key) instanceof String) return shorten((String) o.get(key));
      }
      List<Object> errors = Json.array(o, "errors");
      if (!errors.isEmpty()) {
        Object first = errors.get(0);
        if (first instanceof String) return shorten((String) first);
        String m = Json.string(Json.object(first), "message").orElse(null);
        if (m != null) return shorten(m);
      }
    } catch (IllegalArgumentException notJson) {
      // plain text or HTML
    }
    return shorten(body.trim());
  }

  private static String shorten(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
  }
}
