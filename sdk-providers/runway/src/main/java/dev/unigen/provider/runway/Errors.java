package dev.unigen.provider.runway;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runway's errors: HTTP answers ({@code {error, issues?}}, mapped by status as Runway's error
 * matrix documents, with an out-of-credit 400 read apart) and the {@code failureCode} of a task
 * that ended {@code FAILED}. Every message is redacted. Threadsafe.
 */
final class Errors extends ProviderErrors {
  Errors(ProviderSettings settings) {
    super(settings);
  }

  /**
   * Runway's own readings of an error answer: a 400 saying the organization has not enough credits
   * is out of credit, not a bad request (another account or provider can serve it). Every other
   * answer gets the common mapping: 400 a bad input, 401 a rejected key, 404 and 405 failures that
   * are not repeated, 429 a rate limit or the daily generation cap, 502, 503 and 504 load shedding
   * worth repeating.
   */
  Optional<GenerationException> read(Answer answer) {
    String message = message(answer);
    if (answer.status() == 400 && message.toLowerCase(Locale.ROOT).contains("enough credits")) {
      return Optional.of(new InsufficientCreditException(provider(), message));
    }
    return Optional.empty();
  }

  /**
   * The error a {@code FAILED} task ended with, by its {@code failureCode} as Runway's task-failure
   * guide documents it: {@code SAFETY.*} and {@code INPUT_PREPROCESSING.SAFETY.*} a moderation
   * refusal (not to be retried; the input ones are not refunded); {@code ASSET.INVALID} a bad input;
   * {@code INTERNAL.BAD_OUTPUT.*} an output Runway rejected, which a retry is unlikely to fix;
   * {@code INPUT_PREPROCESSING.INTERNAL} and {@code INTERNAL} failures worth repeating; anything
   * else a failure that is not repeated.
   */
  GenerationException task(String id, Map<String, Object> task) {
    String code = Json.text(task, "failureCode").orElse("");
    String message = redact("task " + id + " failed (" + (code.isEmpty() ? "no failureCode" : code) + ")"
        + Json.text(task, "failure").map(f -> ": " + f).orElse(""));
    if (code.startsWith("SAFETY.") || code.startsWith("INPUT_PREPROCESSING.SAFETY")) {
      return new ContentModeratedException(provider(), message);
    }
    if (code.startsWith("ASSET.")) return new InvalidRequestException(provider(), message);
    boolean retryable = code.equals("INTERNAL") || code.equals("INPUT_PREPROCESSING.INTERNAL");
    return new ProviderFailureException(provider(), message, 0, retryable, null);
  }
}
