package dev.unigen.provider.fal;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.provider.fal.wire.ErrorBody;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.ProviderErrors;
import java.util.Locale;
import okhttp3.Headers;

/**
 * fal's error shapes mapped to the typed errors, its special cases first:
 *
 * <ul>
 *   <li>a 504 with {@code X-Fal-Request-Timeout-Type: user}: the caller's own start deadline
 *       ({@code X-Fal-Request-Timeout}) passed; never retried, as the official clients do;
 *   <li>model errors whose {@code detail[].type} is {@code content_policy_violation}: moderation;
 *   <li>a 403 whose detail says the account is locked for an exhausted balance: out of credit;
 *   <li>422 (and 400) model errors: the request is invalid; fal may bill a 422 that used GPU time;
 *   <li>infrastructure errors ({@code detail}, {@code error_type}, header {@code X-Fal-Error-Type}):
 *       502, 503 and 504 retryable, 500 retryable only for reads (status, result), as fal-js
 *       retries them; {@code X-Fal-Retryable} overrides when fal sends it.
 * </ul>
 *
 * <p>Everything else goes to {@link HttpErrors#map}. Messages are redacted. Threadsafe.
 */
final class FalErrors extends ProviderErrors {
  static final String CONTENT_POLICY = "content_policy_violation";

  FalErrors(ProviderSettings settings) {
    super(settings);
  }

  /** The error for an HTTP error answer; {@code read} is true for status and result reads. */
  GenerationException map(int status, String body, Headers headers, boolean read) {
    ErrorBody e = ErrorBody.parse(body);
    String type = headers.get("X-Fal-Error-Type");
    if (type == null) type = e.errorType().orElse(null);
    String message = redact(status + " " + e.message() + (type != null ? " (" + type + ")" : ""));
    if (status == 504 && "user".equalsIgnoreCase(headers.get("X-Fal-Request-Timeout-Type"))) {
      return new ProviderFailureException(provider(), message + "; the start deadline set with X-Fal-Request-Timeout"
          + " passed before a runner started, so it is not retried", 504, false, null);
    }
    if (e.types().contains(CONTENT_POLICY)) return new ContentModeratedException(provider(), message);
    if (status == 403 && outOfCredit(e.message())) return new InsufficientCreditException(provider(), message);
    if (status == 422 || status == 400) return new InvalidRequestException(provider(), message);
    if (status >= 500) {
      String retryableHeader = headers.get("X-Fal-Retryable");
      boolean retryable = status == 502 || status == 503 || status == 504 || (read && status == 500);
      if (retryableHeader != null) retryable = Boolean.parseBoolean(retryableHeader.trim());
      return new ProviderFailureException(provider(), message, status, retryable, null);
    }
    return common(status, body, headers);
  }

  /** The error a completed request carried in its status ({@code error}, {@code error_type}). */
  GenerationException completedWithError(String requestId, String error, String errorType) {
    String message = redact("fal request "+ requestId + " completed with an error: " + error
        + (errorType != null ? " (" + errorType + ")" : ""));
    if (CONTENT_POLICY.equals(errorType) || error.toLowerCase(Locale.ROOT).contains("content policy")) {
      return new ContentModeratedException(provider(), message);
    }
    // The queue gives up on a request only after its own retries: another offer may still serve it.
    return new ProviderFailureException(provider(), message, statusOf(errorType), false, null);
  }

  /** The HTTP status fal's documentation gives for an infrastructure error type, or 0. */
  static int statusOf(String errorType) {
    if (errorType == null) return 0;
    switch (errorType) {
      case "request_timeout":
      case "startup_timeout":
        return 504;
      case "runner_incomplete_response":
        return 502;
      case "runner_server_error":
      case "internal_error":
        return 500;
      case "client_disconnected":
      case "client_cancelled":
        return 499;
      case "bad_request":
        return 400;
      default:
        return errorType.startsWith("runner_") ? 503 : 0;
    }
  }

  private static boolean outOfCredit(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("exhausted balance") || m.contains("insufficient balance") || m.contains("user is locked");
  }
}
