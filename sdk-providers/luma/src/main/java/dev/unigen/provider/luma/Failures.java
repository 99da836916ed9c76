package dev.unigen.provider.luma;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
import java.util.Locale;
import java.util.Map;

/**
 * The typed errors of generations that ended {@code failed}: the Luma Agents API's
 * {@code failure_code}, and the Dream Machine's {@code failure_reason} text. Every message is
 * redacted. Threadsafe.
 */
final class Failures extends ProviderErrors {
  Failures(ProviderSettings settings) {
    super(settings);
  }

  /**
   * The error a failed Agents generation ended with, by its {@code failure_code} as Luma's error
   * handling guide documents it: {@code content_moderated} a moderation refusal;
   * {@code generation_failed} and {@code output_not_found} failures worth repeating;
   * {@code budget_exhausted} out of funds; {@code image_too_large}, {@code unsupported_format},
   * {@code corrupt_input} and {@code invalid_request} a bad request; {@code rate_limited} a rate
   * limit; anything else a failure that is not repeated.
   */
  GenerationException agents(String id, Map<String, Object> generation) {
    String code = Json.text(generation, "failure_code").orElse("");
    String message = message(id, " (" + (code.isEmpty() ? "no failure_code" : code) + ")", generation);
    switch (code) {
      case "content_moderated":
        return new ContentModeratedException(provider(), message);
      case "generation_failed":
      case "output_not_found":
        // Luma marks these retryable: the same request may well succeed when sent again.
        return new ProviderFailureException(provider(), message, 0, true, null);
      case "budget_exhausted":
        return new InsufficientCreditException(provider(), message);
      case "image_too_large":
      case "unsupported_format":
      case "corrupt_input":
      case "invalid_request":
        return new InvalidRequestException(provider(), message);
      case "rate_limited":
        return new RateLimitedException(provider(), message, null);
      default:
        return new ProviderFailureException(provider(), message, 0, false, null);
    }
  }

  /**
   * The error a failed Dream Machine generation ended with, read from its {@code failure_reason},
   * the only field that says why: the moderation reasons of Luma's error list ("Contains
   * blacklisted words", "Frame moderation failed", "Advanced prompt moderation failed") are
   * moderation refusals, "Failed to read user input frames" is a bad request (an input URL Luma
   * could not fetch), and the rest ("Job failed", "Prompt processing failed", ...) failures that
   * are not repeated.
   */
  GenerationException dreamMachine(String id, Map<String, Object> generation) {
    String message = message(id, "", generation);
    String reason = Json.string(generation, "failure_reason").orElse("").toLowerCase(Locale.ROOT);
    if (reason.contains("moderation") || reason.contains("blacklisted")) {
      return new ContentModeratedException(provider(), message);
    }
    if (reason.contains("failed to read user input")) return new InvalidRequestException(provider(), message);
    return new ProviderFailureException(provider(), message, 0, false, null);
  }

  private String message(String id, String code, Map<String, Object> generation) {
    String reason = Json.text(generation, "failure_reason").map(r -> ": " + r).orElse("");
    return redact("generation " + id + " failed" + code + reason);
  }
}
