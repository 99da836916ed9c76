package dev.unigen.provider.google;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Gemini API's error body, {@code {"error": {"code": <http status>, "message": "...",
 * "status": "INVALID_ARGUMENT" | "PERMISSION_DENIED" | "RESOURCE_EXHAUSTED" | ..., "details":
 * [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": ...}, ...]}}}, and the
 * {@code google.rpc.Status} a failed operation ends with ({@code {"code": <gRPC code>, "message":
 * ...}}). Google's own readings go first: a key it rejects comes as a 400 whose {@code ErrorInfo}
 * reason is {@code API_KEY_INVALID}; a 400 {@code FAILED_PRECONDITION} (billing not enabled, a
 * region the API does not serve) is this account's problem, not the request's; a 429 carries its
 * wait in a {@code RetryInfo} detail. Everything else gets the common table by status, with
 * Google's status name in the message. Threadsafe.
 */
final class GoogleErrors extends ProviderErrors {
  static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
  static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
  private static final int MAX_MESSAGE = 300;

  GoogleErrors(ProviderSettings settings) {
    super(settings);
  }

  /** Google's reading of a non-2xx {@code answer}; empty when it is not Google's envelope, for the common mapping. */
  Optional<GenerationException> read(Answer answer) {
    Map<String, Object> error = Json.object(Json.lenient(answer.text()), "error");
    if (error.isEmpty()) return Optional.empty();
    int status = answer.status();
    String name = Json.string(error, "status").orElse("");
    List<Object> details = Json.array(error, "details");
    String message = status + " " + (name.isEmpty() ? "" : name + ": ") + message(error);
    if (reasons(details).contains("API_KEY_INVALID")) {
      return Optional.of(new AuthenticationException(provider(), redact(message)));
    }
    if (status == 400 && name.equals("FAILED_PRECONDITION")) {
      // Billing or region on this account: another provider may serve the same request.
      return Optional.of(new ProviderFailureException(provider(), redact(message), 400, false, null));
    }
    Duration wait = status == 429 ? retryAfter(answer.headers()).or(() -> retryDelay(details)).orElse(null) : null;
    return Optional.of(forStatus(status, message, wait));
  }

  /**
   * The error a failed operation's {@code error} (a {@code google.rpc.Status}: gRPC {@code code},
   * {@code message}) stands for: 3 (invalid argument) an invalid request, unless its message
   * speaks of Google's usage guidelines or safety, which is moderation; 7 and 16 an
   * authentication error; 8 (resource exhausted) a rate limit; anything else a failure that is not
   * retried, as the operation has ended.
   */
  GenerationException operation(String operation, Map<String, Object> error) {
    int code = Json.decimal(error, "code").map(BigDecimal::intValue).orElse(0);
    String text = message(error);
    String message = redact("operation " + operation + " failed (code " + code + "): " + text);
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("usage guidelines") || lower.contains("responsible ai") || lower.contains("safety")) {
      return new ContentModeratedException(provider(), message);
    }
    switch (code) {
      case 3:
        return new InvalidRequestException(provider(), message);
      case 7:
      case 16:
        return new AuthenticationException(provider(), message);
      case 8:
        return new RateLimitedException(provider(), message, null);
      default:
        return new ProviderFailureException(provider(), message, 0, false, null);
    }
  }

  /**
   * Why done operation {@code operation} holds no video: Google's filter withheld it, naming its
   * reasons ({@code raiMediaFilteredCount}, {@code raiMediaFilteredReasons}). Google does not charge for it.
   */
  ContentModeratedException withheld(String name, Map<String, Object> operation) {
    Map<String, Object> response = Veo.response(operation);
    String reasons = Json.array(response, "raiMediaFilteredReasons").stream().map(String::valueOf)
        .collect(Collectors.joining("; "));
    String filtered = Json.decimal(response, "raiMediaFilteredCount").map(n -> n.toPlainString() + " filtered, ").orElse("");
    return new ContentModeratedException(provider(), "operation " + name + " is done without a video (" + filtered
        + (reasons.isEmpty() ? "no reason given" : redact(reasons)) + "); Google does not charge for it");
  }

  /** The {@code ErrorInfo} reasons among {@code details}. */
  private static List<String> reasons(List<Object> details) {
    return details.stream().map(Json::object)
        .filter(d -> ERROR_INFO.equals(d.get("@type")))
        .map(d -> Json.string(d, "reason").orElse(""))
        .toList();
  }

  /**
   * The {@code retryDelay} of a {@code RetryInfo} detail, a protobuf Duration in its JSON form
   * ({@code "27s"}, {@code "3.700s"}), rounded up to whole milliseconds.
   */
  static Optional<Duration> retryDelay(List<Object> details) {
    for (Object d : details) {
      Map<String, Object> detail = Json.object(d);
      Optional<String> delay = Json.string(detail, "retryDelay").filter(s -> s.endsWith("s"));
      if (!RETRY_INFO.equals(detail.get("@type")) || delay.isEmpty()) continue;
      try {
        BigDecimal seconds = new BigDecimal(delay.get().substring(0, delay.get().length() - 1));
        long millis = seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
        if (seconds.signum() >= 0) return Optional.of(Duration.ofMillis(millis));
      } catch (NumberFormatException | ArithmeticException e) {
        // Not a Duration Google would send: the next detail, or no wait of its own.
      }
    }
    return Optional.empty();
  }

  /** {@code message}, shortened. */
  static String message(Map<String, Object> error) {
    String m = Json.text(error, "message").orElse("(no message)");
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }
}
