package dev.unigen.provider.runware;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.provider.runware.wire.ApiError;
import dev.unigen.provider.runware.wire.Envelope;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.ProviderErrors;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;

/**
 * Turns Runware's error codes into Unigen's typed errors, in the order of the official SDK's
 * {@code derive_code} (runware-python errors.py): quota, rate limit, safety, authentication,
 * timeout, unknown model or task, server and provider failures, then validation. A code that fits none of them falls
 * back to the HTTP status ({@link HttpErrors#map}), or, in a 2xx answer, to {@link NoOutputException}.
 */
final class RunwareErrors extends ProviderErrors {
  private static final Set<String> SAFETY = Set.of("contentPolicyViolation", "providerContentPolicyViolation",
      "sensitiveContentDetected", "unsafeContentDetected", "nsfwContentDetected", "promptBlocked", "imageBlocked",
      "moderationFailed");
  private static final Set<String> AUTH = Set.of("unauthorized", "forbidden", "permissionDenied",
      "insufficientPermissions", "authenticationFailed", "authFailed", "authTimeout", "invalidAuthentication",
      "invalidCredentials", "missingAuthentication", "tokenExpired", "tokenInvalid", "tokenMissing", "tokenRevoked",
      "accountSuspended", "accountDisabled", "organizationSuspended", "organizationDisabled", "workspaceSuspended",
      "workspaceDisabled");
  private static final Set<String> SERVER = Set.of("internalServerError", "serviceUnavailable", "serverUnavailable",
      "standardError", "unknownError", "undefinedError", "defaultError", "unrecognizedResponse");
  private static final Set<String> PROVIDER = Set.of("inferenceError", "processingFailed", "taskFailed",
      "downloadFailed", "uploadFailed", "noAvailableServer", "modelUnavailable", "modelDisabled", "modelNotReady");
  private static final Set<String> VALIDATION = Set.of("unknownParameter", "incompatibleParameters", "validationFailed");

  RunwareErrors(ProviderSettings settings) {
    super(settings);
  }

  /**
   * Runware's reading of an error status: the first of the body's codes that has a meaning, else
   * empty, leaving the status to {@link HttpErrors#map}. A body that is not JSON has no codes.
   */
  Optional<GenerationException> forStatus(Answer answer) {
    List<ApiError> errors;
    try {
      errors = Envelope.parse(answer.text()).errors();
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
    return first(errors, answer);
  }

  /**
   * The error for a 2xx answer that carried {@code errors} and no usable result: the first error
   * whose code has a meaning, else {@link NoOutputException}.
   */
  GenerationException inSuccess(List<ApiError> errors, Answer answer) {
    return first(errors, answer).orElseGet(() ->
        new NoOutputException(provider(), redact(answer.status() + " " + describe(errors))));
  }

  private Optional<GenerationException> first(List<ApiError> errors, Answer answer) {
    for (ApiError e : errors) {
      GenerationException g = forCode(e, answer.status(), answer.headers());
      if (g != null) return Optional.of(g);
    }
    return Optional.empty();
  }

  /** The typed error that Runware's {@code code} names, or null if the code says nothing Unigen can use. */
  private GenerationException forCode(ApiError e, int status, Headers headers) {
    String code = e.code();
    String lower = code.toLowerCase(Locale.ROOT);
    String message = redact((status > 0 ? status + " " : "") + e);
    if (code.contains("Credits") || code.contains("Quota") || code.contains("Balance") || lower.startsWith("insufficientcredit")
        || code.equals("quotaExceeded") || code.equals("paymentRequired")) {
      return new InsufficientCreditException(provider(), message);
    }
    if (code.contains("RateLimit") || code.equals("rateLimitExceeded")) {
      return new RateLimitedException(provider(), message, retryAfter(headers).orElse(null));
    }
    if (SAFETY.contains(code) || lower.contains("nsfw") || lower.contains("contentpolicy")) {
      return new ContentModeratedException(provider(), message);
    }
    if (AUTH.contains(code) || code.contains("ApiKey")) {
      return new AuthenticationException(provider(), message);
    }
    if (code.contains("Timeout") || lower.startsWith("timeout")) {
      return new ProviderFailureException(provider(), message, status, true, null);
    }
    if (code.equals("unknownModel") || code.endsWith("NotFound") || code.endsWith("Expired")) {
      // A model or task Runware does not know: another provider may still serve the request.
      return new ProviderFailureException(provider(), message, status, false, null);
    }
    if (SERVER.contains(code) || PROVIDER.contains(code) || code.startsWith("provider")) {
      return new ProviderFailureException(provider(), message, status, true, null);
    }
    if (VALIDATION.contains(code) || code.startsWith("invalid") || code.startsWith("missing")
        || code.startsWith("unsupported") || code.startsWith("conflict") || code.startsWith("duplicate")
        || code.startsWith("value") || code.startsWith("array") || code.startsWith("max")) {
      return new InvalidRequestException(provider(), message);
    }
    return null;
  }

  /** The errors as one line, for messages and warnings. */
  String describe(List<ApiError> errors) {
    StringBuilder s = new StringBuilder();
    for (ApiError e : errors) {
      if (s.length() > 0) s.append("; ");
      s.append(e);
    }
    return redact(s.toString());
  }
}
