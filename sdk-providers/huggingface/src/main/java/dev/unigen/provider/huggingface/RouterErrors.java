package dev.unigen.provider.huggingface;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.ProviderErrors;
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
final class RouterErrors extends ProviderErrors {
  private static final Pattern CREDIT = Pattern.compile(
      "exceeded your monthly included credits|insufficient (credits?|balance|funds)|credit balance"
          + "|out of credits|used all (available |your )?credits|purchase (pre-?paid )?credits|spend(ing)? limit");
  private static final Pattern MODERATION = Pattern.compile(
      "nsfw|safety checker|content polic|moderat|inappropriate content|flagged as (sensitive|unsafe)");

  RouterErrors(ProviderSettings settings) {
    super(settings);
  }

  /** The error for an answer with status {@code status} and body {@code body}. */
  GenerationException map(int status, String body, Headers headers) {
    String text = HttpErrors.message(body);
    String lower = text.toLowerCase(Locale.ROOT);
    if (status == 402 || CREDIT.matcher(lower).find()) {
      return new InsufficientCreditException(provider(), redact(status + " " + text));
    }
    if ((status == 400 || status == 403 || status == 422) && MODERATION.matcher(lower).find()) {
      return new ContentModeratedException(provider(), redact(status + " " + text));
    }
    if (status == 400 && lower.contains("not supported by provider")) {
      return new dev.unigen.ProviderFailureException(provider(), redact(status + " " + text), status, false, null);
    }
    return common(status, body, headers);
  }

  /**
   * The error for a job that finished without output, with the provider's own words: moderation
   * or credit when they say so, else a failure that is not retried on this provider.
   */
  GenerationException jobFailure(String what) {
    String text = what == null || what.isBlank() ? "the job failed without saying why" : what;
    String lower = text.toLowerCase(Locale.ROOT);
    if (MODERATION.matcher(lower).find()) return new ContentModeratedException(provider(), redact(text));
    if (CREDIT.matcher(lower).find()) return new InsufficientCreditException(provider(), redact(text));
    return new ProviderFailureException(provider(), redact(text), 0, false, null);
  }
}
