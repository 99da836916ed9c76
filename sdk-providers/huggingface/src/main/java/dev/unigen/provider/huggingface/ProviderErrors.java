package dev.unigen.provider.huggingface;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Redactor;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Turns the router's and the partners' error answers into the typed errors. The human text is
 * read from {@code error} (a string or {@code {message}}), {@code detail} or {@code message}, as
 * the official clients read it. Running out of included credit or prepaid credit is an
 * {@link InsufficientCreditException} whatever the status; a refusal that names the safety
 * checker or NSFW content is a {@link ContentModeratedException}; the rest follows
 * {@link HttpErrors#map}. A model the route does not serve (a router 404, or a partner's 400
 * "Model not supported by provider") is a non-retryable provider failure, so failover moves on to
 * another provider's offer. Every message is redacted. Threadsafe.
 */
final class ProviderErrors {
  private static final Pattern CREDIT = Pattern.compile(
      "exceeded your monthly included credits|insufficient (credits?|balance|funds)|credit balance"
          + "|out of credits|used all (available |your )?credits|purchase (pre-?paid )?credits|spend(ing)? limit");
  private static final Pattern MODERATION = Pattern.compile(
      "nsfw|safety checker|content polic|moderat|inappropriate content|flagged as (sensitive|unsafe)");

  private final String provider;
  private final Redactor redactor;
  private final Clock clock;

  ProviderErrors(String provider, Redactor redactor, Clock clock) {
    this.provider = provider;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** The error for an answer with status {@code status} and body {@code body}. */
  GenerationException map(int status, String body, Headers headers) {
    String text = HttpErrors.message(body);
    String lower = text.toLowerCase(Locale.ROOT);
    if (status == 402 || CREDIT.matcher(lower).find()) {
      return new InsufficientCreditException(provider, redactor.redact(status + " " + text));
    }
    if ((status == 400 || status == 403 || status == 422) && MODERATION.matcher(lower).find()) {
      return new ContentModeratedException(provider, redactor.redact(status + " " + text));
    }
    if (status == 400 && lower.contains("not supported by provider")) {
      return new dev.unigen.ProviderFailureException(provider, redactor.redact(status + " " + text), status, false, null);
    }
    return HttpErrors.map(provider, status, body, headers, redactor, clock);
  }

  /**
   * The error for a job that finished without output, with the provider's own words: moderation
   * or credit when they say so, else a failure that is not retried on this provider.
   */
  GenerationException jobFailure(String what) {
    String text = what == null || what.isBlank() ? "the job failed without saying why" : what;
    String lower = text.toLowerCase(Locale.ROOT);
    if (MODERATION.matcher(lower).find()) return new ContentModeratedException(provider, redactor.redact(text));
    if (CREDIT.matcher(lower).find()) return new InsufficientCreditException(provider, redactor.redact(text));
    return new ProviderFailureException(provider, redactor.redact(text), 0, false, null);
  }

  /** True for a poll failure worth polling again: rate limits and retryable provider failures. */
  static boolean transientFailure(GenerationException e) {
    return e instanceof RateLimitedException
        || (e instanceof ProviderFailureException && ((ProviderFailureException) e).retryable());
  }
}
