package dev.unigen.provider.together;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Redactor;
import dev.unigen.spi.protocol.TogetherImages;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns Together's answers into typed errors. Its own cases come first, then
 * {@link HttpErrors#map} for the rest:
 *
 * <ul>
 *   <li>422: the images docs say the safety checker answers 422 when it finds NSFW content, so a
 *       422 is {@link ContentModeratedException}; so is any error whose text names the safety
 *       checker or NSFW content.
 *   <li>402 (spending limit reached or credits run out), any other 4xx whose text is about
 *       credits, balance or spend limits (Together refuses image models on an empty balance and
 *       gates some behind a paid tier with "purchase credits"), and a 429 whose text says the
 *       account is out of credit or over its spend limit: {@link InsufficientCreditException}.
 *   <li>404 (the endpoint or model name is unknown, as when Together withdraws a model): a
 *       non-retryable {@link ProviderFailureException}, so failover moves on to another
 *       provider of the same model instead of giving up as for an invalid request.
 * </ul>
 *
 * Every message passes through the redactor.
 */
final class TogetherErrors {
  private TogetherErrors() {}

  /** Together's own reading of an error status; empty leaves it to the common mapping. */
  static Optional<GenerationException> forStatus(String provider, Answer answer, Redactor redactor) {
    String body = answer.text();
    int status = answer.status();
    Optional<TogetherImages.Error> error = TogetherImages.Error.parse(body);
    String text = error.map(TogetherErrors::words).orElse(body.toLowerCase(Locale.ROOT));
    String message = redactor.redact(status + " " + HttpErrors.message(body));
    if (status == 422 || isModeration(text)) return Optional.of(new ContentModeratedException(provider, message));
    boolean credit = status == 429 ? isOutOfCredit(text) : isCredit(text);
    if (status == 402 || (status < 500 && credit)) return Optional.of(new InsufficientCreditException(provider, message));
    return Optional.empty();
  }

  /** An error envelope inside an HTTP 200: Together answered but made nothing. */
  static GenerationException inSuccess(String provider, TogetherImages.Error error, Redactor redactor) {
    String text = words(error);
    String message = redactor.redact("200 with error: " + error.message());
    if (isModeration(text)) return new ContentModeratedException(provider, message);
    if (isOutOfCredit(text)) return new InsufficientCreditException(provider, message);
    return new NoOutputException(provider, message);
  }

  private static String words(TogetherImages.Error e) {
    return (e.message() + " " + e.type().orElse("") + " " + e.code().orElse("")).toLowerCase(Locale.ROOT);
  }

  static boolean isModeration(String text) {
    return text.contains("nsfw") || text.contains("safety checker") || text.contains("safety_checker")
        || text.contains("content policy") || text.contains("moderation");
  }

  /** Any mention of credits or a spend limit: enough for a 4xx other than 429. */
  static boolean isCredit(String text) {
    return text.contains("credit") || isOutOfCredit(text);
  }

  /** Phrases that only an exhausted account produces: enough even for a 429, which is otherwise a rate limit. */
  static boolean isOutOfCredit(String text) {
    return text.contains("spend limit") || text.contains("spending limit") || text.contains("credit limit")
        || text.contains("insufficient balance") || text.contains("insufficient credit") || text.contains("insufficient_quota")
        || text.contains("out of credit") || text.contains("negative balance") || text.contains("zero balance")
        || text.contains("payment required");
  }
}
