package dev.unigen.provider.wavespeed;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.provider.wavespeed.wire.Envelope;
import dev.unigen.provider.wavespeed.wire.Prediction;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.ProviderErrors;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Headers;

/**
 * WaveSpeed's failures as Unigen's typed errors. Two layers fail:
 *
 * <ul>
 *   <li>the HTTP call: 401 (invalid key), 402 or an "insufficient balance" message (out of credit),
 *       403 (account suspended), 429, 5xx, with the envelope's {@code message} (and
 *       {@code error_code}, which WaveSpeed's CLI reads) as the message;
 *   <li>the task: HTTP 200, {@code code: 200}, {@code message: "success"}, and
 *       {@code data.status: "failed"} with {@code data.error} and {@code data.code} — 1200 content
 *       moderation, 1400/1401 missing or invalid parameter, 1402 a media URL WaveSpeed could not
 *       fetch, 1403/1405 task failed, 5000 internal error, 5003 unavailable, 5004 timeout (the
 *       documented error codes).
 * </ul>
 *
 * Every message is redacted. Stateless apart from the redactor and clock.
 */
final class Errors extends ProviderErrors {
  Errors(ProviderSettings settings) {
    super(settings);
  }

  /** {@link #submit(int, String, Headers)} as the submit's error reader. */
  Optional<GenerationException> submit(Answer answer) {
    return Optional.of(submit(answer.status(), answer.text(), answer.headers()));
  }

  /** {@link #read(int, String, Headers)} as the error reader of result reads, uploads and quotes. */
  Optional<GenerationException> read(Answer answer) {
    return Optional.of(read(answer.status(), answer.text(), answer.headers()));
  }

  /**
   * The error for an answer to a submit (a POST that creates a task). WaveSpeed's SDKs never send
   * a submit again, since the task may exist: 500, 502 and 503 fail over without a retry here, and a
   * 504 (a gateway gave up, perhaps after the task was created) is an unknown outcome.
   */
  GenerationException submit(int status, String body, Headers headers) {
    GenerationException special = special(status, body, headers);
    if (special != null) return special;
    String message = described(status, body);
    if (status == 504) {
      return new OutcomeUnknownException(provider(), message + "; the task may have been created, so it is not sent again");
    }
    if (status >= 500) return new ProviderFailureException(provider(), message, status, false, null);
    return byStatus(status, body, headers);
  }

  /**
   * The error for an answer to a result read or another idempotent call. 429 and 5xx are
   * retryable (WaveSpeed's SDKs retry result reads on 429, 500, 502, 503 and 504).
   */
  GenerationException read(int status, String body, Headers headers) {
    GenerationException special = special(status, body, headers);
    if (special != null) return special;
    if (status >= 500) return new ProviderFailureException(provider(), described(status, body), status, true, null);
    return byStatus(status, body, headers);
  }

  /**
   * {@link HttpErrors#map} for the status, with the message this class makes (it adds the
   * envelope's {@code error_code}).
   */
  private GenerationException byStatus(int status, String body, Headers headers) {
    return forStatus(status, status + " " + text(body), status == 429 ? retryAfter(headers).orElse(null) : null);
  }

  /** Out of credit and moderation, whatever the status says. */
  private GenerationException special(int status, String body, Headers headers) {
    String message = described(status, body);
    String lower = message.toLowerCase(Locale.ROOT);
    Envelope e = Envelope.lenient(body);
    if (status == 402 || (status != 401 && insufficient(lower))) return new InsufficientCreditException(provider(), message);
    int code = e.code().orElse(0);
    int taskCode = e.prediction().code().orElse(0);
    if (code == 1200 || taskCode == 1200 || moderated(lower)) return new ContentModeratedException(provider(), message);
    if (status == 429) {
      return new RateLimitedException(provider(), message, retryAfter(headers).orElse(null));
    }
    return null;
  }

  /**
   * The error of a task that ended as {@code failed} (HTTP 200 all the same), by its code, else by
   * its text.
   */
  GenerationException task(Prediction p) {
    String id = p.id().orElse("?");
    String text = p.error().orElse("the task failed without an error message");
    int code = p.code().orElse(0);
    String message = redact("task " + id + " failed" + (code != 0 ? " (code " + code + ")" : "") + ": " + text);
    String lower = text.toLowerCase(Locale.ROOT);
    switch (code) {
      case 1200:
        return new ContentModeratedException(provider(), message);
      case 1400: case 1401: case 1402:
        return new InvalidRequestException(provider(), message);
      case 1403: case 1405:
        return new ProviderFailureException(provider(), message, 0, false, null);
      case 5000: case 5003:
        return new ProviderFailureException(provider(), message, 0, true, null);
      case Prediction.SYNC_TIMEOUT:
        return new GenerationTimeoutException(provider(), message);
      default:
        if (moderated(lower)) return new ContentModeratedException(provider(), message);
        if (insufficient(lower)) return new InsufficientCreditException(provider(), message);
        return new ProviderFailureException(provider(), message, 0, false, null);
    }
  }

  /** A task WaveSpeed reports as {@code timeout}. */
  GenerationException timedOut(Prediction p) {
    return new GenerationTimeoutException(provider(), redact("task " + p.id().orElse("?") + " timed out on WaveSpeed"
        + p.error().map(e -> ": " + e).orElse("")));
  }

  /** "401 invalid authentication [code]", redacted. */
  private String described(int status, String body) {
    return redact(status + " " + text(body));
  }

  private static String text(String body) {
    Envelope e = Envelope.lenient(body);
    String text = HttpErrors.message(body);
    if (e.errorCode().isPresent()) text += " [" + e.errorCode().get() + "]";
    return text;
  }

  static boolean insufficient(String lower) {
    return (lower.contains("insufficient") && (lower.contains("balance") || lower.contains("credit") || lower.contains("fund")))
        || lower.contains("not enough balance") || lower.contains("balance is not enough")
        || lower.contains("balance not enough");
  }

  static boolean moderated(String lower) {
    return lower.contains("nsfw") || lower.contains("content moderation") || lower.contains("sensitive content")
        || lower.contains("sensitive information") || lower.contains("content policy") || lower.contains("safety check");
  }
}
