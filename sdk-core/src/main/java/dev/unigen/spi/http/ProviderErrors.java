package dev.unigen.spi.http;

import dev.unigen.GenerationException;
import dev.unigen.spi.ProviderSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Headers;

/**
 * The base of a provider's own reading of its error answers and failed jobs. It knows the
 * instance's name, redactor and clock, and gives what every reading uses: an answer's redacted
 * message, its {@code Retry-After}, and the {@link HttpErrors#map common mapping} for what the
 * provider has nothing of its own to say about. A module adds only its body parser and special
 * cases:
 *
 * <pre>{@code
 * final class AcmeErrors extends ProviderErrors {
 *   AcmeErrors(ProviderSettings settings) { super(settings); }
 *
 *   Optional<GenerationException> read(Answer answer) {
 *     if (AcmeError.parse(answer.text()).moderated()) {
 *       return Optional.of(new ContentModeratedException(provider(), message(answer)));
 *     }
 *     return Optional.empty();
 *   }
 * }
 * }</pre>
 *
 * Threadsafe.
 */
public abstract class ProviderErrors {
  private final String provider;
  private final Redactor redactor;
  private final Clock clock;

  /** Reads errors for the instance {@code settings} describe. */
  protected ProviderErrors(ProviderSettings settings) {
    this(settings.name(), settings.context().redactor(), settings.context().clock());
  }

  /** Reads errors for {@code provider}, redacting with {@code redactor} and reading dates against {@code clock}. */
  protected ProviderErrors(String provider, Redactor redactor, Clock clock) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The instance's name, which every error names. */
  public final String provider() {
    return provider;
  }

  /** {@code text} with every registered key cut out: pass all provider text through it. */
  public final String redact(String text) {
    return redactor.redact(text);
  }

  /** {@code "<status> <message>"}, redacted, with the human part of {@code body} as {@link HttpErrors#message} reads it. */
  public final String message(int status, String body) {
    return redact(status + " " + HttpErrors.message(body));
  }

  /** {@link #message(int, String)} of {@code answer}. */
  public final String message(Answer answer) {
    return message(answer.status(), answer.text());
  }

  /** The wait the headers ask for ({@link RetryAfter}), read against the generator's clock. */
  public final Optional<Duration> retryAfter(Headers headers) {
    return RetryAfter.parse(headers, clock);
  }

  /** {@link HttpErrors#map}, for the statuses the provider reads no differently. */
  public final GenerationException common(int status, String body, Headers headers) {
    return HttpErrors.map(provider, status, body, headers, redactor, clock);
  }

  /**
   * {@link HttpErrors#forStatus}: the common table for a message the provider read from its own
   * error shape (redacted here); a 429 asks to wait {@code retryAfter}, or null for no wait of its own.
   */
  public final GenerationException forStatus(int status, String message, Duration retryAfter) {
    return HttpErrors.forStatus(provider, status, redact(message), retryAfter);
  }

  /** {@link #common(int, String, Headers)} of {@code answer}. */
  public final GenerationException common(Answer answer) {
    return common(answer.status(), answer.text(), answer.headers());
  }
}
